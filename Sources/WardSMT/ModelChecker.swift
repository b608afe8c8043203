import Foundation
import WardConcrete
import WardIR
import WardSolver

public struct SMTOptions: Sendable {
    /// BMC depth and the largest k tried for k-induction.
    public var maxDepth: Int
    public var timeoutMilliseconds: UInt32?
    public var rlimit: UInt64?
    /// Indices into `Model.checkedProperties`; nil checks them all.
    public var properties: [Int]?
    public init(maxDepth: Int = 12, timeoutMilliseconds: UInt32? = 30_000, rlimit: UInt64? = nil, properties: [Int]? = nil) {
        self.maxDepth = maxDepth; self.timeoutMilliseconds = timeoutMilliseconds; self.rlimit = rlimit
        self.properties = properties
    }
}

public enum ProofKind: Sendable, Equatable, CustomStringConvertible {
    /// The properties (alone, or strengthened by all the model's claims) are k-inductive.
    case induction(k: Int, strengthened: Bool)
    public var description: String {
        switch self {
        case .induction(let k, let s):
            (k == 1 ? "inductive invariant" : "\(k)-induction") + (s ? " (strengthened by the model's other invariants)" : "")
        }
    }
}

public enum SMTVerdict: Sendable {
    case proved(ProofKind)
    case holdsUpTo(Int)
    case violated(Trace)
    case unknown(String)
}

/// One discharged query, kept so it can be exported and re-checked by another solver.
public struct DischargedQuery: Sendable {
    public var name: String
    public var script: String
    public var status: String   // sat, unsat or unknown
}

public struct SMTResult: Sendable {
    public var verdict: SMTVerdict
    public var queries: Int
    public var seconds: Double
    public var exported: [DischargedQuery]
}

/// Bounded model checking (shortest counterexample, the least one in the explorer's order) and
/// unbounded proof by k-induction, over the same IR the explorer runs.
public final class ModelChecker {
    let model: Model
    let options: SMTOptions
    let exportQueries: Bool
    var queries = 0
    var exported: [DischargedQuery] = []

    public init(model: Model, options: SMTOptions = SMTOptions(), exportQueries: Bool = false) {
        self.model = model; self.options = options; self.exportQueries = exportQueries
    }

    public func run() -> SMTResult {
        let start = Date()
        let verdict: SMTVerdict
        do {
            verdict = try check()
        } catch let e as Z3Error {
            verdict = .unknown("solver error: \(e.message)")
        } catch {
            verdict = .unknown("\(error)")
        }
        return SMTResult(verdict: verdict, queries: queries, seconds: Date().timeIntervalSince(start), exported: exported)
    }

    func solve(_ solver: Z3Solver, _ name: String) throws -> SatResult {
        queries += 1
        let r = try solver.check()
        if exportQueries {
            let status: String
            switch r { case .sat: status = "sat"; case .unsat: status = "unsat"; case .unknown: status = "unknown" }
            exported.append(DischargedQuery(name: String(format: "%04d-", queries) + name, script: try solver.smtlib2(status: status), status: status))
        }
        return r
    }

    struct Undecided: Error { let reason: String }

    func decide(_ r: SatResult) throws -> Bool {
        switch r {
        case .sat: return true
        case .unsat: return false
        case .unknown(let reason): throw Undecided(reason: reason)
        }
    }

    func check() throws -> SMTVerdict {
        let selected = options.properties ?? Array(model.checkedProperties.indices)
        if selected.isEmpty { return .proved(.induction(k: 0, strengthened: false)) }
        let z3 = try Z3Context()
        let encoder = Encoder(z3: z3, model: model)
        let base = Unrolling(encoder: encoder)
        let bmc = try Z3Solver(z3, timeoutMilliseconds: options.timeoutMilliseconds, rlimit: options.rlimit)
        try bmc.assert(try base.initialState())
        do {
            for k in 0...options.maxDepth {
                if k > 0 { try bmc.assert(try base.addStep()) }
                try bmc.push()
                try bmc.assert(try z3.not(try base.properties(selected, at: k)))
                if try decide(try solve(bmc, "\(model.name)-base-\(k)")) {
                    let trace = try minimalTrace(bmc, base, selected)
                    return .violated(trace)
                }
                try bmc.pop()
                if let proof = try induction(k: k + 1, selected, encoder) { return .proved(proof) }
            }
        } catch let u as Undecided {
            return .unknown("solver gave up: \(u.reason)")
        }
        return .holdsUpTo(options.maxDepth)
    }

    /// Is the property k-inductive (optionally strengthened by every claim of the model)?
    func induction(k: Int, _ selected: [Int], _ encoder: Encoder) throws -> ProofKind? {
        let all = Array(model.checkedProperties.indices)
        let variants: [([Int], Bool)] = k == 1 && all.count > selected.count ? [(selected, false), (all, true)] : [(selected, false)]
        for (claims, strengthened) in variants {
            let z3 = encoder.z3
            let unrolling = Unrolling(encoder: encoder)
            let solver = try Z3Solver(z3, timeoutMilliseconds: options.timeoutMilliseconds, rlimit: options.rlimit)
            let (s0, wf) = try unrolling.arbitraryState("ind\(k)")
            unrolling.start(at: s0)
            try solver.assert(wf)
            for i in 0..<k {
                try solver.assert(try unrolling.properties(claims, at: i))
                try solver.assert(try unrolling.addStep())
            }
            if k > 1 {
                // Simple paths only: makes k-induction complete on finite state spaces.
                for i in 0...k { for j in (i + 1)...k where j <= k {
                    let differ = try zip(unrolling.states[i], unrolling.states[j]).map { try z3.not(try z3.eq($0, $1)) }
                    try solver.assert(try z3.or(differ))
                } }
            }
            try solver.assert(try z3.not(try unrolling.properties(selected, at: k)))
            if try !decide(try solve(solver, "\(model.name)-step-\(k)\(strengthened ? "-strengthened" : "")")) {
                return .induction(k: k, strengthened: strengthened)
            }
        }
        return nil
    }

    /// Lexicographically least violating execution of the current length: free initial slots in
    /// layout order, then per step the action and its parameters — the explorer's BFS order.
    func minimalTrace(_ solver: Z3Solver, _ u: Unrolling, _ selected: [Int]) throws -> Trace {
        let layout = try StateLayout(model)
        for (field, term) in u.freeInitial {
            for slotTerm in try slotTerms(term, model.fields[field].type, layout) { try minimize(slotTerm, solver) }
        }
        var labels: [Label] = []
        for k in u.choices.indices {
            try minimize(u.choices[k], solver)
            let action = Int(try solver.model().uint64(u.choices[k]))
            var values: [UInt64] = []
            for p in u.params[k][action] {
                try minimize(p, solver)
                values.append(try value(p, try solver.model()))
            }
            labels.append(Label(action: action, params: values))
        }
        let m = try solver.model()
        func concrete(_ state: [Z3Term]) throws -> [UInt64] {
            var slots: [UInt64] = []
            for (f, field) in model.fields.enumerated() {
                for t in try slotTerms(state[f], field.type, layout) { slots.append(try value(t, m)) }
            }
            return slots
        }
        let finalState = u.states.last!
        var violated = selected[0]
        for p in selected where try !m.bool(try u.property(p, on: finalState)) { violated = p; break }
        return Trace(initial: try concrete(u.states[0]),
                     steps: try zip(labels, u.states.dropFirst()).map { TraceStep(label: $0, state: try concrete($1)) },
                     property: violated)
    }

    func value(_ t: Z3Term, _ m: Z3Model) throws -> UInt64 {
        t.sort.bvWidth == nil ? (try m.bool(t) ? 1 : 0) : try m.uint64(t)
    }

    /// Terms for every slot of a field, in layout order (maps: one select chain per element).
    func slotTerms(_ t: Z3Term, _ type: IRType, _ layout: StateLayout) throws -> [Z3Term] {
        guard case .map(let k, let v) = type else { return [t] }
        let encoder = Encoder(z3: t.context, model: model)
        var out: [Z3Term] = []
        for key in 0..<(k.cardinality ?? 0) {
            out += try slotTerms(try t.context.select(t, try encoder.constant(key, k)), v, layout)
        }
        return out
    }

    /// Pins `t` to its least value consistent with the assertions (binary search on the bound).
    func minimize(_ t: Z3Term, _ solver: Z3Solver) throws {
        let z3 = t.context
        var hi = try value(t, try solver.model())
        var lo: UInt64 = 0
        let isBool = t.sort.bvWidth == nil
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            try solver.push()
            let bound = isBool ? try z3.not(t) : try z3.bvule(t, try z3.bv(mid, width: t.sort.bvWidth!))
            try solver.assert(bound)
            let sat = try decide(try solve(solver, "\(model.name)-minimize"))
            if sat { hi = try value(t, try solver.model()) }
            try solver.pop()
            if !sat { lo = mid + 1 }
        }
        try solver.assert(try z3.eq(t, isBool ? z3.bool(hi != 0) : try z3.bv(hi, width: t.sort.bvWidth!)))
        _ = try decide(try solve(solver, "\(model.name)-minimize"))
    }
}
