import WardConcrete
import WardIR
import WardSMT

/// Where an instruction traps differently from the same instruction of a baseline model (an
/// earlier revision of the ISA, or the model a mutant was made from): a valid state and operands
/// on which one traps and the other runs, or they raise different kinds. The trap profile says
/// *which* traps an instruction can raise in a mode; this says *when*. A check removed from an
/// instruction that some other check still covers in that mode (a guest's CPL check under VT-x,
/// whose #GP a reserved-bit check still raises) leaves the profile as it was, but not this.
public struct TrapDifference: Sendable, Equatable {
    public var instruction: String
    public var operands: [String]
    /// The fields that matter, "field = value".
    public var state: [String]
    /// What the baseline's instruction does there, and what this model's does: "traps (gp)",
    /// "not enabled", "no change", or the fields it changes.
    public var baseline: String
    public var now: String

    /// "MOV_TO_CR4 (r = EAX) in CPL = 3, NONROOT = 1: the baseline traps (gp); this model: no change".
    public var description: String {
        instruction + (operands.isEmpty ? "" : " (" + operands.joined(separator: ", ") + ")")
            + " in " + state.joined(separator: ", ") + ": the baseline " + baseline + "; this model: " + now
    }
}

/// The answer of one engine for one instruction: a difference, none, or why it could not tell.
/// With no difference in trapping, `identical` says whether the results are the same too (the
/// same instruction on the valid states, so no classification can tell the two apart); nil when
/// the engine could not tell.
enum TrapComparisonAnswer {
    case differs(TrapDifference)
    case same(identical: Bool?)
    case unknown(String)
}

/// An execution's outcome as far as trapping goes: not enabled, runs, or the kind it raises
/// (numbered by `kinds`: kinds are numbered in order of first use, so two revisions of a model
/// may number them differently).
private func trapOutcome(_ o: StepOutcome, _ kinds: [Int]) -> Int {
    switch o {
    case .disabled: -2
    case .next: -1
    case .trapped(let k): kinds[k]
    }
}

/// The baseline's trap kinds renumbered as this model numbers them; a kind this model never
/// raises gets a number of its own past the end.
func trapKindMap(_ model: Model, baseline: Model) -> [Int] {
    baseline.trapKinds.enumerated().map { k, name in model.trapKinds.firstIndex(of: name) ?? model.trapKinds.count + k }
}

extension Enumerator {
    /// Instruction `i` of this model against instruction `j` of `base` (the same fields, roles,
    /// invariants and trap kinds): every valid state over the fields either one needs, every operand.
    func trapDifference(_ i: Int, from base: Enumerator, _ j: Int) -> TrapComparisonAnswer {
        let model = view.model
        let (f1, v1) = view.relevance(i), (f2, v2) = base.view.relevance(j)
        let fields = Set(f1).union(f2).sorted()
        let checks = Set(v1).union(v2).sorted().map { inv in model.checkedProperties.firstIndex { $0.name == model.invariants[inv].name }! }
        let labels: [Label]
        do { labels = try machine.labels().filter { $0.action == i } } catch { return .unknown("\(error)") }
        let space: RelevantStates
        do { space = try RelevantStates(fields: fields, model: model, layout: machine.layout, labels: labels.count, limit: Self.maxEntries) } catch {
            return .unknown("\(model.actions[i].name): more than \(Self.maxEntries) states × operands to compare with the baseline at this width")
        }
        let (same, renumbered) = (Array(model.trapKinds.indices), trapKindMap(model, baseline: base.view.model))
        let mine = WitnessBuilder(view: view, machine: machine, fields: fields)
        let theirs = WitnessBuilder(view: base.view, machine: base.machine, fields: fields)
        var identical = true
        for index in 0..<space.count {
            let s = space.state(index)
            guard checks.allSatisfy({ machine.holds($0, in: s) }) else { continue }
            for l in labels {
                let b = Label(action: j, params: l.params)
                let (now, was) = (machine.step(s, l), base.machine.step(s, b))
                guard trapOutcome(now, same) != trapOutcome(was, renumbered) else {
                    if identical, case .next(let t) = now, case .next(let u) = was, t != u { identical = false }
                    continue
                }
                return .differs(TrapDifference(instruction: model.actions[i].name, operands: mine.operands(l), state: mine.describe(s),
                                               baseline: theirs.result(s, b).joined(separator: ", "),
                                               now: mine.result(s, l).joined(separator: ", ")))
            }
        }
        return .same(identical: identical)
    }
}

extension SymbolicClassifier {
    /// The same question as one query: a valid state and operands on which the two bodies,
    /// executed on the same state, differ in being enabled, in trapping, or in the kind raised.
    func trapDifference(_ i: Int, from base: ISAView, _ j: Int) throws -> TrapComparisonAnswer {
        let action = view.model.actions[i]
        let params = try action.params.map { try z3.constant("\(action.name).\($0.name)", try encoder.sort($0.type)) }
        let paramsOK = try z3.and(try zip(params, action.params).map { try encoder.wellFormed($0, $1.type) })
        let now = try executor.execute(action.body, state: s1, params: params)
        let was = try executor.execute(base.model.actions[j].body, state: s1, params: params)
        var wasKind = was.trapKind
        for (k, n) in trapKindMap(view.model, baseline: base.model).enumerated() where k != n {
            wasKind = try z3.ite(try z3.eq(was.trapKind, try z3.bv(UInt64(k), width: 16)), try z3.bv(UInt64(n), width: 16), wasKind)
        }
        let bothTrap = try z3.and([now.trapped, was.trapped])
        let bothRun = try z3.and([now.enabled, was.enabled])
        let differ = try z3.or([
            try z3.not(try z3.eq(now.enabled, was.enabled)),
            try z3.and([bothRun, try z3.or([try z3.not(try z3.eq(now.trapped, was.trapped)),
                                            try z3.and([bothTrap, try z3.not(try z3.eq(now.trapKind, wasKind))])])]),
        ])
        switch try ask([paramsOK, valid1, differ]) {
        case .no:
            let results = try z3.or(try zip(now.post, was.post).map { try z3.not(try z3.eq($0, $1)) })
            let bothRunTo = [bothRun, try z3.not(now.trapped), try z3.not(was.trapped), results]
            switch try ask([paramsOK, valid1] + bothRunTo) {
            case .no: return .same(identical: true)
            case .yes: return .same(identical: false)
            case .unknown: return .same(identical: nil)
            }
        case .unknown(let why): return .unknown("\(action.name): does it trap as in the baseline: \(why)")
        case .yes(let m):
            let fields = Set(view.relevance(i).fields).union(base.relevance(j).fields).sorted()
            let witness = SymbolicWitness(view: view, encoder: encoder, fields: fields, action: action, params: params)
            // The baseline's trap kinds by the baseline's names.
            let theirs = SymbolicWitness(view: base, encoder: encoder, fields: fields, action: action, params: params)
            func outcome(_ e: SymbolicEffect, _ w: SymbolicWitness) throws -> String {
                try m.bool(e.enabled) ? try w.result(s1, e, m).joined(separator: ", ") : "not enabled"
            }
            return .differs(TrapDifference(instruction: action.name, operands: try witness.operands(m), state: try witness.describe(s1, m),
                                           baseline: try outcome(was, theirs), now: try outcome(now, witness)))
        }
    }
}

/// Which instructions a classification compares with its baseline's, and how the engines'
/// answers become one list.
extension Classifier {
    /// The instructions to compare with the baseline's: those classified afresh whose namesake
    /// in the baseline takes the same operands, in the same context (a mutant's original, or a
    /// revision that changed instruction semantics only). Pairs of (index here, index there).
    static func changedInstructions(_ model: Model, fresh: [Int], baseline: Classification?) -> [(Int, Int)] {
        guard let b = baseline, comparableContext(b.model) == comparableContext(model) else { return [] }
        return fresh.compactMap { i in
            let a = model.actions[i]
            guard let j = b.model.actionIndex(a.name), IRFingerprint.operands(b.model.actions[j]) == IRFingerprint.operands(a),
                  IRFingerprint.body(b.model.actions[j].body) != IRFingerprint.body(a.body) else { return nil }
            return (i, j)
        }
    }

    /// What two revisions must share to be compared instruction by instruction, line by line (a
    /// refusal names the first line that differs).
    static func comparableContext(_ m: Model) -> [Substring] {
        IRFingerprint.context(m, trapKinds: false).split(separator: "\n")
    }

    /// One list of trap differences from whichever engines ran, and the instructions every engine
    /// found identical; engines that disagree on whether an instruction traps as before, or on
    /// whether it is the same, make the classification unknown, like any disagreement.
    static func reconcile(_ names: [String], _ e: [TrapComparisonAnswer]?, _ s: [TrapComparisonAnswer]?,
                          unknown: inout [String], disagreements: inout [String]) -> ([TrapDifference], identical: [String]) {
        var out: [TrapDifference] = [], identical: [String] = []
        for (k, name) in names.enumerated() {
            let answers = [e?[k], s?[k]].compactMap { $0 }
            var found: [TrapDifference] = [], same: [Bool?] = []
            for a in answers {
                switch a {
                case .differs(let d): found.append(d)
                case .same(let i): same.append(i)
                case .unknown(let why): unknown.append(why)
                }
            }
            if !answers.isEmpty, same.count == answers.count, same.allSatisfy({ $0 == true }) { identical.append(name) }
            if same.count == 2, let a = same[0], let b = same[1], a != b {
                disagreements.append("\(name): enumeration finds it \(a ? "the same as" : "different from") the baseline's, Z3 \(b ? "the same" : "different")")
            }
            let decided = answers.filter { if case .unknown = $0 { false } else { true } }
            if decided.count == 2, found.count == 1 {
                let finder = if case .differs = e?[k] { "enumeration" } else { "Z3" }
                disagreements.append("\(name): \(finder) finds it traps differently from the baseline, the other engine does not: " + found[0].description)
            }
            if let first = found.first { out.append(first) }
        }
        return (out, identical)
    }
}
