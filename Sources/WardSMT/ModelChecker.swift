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
    /// The same, with the model's unbounded enums as uninterpreted sorts (Encoder's parametric
    /// mode): the claims are inductive for any number of values of `sorts`. `anyInitial`: the
    /// initial states of every such universe satisfy them too (else the model's own initial
    /// states were checked, by BMC at depth 0): it holds for any number of values.
    case parametric(k: Int, strengthened: Bool, sorts: [String], anyInitial: Bool)
    /// An induction over the bundled values only, in a model that declares unbounded sorts (the
    /// parametric attempt failed): it holds for the sizes in `sizes` ("Subject: 4").
    case bundled(k: Int, strengthened: Bool, sizes: [String])
    public var description: String {
        switch self {
        case .induction(let k, let s):
            Self.text(k, s)
        case .parametric(let k, let s, let sorts, let anyInitial):
            Self.text(k, s) + (anyInitial ? ", parametric: any number of " + sorts.joined(separator: " and ") + " values"
                : ", parametric: inductive for any number of " + sorts.joined(separator: " and ")
                    + " values, initial states checked for the bundled sizes")
        case .bundled(let k, let s, let sizes):
            Self.text(k, s) + ", for the bundled sizes (" + sizes.joined(separator: ", ") + "); not parametric"
        }
    }
    static func text(_ k: Int, _ s: Bool) -> String {
        (k == 1 ? "inductive invariant" : "\(k)-induction") + (s ? " (strengthened by the model's other invariants)" : "")
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
    public init(name: String, script: String, status: String) { self.name = name; self.script = script; self.status = status }
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
    var options: SMTOptions
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
        let t0 = Date()
        let r = try solver.check()
        if ProcessInfo.processInfo.environment["WARD_TRACE_QUERIES"] != nil { FileHandle.standardError.write("TRACE \(name) \(r) \(Date().timeIntervalSince(t0))\n".data(using: .utf8)!) }
        if exportQueries {
            let status: String
            switch r { case .sat: status = "sat"; case .unsat: status = "unsat"; case .unknown: status = "unknown" }
            exported.append(DischargedQuery(name: String(format: "%04d-", queries) + name, script: try solver.smtlib2(status: status), status: status))
        }
        return r
    }

    struct Undecided: Error {
        let reason: String
        /// Z3 ran out of time: the same query may be decided with more.
        var isTimeout: Bool { reason == "timeout" }
    }

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
        // One fresh solver per depth rather than push/pop: Z3 preprocesses a fresh query (solving
        // equations, bit-blasting), which an incremental solver skips, and these queries are far
        // easier preprocessed.
        var unrolled = [try base.initialState()]
        let open = model.enums.contains(where: \.unbounded)
        var deferred = false, inductionGaveUp = false
        var inductionUndecided: String?
        // Without unbounded sorts: the induction attempt that ran out of its budget, if any.
        var pending: (k: Int, budget: UInt32)?
        let fullBudget = options.timeoutMilliseconds.flatMap { $0 == 0 ? nil : $0 } ?? UInt32.max
        /// The pending attempt with the full timeout (before the search ends undecided).
        func settle() throws -> ProofKind? {
            guard let p = pending else { return nil }
            pending = nil
            return try induction(k: p.k, selected, encoder)
        }
        do {
            for k in 0...options.maxDepth {
                if k > 0 { unrolled.append(try base.addStep()) }
                if k == 0, let initial = groundInitialState() {
                    // Depth 0 of a single, fully determined initial state too large for Z3's arrays
                    // (Unrolling.pinned gives up on it): evaluated on the emulator, the same IR.
                    if let p = selected.first(where: { !initial.machine.holds($0, in: initial.state) }) {
                        return .violated(Trace(initial: initial.state, steps: [], property: p))
                    }
                } else {
                    let bmc = try Z3Solver(z3, timeoutMilliseconds: options.timeoutMilliseconds, rlimit: options.rlimit)
                    for t in unrolled { try bmc.assert(t) }
                    try bmc.assert(try base.violation(selected, at: k))
                    if try decide(try solve(bmc, "\(model.name)-base-\(k)")) {
                        let trace = try minimalTrace(bmc, base, selected)
                        if (try? StateLayout(model)) == nil, let problem = try refutation(trace) {
                            return .unknown("the counterexample found does not hold when its steps are checked again: \(problem) (a bug in Ward)")
                        }
                        return .violated(trace)
                    }
                }
                if open {
                    // Unbounded sorts (see `prove`): an induction query that cannot be decided
                    // does not stop the search for a counterexample.
                    if inductionGaveUp { continue }
                    do {
                        if deferred {
                            deferred = false
                            if let p = try parametricProof(selected) { return .proved(p) }
                            if let p = try induction(k: 1, selected, encoder) { return .proved(bundled(p)) }
                        }
                        switch try prove(k: k + 1, selected, encoder) {
                        case .proved(let p): return .proved(p)
                        case .deferred: deferred = true
                        case .none: break
                        }
                    } catch let u as Undecided {
                        inductionGaveUp = true
                        inductionUndecided = u.reason
                    }
                } else if inductionUndecided == nil {
                    // A satisfiable induction step over large quantified domains is often one Z3
                    // cannot finish (it must build a model of every quantified claim), while BMC
                    // one step further finds the counterexample in a fraction of a second. So an
                    // attempt first gets a short budget; one that runs out of it is asked again
                    // after each deeper BMC query, with twice the budget, up to the full timeout
                    // (a proof that needs the full timeout waits for log2(timeout / first budget)
                    // BMC queries). Undecided with the full timeout, it stops the induction
                    // attempts, not the search for a counterexample.
                    let target = pending?.k ?? k + 1
                    let budget = min(fullBudget, pending.map { $0.budget.multipliedReportingOverflow(by: 2).partialValue }
                                                     ?? Self.firstStepTimeout)
                    do {
                        if let proof = try withTimeout(budget, { try induction(k: target, selected, encoder) }) {
                            return .proved(proof)
                        }
                        pending = nil
                    } catch let u as Undecided {
                        if u.isTimeout, budget < fullBudget { pending = (target, budget) } else { pending = nil; inductionUndecided = u.reason }
                    }
                }
            }
            if deferred, !inductionGaveUp {
                // The depth bound came first: the deferred attempts still run.
                if let p = try parametricProof(selected) { return .proved(p) }
                if let p = try induction(k: 1, selected, encoder) { return .proved(bundled(p)) }
            }
            do {
                if let p = try settle() { return .proved(p) }
            } catch let u as Undecided {
                inductionUndecided = u.reason
            }
        } catch let u as Undecided {
            if open, deferred { return .unknown("no counterexample up to depth \(options.maxDepth); the induction step was undecided (\(u.reason))") }
            // A BMC query Z3 could not decide: the attempt still pending may prove the claims.
            if let p = try? settle() { return .proved(p) }
            return .unknown("solver gave up: \(u.reason)")
        }
        if let reason = inductionUndecided {
            return .unknown("no counterexample up to depth \(options.maxDepth); the induction step was undecided (\(reason))")
        }
        return .holdsUpTo(options.maxDepth)
    }

    /// The first budget of an induction attempt in a model without unbounded sorts (see `check`).
    static let firstStepTimeout: UInt32 = 500

    /// Runs `body` with at most `milliseconds` per query.
    func withTimeout<T>(_ milliseconds: UInt32, _ body: () throws -> T) rethrows -> T {
        let saved = options
        options.timeoutMilliseconds = min(options.timeoutMilliseconds.flatMap { $0 == 0 ? nil : $0 } ?? milliseconds, milliseconds)
        defer { options = saved }
        return try body()
    }

    /// Outcomes of the induction queries already decided (or given up on for a reason other
    /// than time), by encoding and name: a retry with a larger budget asks only the others.
    var settled: [String: SatResult] = [:]

    /// The outcome of the query named `label`, asked of the solver `query` builds unless an
    /// earlier outcome is final. `key` (default: the label) names one query within a run and
    /// an encoding.
    func remembered(_ label: String, key: String? = nil, _ encoder: Encoder, _ query: () throws -> Z3Solver) throws -> SatResult {
        let key = (encoder.parametric ? "parametric " : "") + (key ?? label)
        if let known = settled[key] { return known }
        let result = try solve(try query(), label)
        if case .unknown(let reason) = result, reason == "timeout" || reason == "canceled" { return result }
        settled[key] = result
        return result
    }

    /// Is the property k-inductive (optionally strengthened by every claim of the model)?
    func induction(k: Int, _ selected: [Int], _ encoder: Encoder) throws -> ProofKind? {
        let all = Array(model.checkedProperties.indices)
        let variants: [([Int], Bool)] = k == 1 && all.count > selected.count ? [(selected, false), (all, true)] : [(selected, false)]
        var undecided: Undecided?
        for (claims, strengthened) in variants {
            // Assuming the other claims is sound only when they are invariants as well: then all
            // of them must hold initially and be preserved together (the goal is every claim).
            if strengthened, try !holdsInitially(claims, encoder) { continue }
            let goal = strengthened ? claims : selected
            let z3 = encoder.z3
            let unrolling = Unrolling(encoder: encoder)
            var facts = [try encoder.axioms()]
            let (s0, wf) = try unrolling.arbitraryState("ind\(k)")
            unrolling.start(at: s0)
            facts.append(wf)
            for i in 0..<k {
                facts.append(try unrolling.properties(claims, at: i))
                facts.append(try unrolling.addStep())
            }
            if k > 1 {
                // Simple paths only: makes k-induction complete on finite state spaces.
                for i in 0..<k { for j in (i + 1)...k {
                    let differ = try zip(unrolling.states[i], unrolling.states[j]).map { try z3.not(try z3.eq($0, $1)) }
                    facts.append(try z3.or(differ))
                } }
            }
            do {
                if try !stepHasCounterexample(facts, goal: goal, at: k, unrolling, "\(model.name)-step-\(k)\(strengthened ? "-strengthened" : "")") {
                    return .induction(k: k, strengthened: strengthened)
                }
            } catch let u as Undecided {
                if undecided?.isTimeout != true { undecided = u }   // the next variant may still decide; more time may decide this one
            }
        }
        if let u = undecided { throw u }
        return nil
    }

    /// Whether the induction step (`facts`) has a counterexample. With several actions it is asked
    /// once per action of the last step, each on a fresh solver: each query is then one branch of
    /// the transition relation, which Z3 decides far faster than their disjunction when the claims
    /// quantify over large domains (a query with quantifiers under an 11-way case split can time
    /// out where every branch takes a fraction of a second), and a fresh solver keeps Z3's
    /// preprocessing, which an incremental (push/pop) solver gives up.
    ///
    /// A query for one action that runs out of time is asked again once per claim of the goal:
    /// with a single negated claim Z3 often decides at once what it cannot with their
    /// disjunction (one more quantified claim, even an irrelevant one, can make the joint query
    /// too hard). The step has a counterexample when some claim's query is satisfiable.
    func stepHasCounterexample(_ facts: [Z3Term], goal: [Int], at k: Int, _ unrolling: Unrolling, _ name: String) throws -> Bool {
        let z3 = unrolling.z3
        let violated = try unrolling.violation(goal, at: k)
        func query(_ extra: [Z3Term], _ label: String) throws -> Bool {
            try decide(try remembered(label, unrolling.encoder) {
                let solver = try Z3Solver(z3, timeoutMilliseconds: options.timeoutMilliseconds, rlimit: options.rlimit)
                for f in facts + extra { try solver.assert(f) }
                return solver
            })
        }
        func ask(_ extra: [Z3Term], _ label: String) throws -> Bool {
            do {
                return try query(extra + [violated], label)
            } catch let u as Undecided where u.isTimeout && goal.count > 1 {
                for c in goal {
                    let one = try unrolling.violation([c], at: k)
                    if try query(extra + [one], "\(label)-\(model.checkedProperties[c].name)") { return true }
                }
                return false
            }
        }
        guard model.actions.count > 1, let last = unrolling.choices.last else { return try ask([], name) }
        for (a, action) in model.actions.enumerated() {
            let chosen = try z3.eq(last, try z3.bv(UInt64(a), width: unrolling.actionWidth))
            if try ask([chosen], "\(name)-\(action.name)") { return true }
        }
        return false
    }

    /// A 1-induction proof with the unbounded enums as uninterpreted sorts, base case included
    /// (the initial states of a universe with any number of further values); nil when the model
    /// has no unbounded enum, or the proof fails or cannot be expressed (then the caller proves
    /// it for the bundled sizes).
    func parametricProof(_ selected: [Int], timeout: UInt32 = parametricTimeout) throws -> ProofKind? {
        guard model.enums.contains(where: \.unbounded) else { return nil }
        // Its own context (the sorts differ from the bounded encoding's under the same names) and
        // a shorter timeout: a failing attempt over quantified sorts may not terminate quickly.
        let encoder = Encoder(z3: try Z3Context(), model: model, parametric: true)
        let sorts = encoder.openEnums.map(\.name)
        let saved = options
        options.timeoutMilliseconds = min(options.timeoutMilliseconds ?? timeout, timeout)
        defer { options = saved }
        do {
            // The step first: it does not grow with the number of named values.
            guard case .induction(let k, let s)? = try induction(k: 1, selected, encoder) else { return nil }
            // The initial states of every universe: over a sort, long store chains on named
            // constants make this the query that grows with the instance; when it does not finish
            // quickly, the model's own initial states (checked by BMC at depth 0) stand in.
            let budget = isLarge ? Self.quickParametricTimeout : Self.parametricTimeout
            options.timeoutMilliseconds = min(saved.timeoutMilliseconds ?? budget, budget)
            let anyInitial = (try? holdsInitially(selected, encoder)) == true
            return .parametric(k: k, strengthened: s, sorts: sorts, anyInitial: anyInitial)
        } catch is Undecided {
        } catch is Encoder.Unsupported {
        }
        return nil
    }

    static let parametricTimeout: UInt32 = 10_000
    static let quickTimeout: UInt32 = 2_000
    static let quickParametricTimeout: UInt32 = 3_000

    enum Attempt { case proved(ProofKind), deferred, none }

    /// k-induction in a model with unbounded sorts. For k = 1, a quick bounded attempt goes
    /// first: when it finds the claims not inductive, the parametric attempt (which finds
    /// counterexamples over quantified sorts slowly) is skipped; when it proves them, the
    /// parametric attempt may upgrade the proof; when it times out, the parametric attempt (often
    /// the easier query: quantifiers over a sort instead of expanded bit-vector cases) and the
    /// bounded one with the full timeout are deferred until BMC has looked one step further (so a
    /// shallow counterexample is found first).
    func prove(k: Int, _ selected: [Int], _ encoder: Encoder) throws -> Attempt {
        guard k == 1 else { return try induction(k: k, selected, encoder).map { .proved(bundled($0)) } ?? .none }
        let saved = options
        options.timeoutMilliseconds = min(options.timeoutMilliseconds ?? Self.quickTimeout, Self.quickTimeout)
        let quick: ProofKind??
        do { quick = .some(try induction(k: 1, selected, encoder)) } catch is Undecided { quick = nil }
        options = saved
        switch quick {
        case .some(nil):
            return .none
        case .some(let proof?):
            return .proved(try parametricProof(selected) ?? bundled(proof))
        case nil:
            // A short parametric attempt first: at scale (many named values) it is the one query
            // whose size does not grow with the instance.
            if let p = try parametricProof(selected, timeout: Self.quickParametricTimeout) { return .proved(p) }
            return .deferred
        }
    }

    /// Some map of the model holds more elements than Unrolling pins: a large instance, whose
    /// initial state Z3 would reason about over long store chains.
    var isLarge: Bool {
        model.fields.contains { f in
            var cells: UInt64 = 1
            var t = f.type
            while case .map(let k, let v) = t { cells = cells.multipliedReportingOverflow(by: k.cardinality ?? UInt64.max).partialValue; t = v }
            return cells > Unrolling.pinLimit
        }
    }

    /// The model's one initial state, when it has exactly one and the instance is large.
    func groundInitialState() -> (machine: Machine, state: [UInt64])? {
        guard isLarge, let machine = try? Machine(model), let states = try? machine.initialStates(), states.count == 1 else { return nil }
        return (machine, states[0])
    }

    /// An induction proof of a model with unbounded sorts that the parametric proof missed.
    func bundled(_ p: ProofKind) -> ProofKind {
        guard case .induction(let k, let s) = p, model.enums.contains(where: \.unbounded) else { return p }
        return .bundled(k: k, strengthened: s, sizes: model.enums.filter(\.unbounded).map { "\($0.name): \($0.cases.count)" })
    }

    /// Do the claims hold in every initial state? (The base case of a strengthened induction.)
    /// Out of time on the claims together, it asks once per claim (as `stepHasCounterexample` does).
    func holdsInitially(_ claims: [Int], _ encoder: Encoder) throws -> Bool {
        func violable(_ some: [Int]) throws -> Bool {
            let key = "init " + some.map(String.init).joined(separator: ",")
            return try decide(try remembered("\(model.name)-init-strengthened", key: key, encoder) {
                let unrolling = Unrolling(encoder: encoder)
                let solver = try Z3Solver(encoder.z3, timeoutMilliseconds: options.timeoutMilliseconds, rlimit: options.rlimit)
                try solver.assert(try encoder.axioms())
                try solver.assert(try unrolling.initialState())
                try solver.assert(try unrolling.violation(some, at: 0))
                return solver
            })
        }
        do {
            return try !violable(claims)
        } catch let u as Undecided where u.isTimeout && claims.count > 1 {
            for c in claims where try violable([c]) { return false }
            return true
        }
    }

    /// Lexicographically least violating execution of the current length: free initial slots in
    /// layout order, then per step the action and its parameters — the explorer's BFS order.
    ///
    /// A model whose maps are too wide for the concrete layout (keys of many bits, which only Z3
    /// handles) gets a trace of labels only: `initial` and every step's `state` are empty, and its
    /// free initial fields are not minimised. Such a trace cannot be replayed on the emulator;
    /// callers show its labels (and may evaluate states symbolically).
    func minimalTrace(_ solver: Z3Solver, _ u: Unrolling, _ selected: [Int]) throws -> Trace {
        let layout = try? StateLayout(model)
        if let layout {
            for (field, term) in u.freeInitial {
                for slotTerm in try slotTerms(term, model.fields[field].type, layout) { try minimize(slotTerm, solver) }
            }
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
            guard let layout else { return [] }
            var slots: [UInt64] = []
            for (f, field) in model.fields.enumerated() {
                for t in try slotTerms(state[f], field.type, layout) { slots.append(try value(t, m)) }
            }
            return slots
        }
        let finalState = u.states.last!
        // A claim quantifying over a wide domain may not evaluate to a constant in the model;
        // then the solver (whose assertions now pin the trace) says whether it can fail.
        func broken(_ p: Int) throws -> Bool {
            let claim = try u.property(p, on: finalState)
            if let holds = try? m.bool(claim) { return !holds }
            try solver.push()
            defer { try? solver.pop() }
            try solver.assert(try claim.context.not(claim))
            return try decide(try solve(solver, "\(model.name)-violated-\(model.checkedProperties[p].name)"))
        }
        var violated = selected[0]
        for p in selected where try broken(p) { violated = p; break }
        return Trace(initial: try concrete(u.states[0]),
                     steps: try zip(labels, u.states.dropFirst()).map { TraceStep(label: $0, state: try concrete($1)) },
                     property: violated)
    }

    /// Checks a trace of labels only again, the emulator's check (WardCheck.TraceReplay) for a
    /// model too wide for the emulator: a fresh query in which every step runs just its action
    /// with its arguments fixed, from the model's initial states, enabled and not trapping,
    /// must reach a state that breaks the trace's property. So the trace shown is a witness by
    /// itself, whatever else the BMC model chose. nil when it is; else what fails.
    public func confirm(_ trace: Trace) throws -> String? {
        do {
            return try refutation(trace)
        } catch let u as Undecided {
            return "the check of its steps was undecided (\(u.reason))"
        }
    }

    /// `confirm`, throwing `Undecided` when Z3 cannot decide: `check` then says the solver gave
    /// up, not that the counterexample is wrong (which would be a bug in Ward).
    func refutation(_ trace: Trace) throws -> String? {
        let encoder = Encoder(z3: try Z3Context(), model: model)
        let u = Unrolling(encoder: encoder)
        let solver = try Z3Solver(encoder.z3, timeoutMilliseconds: options.timeoutMilliseconds, rlimit: options.rlimit)
        try solver.assert(try encoder.axioms())
        try solver.assert(try u.initialState())
        for step in trace.steps { try solver.assert(try u.addStep(step.label)) }
        try solver.assert(try u.violation([trace.property], at: trace.steps.count))
        guard try decide(try solve(solver, "\(model.name)-confirm")) else {
            return "its steps, each enabled and not trapping, cannot break '\(model.checkedProperties[trace.property].name)'"
        }
        return nil
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
