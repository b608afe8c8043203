import Foundation
import WardIR
import WardSyntax

/// Popek–Goldberg classification of an ISA model, by enumeration, by Z3, or both (which must agree).
public enum Classifier {
    public static let defaultReducedWidth: UInt64 = 2

    /// With `against` (another revision of the ISA, classified the same way), the result also
    /// says where each changed instruction traps differently (`trapDifferences`).
    public static func classify(path: String, options: ClassifierOptions, against: String? = nil) throws(DiagnosticError) -> Classification {
        let (probe, model, width) = try load(path, options)
        var baseline: Classification?
        if let against {
            let (_, b, w) = try load(against, options)
            let (mine, theirs) = (comparableContext(model), comparableContext(b))
            if mine != theirs {
                let k = zip(mine, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(mine.count, theirs.count)
                let show = { (lines: [Substring]) in k < lines.count ? "'\(lines[k])'" : "nothing" }
                throw DiagnosticError(Diagnostic("\(against) differs from \(path) in more than its instructions (fields, roles, invariants, "
                    + "deprivileged configuration, mode or constants: \(show(theirs)) there, \(show(mine)) here); "
                    + "--against compares revisions that change instruction semantics only", at: nil))
            }
            baseline = classify(b, width: w, options: options)
        }
        var c = classify(model, width: width, options: options, baseline: baseline)
        if c.vmm.holds, c.disagreements.isEmpty, c.unknown.isEmpty {
            // Theorem 2: a VMM that runs a copy of itself; checked on the emulator at a reduced width.
            var reducedOverrides: [String: UInt64] = [:]
            for n in probe.widthNames { reducedOverrides[n] = options.width ?? defaultReducedWidth }
            let reduced = try ModelLoader(constantOverrides: reducedOverrides).load(path: path)
            c.recursive = recursiveVerdict(reduced)
        }
        return c
    }

    /// An isa model at the width `options` ask for (enumeration defaults to a reduced one), the
    /// model as declared, and the width classified at.
    static func load(_ path: String, _ options: ClassifierOptions) throws(DiagnosticError) -> (probe: Model, model: Model, width: UInt64?) {
        let probe = try ModelLoader().load(path: path)
        guard probe.kind == .isa, probe.mode != nil else {
            throw DiagnosticError(Diagnostic("'\(probe.name)' is a \(probe.kind.rawValue), not an isa; classify takes an isa model", at: nil))
        }
        var width = options.width
        if width == nil, options.engine != .smt, !probe.widthNames.isEmpty { width = defaultReducedWidth }
        var overrides: [String: UInt64] = [:]
        if let w = width {
            guard w >= 1, w <= 64 else { throw DiagnosticError(Diagnostic("--width must be between 1 and 64", at: nil)) }
            for n in probe.widthNames { overrides[n] = w }
        }
        let model = overrides.isEmpty ? probe : try ModelLoader(constantOverrides: overrides).load(path: path)
        return (probe, model, width ?? probe.widthNames.first.flatMap { probe.constants[$0] })
    }

    /// The baseline's verdicts for the instructions of `model` that it classified the same way:
    /// same name, body and context (fields, invariants, deprivileged configuration, mode, trap
    /// kinds, constants), same width and engine, and a baseline without disagreements or unknowns.
    static func reusable(_ model: Model, width: UInt64?, options: ClassifierOptions, baseline: Classification?) -> [Int: InstructionVerdict] {
        guard let b = baseline, b.width == width, b.engine == options.engine, b.disagreements.isEmpty, b.unknown.isEmpty,
              IRFingerprint.context(b.model) == IRFingerprint.context(model) else { return [:] }
        var out: [Int: InstructionVerdict] = [:]
        for (i, a) in model.actions.enumerated() {
            guard let j = b.model.actionIndex(a.name), let v = b.instructions.first(where: { $0.name == a.name }),
                  IRFingerprint.operands(b.model.actions[j]) == IRFingerprint.operands(a),
                  IRFingerprint.body(b.model.actions[j].body) == IRFingerprint.body(a.body) else { continue }
            out[i] = v
        }
        return out
    }

    /// Theorem 2 by the nested-VMM check: L2 under L1's VMM under L0's VMM, against native.
    public static func recursiveVerdict(_ model: Model) -> String {
        do {
            let r = try Equivalence.check(model: model, fullWidthModel: nil, options: EquivalenceOptions(nested: true, prove: false))
            if !r.unknown.isEmpty { return "unknown: " + r.unknown.joined(separator: "; ") }
            if !r.divergent.isEmpty { return "fails: the nested VMM diverges on " + r.divergent.joined(separator: ", ") }
            return "holds: a VMM running under the VMM (L2 on L1 on L0) is equivalent to native on every valid state (\(r.states) states)"
        } catch {
            return "unknown: \(error)"
        }
    }

    /// With `baseline` (the classification of the model a mutant was made from, at the same width
    /// and options), an instruction whose semantics and context are unchanged takes its verdict
    /// from there: each instruction is classified on its own, so only the changed ones run again.
    public static func classify(_ model: Model, width: UInt64?, options: ClassifierOptions, baseline: Classification? = nil) -> Classification {
        let start = Date()
        let view = ISAView(model)
        let reused = reusable(model, width: width, options: options, baseline: baseline)
        let fresh = view.instructions.filter { reused[$0] == nil }
        var disagreements: [String] = []
        var unknown: [String] = []
        var stats: [String: Double] = [:]
        var enumerated: [RawVerdict]?
        var symbolic: [RawVerdict]?
        let compared = changedInstructions(model, fresh: fresh, baseline: baseline)
        var enumeratedTraps: [TrapComparisonAnswer]?
        var symbolicTraps: [TrapComparisonAnswer]?
        // The valid and deprivileged states depend on the context only: a baseline's answer stands.
        let knownVacuity = baseline.flatMap { IRFingerprint.context($0.model) == IRFingerprint.context(model) ? $0.vacuity : nil }
        var enumeratedVacuity: Vacuity?, symbolicVacuity: Vacuity?
        if options.engine != .smt {
            let t = Date()
            do {
                let e = try Enumerator(view)
                let raws = fresh.map { e.classify($0) }
                enumerated = raws
                if knownVacuity == nil { enumeratedVacuity = e.vacuity() }
                stats["enumeratedStates"] = Double(raws.reduce(0) { $0 + $1.statesEnumerated })
                if let b = baseline, !compared.isEmpty {
                    let eb = try Enumerator(ISAView(b.model))
                    enumeratedTraps = compared.map { e.trapDifference($0.0, from: eb, $0.1) }
                }
            } catch {
                unknown.append("enumeration: \(error)")
            }
            stats["enumerateSeconds"] = Date().timeIntervalSince(t)
        }
        if options.engine != .enumerate {
            let t = Date()
            do {
                let s = try SymbolicClassifier(view, timeoutMilliseconds: options.timeoutMilliseconds, queryLog: options.queryLog)
                var out: [RawVerdict] = []
                for i in fresh { out.append(try s.classify(i)) }
                symbolic = out
                if knownVacuity == nil {
                    let (v, why) = try s.vacuity()
                    symbolicVacuity = v
                    if let why { unknown.append(why) }
                }
                if let b = baseline, !compared.isEmpty {
                    let bv = ISAView(b.model)
                    symbolicTraps = try compared.map { try s.trapDifference($0.0, from: bv, $0.1) }
                }
                stats["smtQueries"] = Double(s.queries)
            } catch {
                unknown.append("smt: \(error)")
            }
            stats["smtSeconds"] = Date().timeIntervalSince(t)
        }
        let primary = symbolic ?? enumerated ?? []
        for raw in primary { unknown += raw.unknown }
        if let a = enumerated, let b = symbolic {
            for raw in a { unknown += raw.unknown }
            for (k, i) in fresh.enumerated() where a[k].unknown.isEmpty && b[k].unknown.isEmpty {
                let x = a[k].verdict(name: model.actions[i].name, model: model, index: i)
                let y = b[k].verdict(name: model.actions[i].name, model: model, index: i)
                for (what, p, q) in [("privileged", x.privileged, y.privileged), ("control-sensitive", x.controlSensitive, y.controlSensitive),
                                     ("behavior-sensitive", x.behaviorSensitive, y.behaviorSensitive),
                                     ("user-sensitive", x.userSensitive, y.userSensitive)] where p != q {
                    disagreements.append("\(x.name): enumeration says \(what) = \(p), Z3 says \(q)")
                }
                if x.behaviorKinds != y.behaviorKinds {
                    disagreements.append("\(x.name): enumeration finds kinds \(x.behaviorKinds), Z3 finds \(y.behaviorKinds)")
                }
                if x.breaks != y.breaks {
                    disagreements.append("\(x.name): enumeration finds it breaks \(x.breaks), Z3 finds \(y.breaks)")
                }
                if a[k].traps != nil, b[k].traps != nil, case let d = y.traps.changes(from: x.traps, instruction: x.name), !d.isEmpty {
                    disagreements.append("\(x.name): the trap profiles differ; by Z3, unlike by enumeration: " + d.joined(separator: "; "))
                }
            }
        }
        if let a = enumeratedVacuity, let b = symbolicVacuity, a != b {
            disagreements.append("enumeration finds \(a.problem(model) ?? "valid and deprivileged states"), Z3 \(b.problem(model) ?? "valid and deprivileged states")")
        }
        let vacuity = knownVacuity ?? symbolicVacuity ?? enumeratedVacuity
        if let problem = vacuity?.problem(model) { unknown.append(problem) }
        let (trapDifferences, identical) = reconcile(compared.map { model.actions[$0.0].name }, enumeratedTraps, symbolicTraps,
                                                     unknown: &unknown, disagreements: &disagreements)
        // Enumeration's witnesses are concrete emulator states; prefer them when both ran.
        var computed = Dictionary(uniqueKeysWithValues: zip(fresh, enumerated ?? primary).map { i, raw in
            (i, raw.verdict(name: model.actions[i].name, model: model, index: i))
        })
        computed.merge(reused) { a, _ in a }
        let table = view.instructions.compactMap { computed[$0] }
        let vmmHoles = table.filter(\.vmmHole).map(\.name)
        let hybridHoles = table.filter(\.hybridHole).map(\.name)
        return Classification(model: model, width: width, engine: options.engine, instructions: table,
                              vmm: TheoremVerdict(holds: vmmHoles.isEmpty, holes: vmmHoles),
                              hybrid: TheoremVerdict(holds: hybridHoles.isEmpty, holes: hybridHoles),
                              recursive: vmmHoles.isEmpty ? "not checked (needs the nested-VMM check: ward equiv --nested)" : "fails: Theorem 1 fails",
                              disagreements: disagreements, unknown: unknown,
                              seconds: Date().timeIntervalSince(start), statistics: stats,
                              baseline: baseline.map(\.model.file), trapDifferences: trapDifferences, identicalToBaseline: identical, vacuity: vacuity)
    }
}
