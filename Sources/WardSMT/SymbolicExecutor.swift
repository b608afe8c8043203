import WardIR
import WardSolver

/// The symbolic effect of running a statement list: enabledness, trap, and the state after
/// (equal to the state before when the action traps, as in the concrete engine). `trapped`,
/// `trapKind` and `post` are meaningful only where `enabled` holds.
public struct SymbolicEffect {
    public var enabled: Z3Term
    public var trapped: Z3Term
    /// Index of the trap kind taken (meaningful when `trapped`), as a 16-bit vector.
    public var trapKind: Z3Term
    public var post: [Z3Term]
}

/// Executes IR statements over Z3 terms. Both branches of an `if` run on one state with every
/// write guarded by its path condition, so no state merging is needed.
public struct SymbolicExecutor {
    public let encoder: Encoder
    var z3: Z3Context { encoder.z3 }

    public init(encoder: Encoder) { self.encoder = encoder }

    struct Run {
        var env: Encoder.Environment
        var trapped: Z3Term
        var disabled: Z3Term
        var trapKind: Z3Term
    }

    public func execute(_ stmts: [Stmt], state: [Z3Term], params: [Z3Term] = []) throws -> SymbolicEffect {
        var run = Run(env: Encoder.Environment(state: state, params: params), trapped: z3.bool(false),
                      disabled: z3.bool(false), trapKind: try z3.bv(0, width: 16))
        try execute(stmts, pc: z3.bool(true), &run)
        var post: [Z3Term] = []
        for (before, after) in zip(state, run.env.state) {
            post.append(before === after ? after : try z3.ite(run.trapped, before, after))
        }
        return SymbolicEffect(enabled: try z3.not(run.disabled), trapped: run.trapped, trapKind: run.trapKind, post: post)
    }

    /// Whether a statement on path `pc` runs: the path is taken and no trap came first. A failed
    /// `require` is not part of it: the outcome of a disabled execution is unspecified (every user
    /// conjoins `enabled`), which keeps a quantified guard out of the terms of the post-state.
    private func live(_ pc: Z3Term, _ run: Run) throws -> Z3Term {
        try z3.and([pc, try z3.not(run.trapped)])
    }

    private func execute(_ stmts: [Stmt], pc: Z3Term, _ run: inout Run) throws {
        for s in stmts {
            switch s {
            case .assign(let lv, let value) where lv.forEach != nil:
                let old = run.env.state[lv.field]
                let new = try parallel(lv, value, lv.forEach!, old, run.env)
                run.env.state[lv.field] = try z3.ite(try live(pc, run), new, old)
            case .assign(let lv, let value):
                let v = try encoder.encode(value, run.env)
                let keys = try lv.keys.map { try encoder.encode($0, run.env) }
                let old = run.env.state[lv.field]
                let new = try store(old, keys[...], v)
                run.env.state[lv.field] = try z3.ite(try live(pc, run), new, old)
            case .bind(let slot, let value):
                run.env.locals[slot] = try encoder.encode(value, run.env)
            case .ifElse(let c, let t, let e):
                let cond = try encoder.encode(c, run.env)
                try execute(t, pc: try z3.and([pc, cond]), &run)
                try execute(e, pc: try z3.and([pc, try z3.not(cond)]), &run)
            case .trap(let k):
                let now = try live(pc, run)
                run.trapKind = try z3.ite(now, try z3.bv(UInt64(k), width: 16), run.trapKind)
                run.trapped = try z3.or([run.trapped, now])
            case .require(let c):
                let ok = try encoder.encode(c, run.env)
                run.disabled = try z3.or([run.disabled, try z3.and([try live(pc, run), try z3.not(ok)])])
            }
        }
    }

    /// `forall p: T { m[k..][p][k'..] = e }`: the map below the keys before `p` becomes
    /// `lambda p. store(m[k..][p], k'.., e)` (small domains: one store per value, no lambda).
    private func parallel(_ lv: LValue, _ value: Expr, _ binder: Binder, _ old: Z3Term,
                          _ env: Encoder.Environment) throws -> Z3Term {
        guard let position = lv.boundKeyPosition else {
            throw Z3Error(code: -1, message: "parallel assignment without its bound key")
        }
        let prefix = try lv.keys[..<position].map { try encoder.encode($0, env) }
        var inner = old
        for k in prefix { inner = try encoder.read(inner, k) }
        func element(_ q: Z3Term) throws -> Z3Term {
            var e = env
            e.locals[binder.local] = q
            let suffix = try lv.keys[(position + 1)...].map { try encoder.encode($0, e) }
            return try store(try encoder.read(inner, q), suffix[...], try encoder.encode(value, e))
        }
        var updated: Z3Term
        if let card = encoder.finiteCardinality(binder.domain), card <= 64 {
            updated = inner
            for v in 0..<card {
                let q = try encoder.constant(v, binder.domain)
                updated = try z3.store(updated, q, try element(q))
            }
        } else {
            let q = try z3.fresh("u", try encoder.sort(binder.domain))
            var body = try element(q)
            if Encoder.needsRange(binder.domain) {
                body = try z3.ite(try encoder.wellFormed(q, binder.domain), body, try encoder.read(inner, q))
            }
            updated = try z3.lambda([q], body)
        }
        return try store(old, prefix[...], updated)
    }

    /// `m[k0][k1]... = v` as nested stores.
    private func store(_ base: Z3Term, _ keys: ArraySlice<Z3Term>, _ v: Z3Term) throws -> Z3Term {
        guard let k = keys.first else { return v }
        return try z3.store(base, k, try store(try encoder.read(base, k), keys.dropFirst(), v))
    }
}
