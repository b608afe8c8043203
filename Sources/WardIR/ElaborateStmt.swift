import WardSyntax

extension Elaborator {
    mutating func block(_ stmts: [StmtSyntax], scope: Scope) throws(DiagnosticError) -> [Stmt] {
        var scope = scope
        var out: [Stmt] = []
        for s in stmts { out += try statement(s, scope: &scope) }
        return out
    }

    mutating func statement(_ s: StmtSyntax, scope: inout Scope) throws(DiagnosticError) -> [Stmt] {
        try count(1, at: Self.location(of: s))
        switch s {
        case .letBinding(let n, let e, let loc):
            if let v = fold(e, scope) { scope.names[n] = .integer(v); return [] }
            let value = try expr(e, expected: nil, scope: scope)
            guard value.type.isScalar else {
                throw fail("'let' binds scalar values; index the map instead (a map cannot be copied)", at: loc)
            }
            let slot = nextLocal
            nextLocal += 1
            scope.names[n] = .local(slot, value.type)
            return [.bind(slot, value)]
        case .assign(let target, let value, let loc):
            let (lv, type) = try lvalue(target, scope: scope, at: loc)
            let v = try expr(value, expected: type, scope: scope)
            if let (place, first) = initWrites?.record(lv, v, field: fields[lv.field].name, at: loc) {
                throw fail("'init' sets \(place) twice, to \(first.value) and to \(Self.constantText(v))", at: loc,
                           notes: ["first set at \(first.location): a place holds one initial value (e.g. one owner, one assignment)"])
            }
            return [.assign(lv, v)]
        case .ifElse(let c, let t, let e, _):
            let cond = try expr(c, expected: .bool, scope: scope)
            // Writes under a condition may override unconditional ones: not compared.
            let saved = initWrites
            initWrites = nil
            defer { initWrites = saved }
            let (yes, no) = (try block(t, scope: scope), try block(e ?? [], scope: scope))
            // A constant condition (see Fold.swift) keeps only the branch taken; both are checked.
            if let v = cond.constantValue { return v != 0 ? yes : no }
            return [.ifElse(cond, yes, no)]
        case .forLoop(let n, let range, let body, let loc):
            var out: [Stmt] = []
            switch range {
            case .numeric(let loE, let hiE):
                guard let lo = fold(loE, scope), let hi = fold(hiE, scope) else {
                    throw fail("loop bounds must be constants", at: loc)
                }
                guard hi >= lo else { throw fail("loop range \(lo)..\(hi) is empty", at: loc) }
                guard hi - lo <= UInt64(Self.maxUnroll) else { throw fail("loops are unrolled; at most \(Self.maxUnroll) iterations", at: loc) }
                for k in lo..<hi {
                    var inner = scope
                    inner.names[n] = .integer(k)
                    out += try block(body, scope: inner)
                }
            case .type(let ts):
                let t = try resolveType(ts)
                if case .enumeration(let e) = t, e.unbounded {
                    throw fail("'for' unrolls over the named values of '\(e.name)', which is unbounded (it may hold more values)", at: loc,
                               notes: ["update every value at once with 'forall x: \(e.name) { m[x] = ... }', or use a quantifier"])
                }
                guard t.isScalar, let card = t.cardinality, card <= UInt64(Self.maxUnroll) else {
                    throw fail("loops are unrolled; the type must have at most \(Self.maxUnroll) values", at: loc)
                }
                for k in 0..<card {
                    var inner = scope
                    inner.names[n] = .value(.constant(k, t))
                    out += try block(body, scope: inner)
                }
            }
            return out
        case .trap(let kind, _):
            if let i = trapKinds.firstIndex(of: kind) { return [.trap(i)] }
            trapKinds.append(kind)
            return [.trap(trapKinds.count - 1)]
        case .require(let e, _):
            return Self.requires(try expr(e, expected: .bool, scope: scope))
        case .policyOperation(let op, let loc):
            return try policyOperation(op, scope: scope, at: loc)
        case .parallel(let n, let ts, let cond, let body, let loc):
            let t = try resolveType(ts)
            guard t.isScalar else {
                throw fail("a forall update ranges over a scalar type (bool, bits<N>, an enum or a set), not \(t)", at: ts.location)
            }
            let slot = nextLocal
            nextLocal += 1
            var inner = scope
            inner.names[n] = .local(slot, t)
            let c = try cond.map { e throws(DiagnosticError) in try expr(e, expected: .bool, scope: inner) }
            var written = Set<Int>()
            return try parallelBody(body, binder: Binder(local: slot, domain: t), name: n, cond: c, scope: inner,
                                    written: &written, at: loc)
        }
    }

    static func constantText(_ e: Expr) -> String {
        if case .constant(let v) = e.kind { return "\(v)" }
        return "another value"
    }

    /// The body of `forall p: T [when c] { ... }`: assignments (each indexing a map by `p`) under
    /// `if`s, lowered to parallel assignments whose values carry their conditions as `if`-`then`-`else`.
    mutating func parallelBody(_ stmts: [StmtSyntax], binder: Binder, name: String, cond: Expr?, scope: Scope,
                               written: inout Set<Int>, at loc: SourceLocation) throws(DiagnosticError) -> [Stmt] {
        var out: [Stmt] = []
        func checkReads(_ e: Expr, at l: SourceLocation) throws(DiagnosticError) {
            if let f = Footprint(e).reads.intersection(written).min() {
                throw fail("this reads '\(fields[f].name)', which the forall update already assigned; "
                           + "the update is simultaneous, so compute every value from the fields before it", at: l)
            }
        }
        for s in stmts {
            switch s {
            case .assign(let target, let value, let aloc):
                var (lv, type) = try lvalue(target, scope: scope, at: aloc)
                guard let position = lv.keys.firstIndex(where: { if case .local(let l) = $0.kind { l == binder.local } else { false } }) else {
                    throw fail("an assignment in 'forall \(name)' must index a map by '\(name)' (as in 'm[\(name)] = e')", at: aloc)
                }
                if lv.keys[..<position].contains(where: { $0.mentions(local: binder.local) }) {
                    throw fail("the keys before '\(name)' must not depend on '\(name)', so each value of '\(name)' names a different place",
                               at: aloc)
                }
                var v = try expr(value, expected: type, scope: scope)
                for k in lv.keys { try checkReads(k, at: aloc) }
                try checkReads(v, at: aloc)
                if let c = cond { try checkReads(c, at: aloc) }
                if let c = cond {
                    var old = Expr(.field(lv.field), fields[lv.field].type)
                    for k in lv.keys {
                        guard case .map(_, let vt) = old.type else { break }
                        old = Expr(.index(old, k), vt)
                    }
                    v = Expr(.ite(c, v, old), type)   // reads the place itself: the latest value
                }
                lv.forEach = binder
                written.insert(lv.field)
                out.append(.assign(lv, v))
            case .ifElse(let c, let t, let e, let iloc):
                let test = try expr(c, expected: .bool, scope: scope)
                try checkReads(test, at: iloc)
                let yes = cond.map { Expr(.binary(.and, $0, test), .bool) } ?? test
                let notTest = Expr(.unary(.not, test), .bool)
                let no = cond.map { Expr(.binary(.and, $0, notTest), .bool) } ?? notTest
                out += try parallelBody(t, binder: binder, name: name, cond: yes, scope: scope, written: &written, at: iloc)
                out += try parallelBody(e ?? [], binder: binder, name: name, cond: no, scope: scope, written: &written, at: iloc)
            default:
                throw fail("a forall update holds assignments and if statements only", at: Self.location(of: s),
                           notes: ["use a fn for a shared subexpression"])
            }
        }
        return out
    }

    /// `require a && b` as `require a; require b`: the same enabledness, and the concrete engine
    /// stops at the first condition that fails.
    static func requires(_ e: Expr) -> [Stmt] {
        if case .binary(.and, let a, let b) = e.kind { return requires(a) + requires(b) }
        return [.require(e)]
    }

    /// Mutating: a key may bind quantifier locals (`m[(exists q: T :: e)] = v`), whose slots must
    /// count towards the action's locals, like every other expression's.
    mutating func lvalue(_ target: ExprSyntax, scope: Scope, at loc: SourceLocation) throws(DiagnosticError) -> (LValue, IRType) {
        var keys: [ExprSyntax] = []
        var root = target
        while case .index(let b, let k) = root.kind { keys.insert(k, at: 0); root = b }
        guard case .name(let n) = root.kind else {
            if case .slice = root.kind { throw fail("assign the whole bit-vector; bit slices cannot be assigned", at: loc) }
            throw fail("the left of '=' must be a state field or a map element", at: target.location)
        }
        if let b = scope.names[n] {
            switch b {
            case .param: throw fail("cannot assign to parameter '\(n)'", at: loc)
            default: throw fail("'\(n)' is a let-bound name and cannot be assigned", at: loc)
            }
        }
        guard let f = fieldIndex[n] else {
            if constants[n] != nil { throw fail("cannot assign to constant '\(n)'", at: loc) }
            throw fail("unknown field '\(n)'", at: root.location, notes: Self.suggestion(n, Array(fieldIndex.keys)))
        }
        var type = fields[f].type
        var irKeys: [Expr] = []
        for k in keys {
            guard case .map(let kt, let vt) = type else { throw fail("'\(n)' has no element to index at this depth", at: k.location) }
            irKeys.append(try expr(k, expected: kt, scope: scope))
            type = vt
        }
        guard type.isScalar else { throw fail("cannot assign a whole map; assign its elements", at: loc) }
        return (LValue(field: f, keys: irKeys), type)
    }
}
