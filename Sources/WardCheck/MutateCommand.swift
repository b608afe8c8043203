import Foundation
import WardConcrete
import WardIR
import WardISA
import WardSyntax

public struct MutateOptions: Sendable {
    public var modelPath: String
    /// .proof files (or folders): the obligations on this model judge every mutant. Without
    /// them, the model's own checks do (verify: its properties that hold; isa: its classification).
    public var obligations: [String] = []
    /// Without obligations: the verify engine (explore by default) and bounds.
    public var engine: VerifyOptions.Engine = .explore
    public var depth: Int?
    /// Without obligations, for an isa: classify at this width (default 2) with this engine.
    public var width: UInt64?
    public var classifyEngine: ClassifierOptions.Engine = .enumerate
    public var timeoutMilliseconds: UInt32 = 30_000
    public var operators: [MutationOperator] = MutationOperator.allCases
    public var jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Exit 1 when fewer than this fraction of the decided mutants are killed.
    public var minimumKillRate: Double?
    public var json = false
    public var constantOverrides: [String: UInt64] = [:]
    /// Once requested (Ctrl-C), mutants not yet started are reported as unknown.
    public var interruption: Interruption?
    public init(modelPath: String) { self.modelPath = modelPath }
}

/// What became of one mutant.
public struct MutantResult: Sendable {
    /// `equivalent`: survived, and reaches exactly the model's reachable states (with the same
    /// state-changing transitions, or other transitions between the same states), so no
    /// invariant could kill it; or, for an isa, its changed instruction is the same instruction
    /// on the valid states (the classifier's comparison with the model); the evidence says which.
    public enum Status: String, Sendable { case killed, survived, equivalent, unknown }
    public var mutant: Mutant
    public var status: Status
    /// The checks that caught it (a property, an obligation, "classification: ..."), or why it is unknown.
    public var evidence: [String]
    /// ISA only: instructions that became Theorem 1 holes.
    public var newHoles: [String] = []
}

public struct MutationReport: Sendable {
    public var model: Model
    public var checkedBy: [String]
    public var results: [MutantResult]
    /// Ctrl-C stopped the run: the mutants not yet started are `unknown`.
    public var interrupted = false
    public var killed: Int { results.filter { $0.status == .killed }.count }
    public var survived: Int { results.filter { $0.status == .survived }.count }
    public var unknown: Int { results.filter { $0.status == .unknown }.count }
    public var equivalent: Int { results.filter { $0.status == .equivalent }.count }
    /// Where the survivors were compared with the model ("complete, 12 states" or "depth 3, ..."), if they were.
    public var comparedOn: String?
    /// Killed over decided (killed + survived; equivalent mutants are not counted); 1 when nothing was decided.
    public var killRate: Double { killed + survived == 0 ? 1 : Double(killed) / Double(killed + survived) }
}

/// `ward mutate`: mutation testing of a model's checks.
public enum MutateCommand {
    public static func run(_ options: MutateOptions) -> CommandOutput {
        do {
            let report = try mutate(options)
            var code: ExitCode = .ok
            if let min = options.minimumKillRate, report.killRate < min { code = .violated }
            if report.interrupted { code = .unknown }
            let text = options.json ? json(report) : self.text(report)
            return CommandOutput(stdout: text, exitCode: code)
        } catch let e as MutateError {
            return CommandOutput(stderr: e.message, exitCode: e.code)
        } catch {
            return CommandOutput(stderr: "error: \(error)", exitCode: .invalidInput)
        }
    }

    public struct MutateError: Error, CustomStringConvertible {
        public var message: String
        public var code: ExitCode
        public var description: String { message }
    }

    /// One way of judging a model: returns nil when the model passes, else why it fails
    /// (`.failed`) or why it cannot be judged (`.unknown`).
    struct Judge: @unchecked Sendable {
        enum Verdict { case passes, fails([String]), undecided([String]) }
        var name: String
        /// How to load the model for this judge (overrides such as a reduced width).
        var overrides: [String: UInt64]
        var judge: @Sendable (Model) -> Verdict
        /// Extra facts for the report (ISA: new holes), computed on a mutant.
        var holes: (@Sendable (Model) -> [String])?
        /// ISA: the instructions of a mutant the classifier found to be the same instruction as
        /// the model's on the valid states; a survivor that changed only such an instruction is
        /// an equivalent mutant.
        var identical: (@Sendable (Model) -> [String])? = nil
        /// A state-based judge (verify): the depth its state graph is compared at (nil inside:
        /// every reachable state); nil for the classifier, whose verdict is not about reachable states.
        var graphDepth: Int?? = nil
        /// Cheaper judges run first, so a mutant one of them kills costs no solver time:
        /// 0 exploration, 1 both engines, 2 Z3 alone, 3 the classifier.
        var cost = 0
    }

    public static func mutate(_ options: MutateOptions) throws -> MutationReport {
        let loader = ModelLoader(constantOverrides: options.constantOverrides)
        let model: Model
        do { model = try loader.load(path: options.modelPath) } catch {
            throw MutateError(message: error.description, code: .invalidInput)
        }
        let judges = options.obligations.isEmpty ? try ownJudges(model, options) : try obligationJudges(model, options)
        // Every judge must pass on the model itself, or its verdict on a mutant means nothing.
        var usable: [(Judge, Model, [String: Mutant])] = []
        var notes: [String] = []
        for j in judges {
            let m: Model
            do { m = try ModelLoader(constantOverrides: j.overrides).load(path: options.modelPath) } catch {
                throw MutateError(message: error.description, code: .invalidInput)
            }
            switch j.judge(m) {
            case .passes:
                var byID: [String: Mutant] = [:]
                for mu in MutantGenerator(model: m).mutants() { byID[mu.id] = mu }
                usable.append((j, m, byID))
            case .fails(let why): notes.append("\(j.name): not used, it fails on the model itself (\(why.joined(separator: "; ")))")
            case .undecided(let why): notes.append("\(j.name): not used, undecided on the model itself (\(why.joined(separator: "; ")))")
            }
        }
        guard !usable.isEmpty else {
            throw MutateError(message: "error: no check passes on '\(options.modelPath)' itself, so none can kill a mutant\n"
                              + notes.map { "  " + $0 }.joined(separator: "\n"), code: .unknown)
        }
        let mutants = MutantGenerator(model: model).mutants().filter { options.operators.contains($0.op) }
        let judgesInUse = usable
        let interruption = options.interruption
        let results = MutatePool.map(mutants, jobs: options.jobs) { mutant -> MutantResult in
            if interruption?.requested == true {
                return MutantResult(mutant: mutant, status: .unknown, evidence: ["not run: interrupted (Ctrl-C)"])
            }
            var evidence: [String] = [], undecided: [String] = [], holes: [String] = []
            for (j, m, byID) in judgesInUse {
                guard let variant = byID[mutant.id] else { continue }
                let mutated = variant.apply(to: m)
                switch j.judge(mutated) {
                case .passes: break
                case .fails(let why): evidence += why.map { "\(j.name): \($0)" }
                case .undecided(let why): undecided += why.map { "\(j.name): \($0)" }
                }
                if let h = j.holes { holes += h(mutated).filter { !holes.contains($0) } }
                if !evidence.isEmpty { break }   // killed: the other checks need not run
            }
            let status: MutantResult.Status = !evidence.isEmpty ? .killed : undecided.isEmpty ? .survived : .unknown
            if status == .survived, let same = sameInstruction(mutant, judgesInUse) {
                return MutantResult(mutant: mutant, status: .equivalent, evidence: [same], newHoles: holes)
            }
            return MutantResult(mutant: mutant, status: status, evidence: status == .unknown ? undecided : evidence, newHoles: holes)
        }
        var report = MutationReport(model: model, checkedBy: usable.map(\.0.name) + notes, results: results,
                                    interrupted: interruption?.requested == true)
        compareSurvivors(&report, usable, jobs: options.jobs)
        return report
    }

    /// Why an isa survivor is equivalent, if a classifier found its instruction unchanged on the
    /// valid states (every trap and every result the same): e.g. a trap no valid state reaches.
    static func sameInstruction(_ mutant: Mutant, _ judges: [(Judge, Model, [String: Mutant])]) -> String? {
        for (j, m, byID) in judges {
            guard let identical = j.identical, let variant = byID[mutant.id],
                  identical(variant.apply(to: m)).contains(mutant.actionName) else { continue }
            return "\(j.name): the same instruction as the model's: from every valid state, with every operand, "
                + "\(mutant.actionName) traps with the same kind or gives the same result, so no classification can tell them apart"
        }
        return nil
    }

    /// "request_map(G1, M1); revoke(G1, M1)", or "the initial state".
    static func steps(_ t: Trace, _ model: Model) -> String {
        t.steps.isEmpty ? "no step" : t.steps.map { ValueFormatter.label($0.label, in: model) }.joined(separator: "; ")
    }

    /// Sorts the survivors by how their state graph relates to the model's, at the settings of
    /// the first state-based judge. Equivalent (explained, not counted in the kill rate): the
    /// mutant reaches exactly the model's states, so no invariant can tell them apart (the
    /// evidence says whether the transitions between them differ too). Still survivors: those
    /// that reach fewer states (only `expect live` can kill them) and those that reach a new
    /// state (a missing obligation: the trace shows where).
    static func compareSurvivors(_ report: inout MutationReport, _ usable: [(Judge, Model, [String: Mutant])], jobs: Int) {
        guard report.results.contains(where: { $0.status == .survived }),
              let (judge, model, byID) = usable.first(where: { $0.0.graphDepth != nil }), let depth = judge.graphDepth,
              let machine = try? Machine(model), let reference = try? StateGraph(machine: machine, maxDepth: depth)
        else { return }
        let edges = Set(reference.edges).count
        report.comparedOn = (reference.complete ? "every reachable state" : "depth \(depth ?? 0)")
            + ", \(reference.states.count) states, \(edges) state-changing transitions"
            + (judge.overrides.isEmpty ? "" : ", " + judge.overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        let survivors = report.results.indices.filter { report.results[$0].status == .survived }
        let ids = survivors.map { report.results[$0].mutant.id }
        let verdicts = MutatePool.map(ids, jobs: jobs) { id -> (MutantResult.Status, String)? in
            guard let variant = byID[id] else { return nil }
            let mutated = variant.apply(to: model)
            guard let m = try? Machine(mutated), let graph = try? StateGraph(machine: m, maxDepth: depth) else { return nil }
            switch reference.relation(to: graph) {
            case .equivalent:
                return (.equivalent, "the same reachable states and state-changing transitions as the model")
            case .sameStates(let extra, let missing):
                let parts = [extra.map { "a transition the model never takes (after " + steps($0, mutated) + ")" },
                             missing > 0 ? "\(missing) of the model's transitions missing" : nil].compactMap { $0 }
                return (.equivalent, "the same reachable states as the model, with " + parts.joined(separator: " and ")
                        + ": only which step leads where differs, which no invariant can see")
            case .fewerStates(let missing, let example):
                let e = example.map { "; e.g. the model reaches it after " + steps(reference.trace(to: $0), model) } ?? ""
                return (.survived, "only removes behaviour: reaches \(missing) fewer states\(e); no invariant can catch "
                        + "it; 'expect live', 'expect reachable' or 'expect recoverable' can")
            case .newState(let t):
                return (.survived, "reaches a state the model never does, after " + steps(t, mutated) + " (a missing obligation)")
            }
        }
        for (i, v) in zip(survivors, verdicts) {
            guard let (status, why) = v else { continue }
            report.results[i].status = status
            report.results[i].evidence = [why]
        }
        if let depth { lookDeeper(&report, model, byID, reference: reference, depth: depth, jobs: jobs) }
    }

    // MARK: judges

    /// Without obligations: the properties that hold on the model (verify), or, for an isa, its
    /// Popek–Goldberg table (classify).
    static func ownJudges(_ model: Model, _ options: MutateOptions) throws -> [Judge] {
        if model.kind == .isa, model.mode != nil {
            var width = options.width
            if width == nil, options.classifyEngine != .smt, !model.widthNames.isEmpty { width = Classifier.defaultReducedWidth }
            var overrides = options.constantOverrides
            if let w = width { for n in model.widthNames { overrides[n] = w } }
            let classifier = ClassifierOptions(engine: options.classifyEngine, width: width, timeoutMilliseconds: options.timeoutMilliseconds)
            let baseModel = try ModelLoader(constantOverrides: overrides).load(path: options.modelPath)
            let base = Classifier.classify(baseModel, width: width, options: classifier)
            let baseTable = table(base)
            let baseHoles = Set(base.vmm.holes)
            let baseTraps = trapProfiles(base)
            let name = "classification (\(options.classifyEngine.rawValue)" + (width.map { ", width \($0)" } ?? "") + ")"
            let cache = ClassificationCache()
            let fixedWidth = width
            let classify = { @Sendable (m: Model) -> Classification in
                cache.get(m) { Classifier.classify(m, width: fixedWidth, options: classifier, baseline: base) }
            }
            return [Judge(name: name, overrides: overrides, judge: { m in
                let c = classify(m)
                if !c.unknown.isEmpty || !c.disagreements.isEmpty { return .undecided(c.unknown + c.disagreements) }
                let diff = zip(table(c), baseTable).filter { $0 != $1 }.map { "\($0.0) (was \($0.1.components(separatedBy: ": ").last ?? ""))" }
                    + trapChanges(c, from: baseTraps)
                return diff.isEmpty ? .passes : .fails(diff)
            }, holes: { m in
                classify(m).vmm.holes.filter { !baseHoles.contains($0) }
            }, identical: { m in classify(m).identicalToBaseline })]
        }
        var verify = VerifyOptions(modelPath: options.modelPath, engine: options.engine)
        verify.depth = options.depth
        verify.timeoutMilliseconds = options.timeoutMilliseconds
        let base = VerifyCommand.verify(model, properties: Array(model.checkedProperties.indices), options: verify)
        let verifyOptions = verify
        let holding = base.verdicts.filter { $0.status == .holds || $0.status == .holdsBounded }.map(\.property)
        guard !holding.isEmpty else {
            throw MutateError(message: "error: no property of '\(model.name)' holds (engine \(options.engine.rawValue)), so none can kill a mutant",
                              code: .unknown)
        }
        return holding.map { p in
            let name = "\(model.checkedProperties[p].kind.rawValue) \(model.checkedProperties[p].name) (verify, \(options.engine.rawValue)"
                + (options.depth.map { ", depth \($0)" } ?? "") + ")"
            return Judge(name: name, overrides: options.constantOverrides, judge: { m in
                let r = VerifyCommand.verify(m, properties: [p], options: verifyOptions)
                guard let v = r.verdicts.first(where: { $0.property == p }) else { return .undecided(["no verdict"]) }
                switch v.status {
                case .holds, .holdsBounded: return .passes
                case .violated: return .fails(["violated" + (v.trace.map { " at depth \($0.steps.count)" } ?? "")])
                case .unknown: return .undecided([v.summary])
                }
            }, graphDepth: .some(options.depth))
        }
    }

    /// The obligations (from the given .proof files and folders) whose model is this model file.
    static func obligationJudges(_ model: Model, _ options: MutateOptions) throws -> [Judge] {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: options.modelPath).standardizedFileURL.resolvingSymlinksInPath().path
        var files: [String] = []
        for p in options.obligations {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDirectory) else {
                throw MutateError(message: "error: no such file or folder: \(p)", code: .usage)
            }
            if !isDirectory.boolValue { files.append(p); continue }
            for case let f as String in fm.enumerator(atPath: p) ?? FileManager.DirectoryEnumerator() where f.hasSuffix(".proof") {
                files.append((p as NSString).appendingPathComponent(f))
            }
        }
        var judges: [Judge] = []
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).standardizedFileURL.path
        let runner = CheckRunner(paths: CheckPaths(root: cwd, cwd: cwd), smtDirectory: nil, cache: nil)
        for file in files.sorted() {
            guard let data = fm.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw MutateError(message: "error: cannot read obligation file '\(file)'", code: .invalidInput)
            }
            let parsed = ObligationParser.parse(path: file, text: text)
            if !parsed.allDiagnostics.isEmpty {
                throw MutateError(message: DiagnosticError(parsed.allDiagnostics).description, code: .invalidInput)
            }
            let dir = URL(fileURLWithPath: file).deletingLastPathComponent()
            for o in parsed.obligations {
                guard let path = o.model, let analysis = o.analysis else { continue }
                let resolved = URL(fileURLWithPath: path, relativeTo: dir).standardizedFileURL.resolvingSymlinksInPath().path
                guard resolved == target else { continue }
                var overrides = options.constantOverrides
                for (n, v) in o.overrides { overrides[n] = v }
                let name = "obligation \(o.name) (\(file):\(o.location.line))"
                switch analysis {
                case .verify:
                    let names = model.checkedProperties.map(\.name)
                    var selected = o.properties.compactMap { names.firstIndex(of: $0.name) }
                    if selected.isEmpty { selected = Array(model.checkedProperties.indices) }
                    var verify = VerifyOptions(modelPath: options.modelPath, engine: VerifyOptions.Engine(rawValue: o.engine ?? "both") ?? .both)
                    verify.depth = o.depth
                    if let t = o.timeoutSeconds { verify.timeoutMilliseconds = t * 1000 }
                    let (chosen, verifyOptions) = (selected, verify)
                    judges.append(Judge(name: name, overrides: overrides, judge: { m in
                        let r = runner.judge(o, VerifyCommand.verify(m, properties: chosen, options: verifyOptions),
                                             modelReport: options.modelPath, graph: GraphConditions.check(o, in: m))
                        switch r.outcome {
                        case .passed: return .passes
                        case .failed: return .fails([r.message])
                        default: return .undecided([r.message])
                        }
                    }, graphDepth: .some(o.depth), cost: ["explore": 0, "both": 1, "smt": 2][o.engine ?? "both"] ?? 1))
                case .classify:
                    let engine = ClassifierOptions.Engine(rawValue: o.engine ?? "both") ?? .both
                    var width = o.width
                    let setWidths = model.widthNames.filter { overrides[$0] != nil }
                    if width == nil, engine != .smt, !model.widthNames.isEmpty, setWidths.isEmpty { width = Classifier.defaultReducedWidth }
                    if let w = width { for n in model.widthNames { overrides[n] = w } }
                    var classifier = ClassifierOptions(engine: engine, width: width)
                    if let t = o.timeoutSeconds { classifier.timeoutMilliseconds = t * 1000 }
                    let holesBefore = Set(o.expectations.flatMap { e -> [String] in if case .holes(let s) = e { s } else { [] } })
                    let cache = ClassificationCache()
                    let (fixedWidth, fixedOptions, widthNames) = (width, classifier, model.widthNames)
                    let baseModel: Model
                    do { baseModel = try ModelLoader(constantOverrides: overrides).load(path: options.modelPath) } catch {
                        throw MutateError(message: error.description, code: .invalidInput)
                    }
                    let baseline = cache.get(baseModel) {
                        Classifier.classify(baseModel, width: fixedWidth ?? widthNames.first.flatMap { baseModel.constants[$0] }, options: fixedOptions)
                    }
                    // A mutant changes one instruction: the others keep the model's verdicts.
                    let classify = { @Sendable (m: Model) -> Classification in
                        cache.get(m) {
                            Classifier.classify(m, width: fixedWidth ?? widthNames.first.flatMap { m.constants[$0] }, options: fixedOptions, baseline: baseline)
                        }
                    }
                    // The obligation's expectations are about theorems and holes; the trap
                    // profile is part of the classification too, so a mutant that changes it
                    // (a removed bounds check) is killed even when every theorem still holds.
                    let baseTraps = trapProfiles(baseline)
                    judges.append(Judge(name: name, overrides: overrides, judge: { m in
                        let c = classify(m)
                        let r = runner.judge(o, c, modelReport: options.modelPath)
                        switch r.outcome {
                        case .passed:
                            let changes = trapChanges(c, from: baseTraps)
                            return changes.isEmpty ? .passes : .fails(changes)
                        case .failed: return .fails([r.message])
                        default: return .undecided([r.message])
                        }
                    }, holes: { m in
                        classify(m).vmm.holes.filter { !holesBefore.contains($0) }
                    }, identical: { m in classify(m).identicalToBaseline }, cost: 3))
                }
            }
        }
        judges = judges.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element)
        guard !judges.isEmpty else {
            throw MutateError(message: "error: no obligation in \(options.obligations.joined(separator: ", ")) checks '\(options.modelPath)'",
                              code: .usage)
        }
        return judges
    }

    /// One line per instruction: its classes, for comparing a mutant's table with the original's.
    static func table(_ c: Classification) -> [String] {
        c.instructions.map { v in
            "\(v.name): " + [v.privileged ? "privileged" : "unprivileged", ClassifyRendering.classes(v),
                             v.userSensitive ? "user-sensitive" : "", v.vmmHole ? "VMM hole" : "",
                             v.breaks.isEmpty ? "" : "breaks " + v.breaks.joined(separator: ", ")]
                .filter { !$0.isEmpty }.joined(separator: ", ")
        }
    }

    /// Each instruction's trap profile, by name.
    static func trapProfiles(_ c: Classification) -> [String: TrapProfile] {
        Dictionary(c.instructions.map { ($0.name, $0.traps) }, uniquingKeysWith: { a, _ in a })
    }

    /// How a mutant traps differently from the model: its trap profiles ("trap profile: LOAD no
    /// longer raises memory in user mode"), then, where the profile is the same, the states in
    /// which it traps (classified against the model as its baseline).
    static func trapChanges(_ c: Classification, from base: [String: TrapProfile]) -> [String] {
        c.instructions.flatMap { v in v.traps.changes(from: base[v.name] ?? TrapProfile.empty, instruction: v.name).map { "trap profile: " + $0 } }
            + c.trapDifferences.map { "traps differently: " + $0.description }
    }

    // MARK: rendering

    public static func text(_ r: MutationReport) -> String {
        var lines: [String] = []
        let decided = r.killed + r.survived
        lines.append("mutants of \(r.model.kind.rawValue) \(r.model.name) (\(r.model.file)): \(r.results.count) mutants, "
                     + "\(r.killed) killed, \(r.survived) survived, \(r.equivalent) equivalent, \(r.unknown) unknown; kill rate "
                     + (decided == 0 ? "n/a" : String(format: "%.1f%% (%d/%d)", 100 * r.killRate, r.killed, decided))
                     + (r.equivalent > 0 ? " once the equivalent mutants are set aside" : ""))
        lines.append("checked by: " + r.checkedBy.joined(separator: "; "))
        if let on = r.comparedOn { lines.append("survivors compared with the model's state graph: " + on) }
        if r.interrupted { lines.append("INTERRUPTED: the mutants not yet run are unknown") }
        lines.append("by operator:")
        for op in MutationOperator.allCases {
            let rs = r.results.filter { $0.mutant.op == op }
            guard !rs.isEmpty else { continue }
            let k = rs.filter { $0.status == .killed }.count, u = rs.filter { $0.status == .unknown }.count
            lines.append("  \(op.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(k)/\(rs.count) killed" + (u > 0 ? ", \(u) unknown" : ""))
        }
        let holes = r.results.filter { !$0.newHoles.isEmpty }
        if !holes.isEmpty {
            lines.append("new Theorem 1 holes:")
            for h in holes { lines.append("  \(h.mutant.location): \(h.mutant.actionName): \(h.mutant.description) → hole in \(h.newHoles.joined(separator: ", "))") }
        }
        for (title, status) in [("survivors", MutantResult.Status.survived), ("equivalent", .equivalent), ("unknown", .unknown)] {
            let rs = r.results.filter { $0.status == status }
            guard !rs.isEmpty else { continue }
            lines.append("\(title):" + (status == .equivalent
                ? (r.model.kind == .isa ? " (the same instruction as the model's on the valid states: no classification tells them apart)"
                   : " (the same reachable states as the model: no invariant tells them apart; where the transitions differ, it says how)") : ""))
            for x in rs {
                lines.append("  \(x.mutant.location): \(x.mutant.op.rawValue): \(x.mutant.actionName): \(x.mutant.description)")
                for e in x.evidence where status != .equivalent || !e.hasPrefix("the same reachable states and") { lines.append("      " + e) }
            }
        }
        lines.append("killed:")
        for x in r.results where x.status == .killed {
            lines.append("  \(x.mutant.location): \(x.mutant.op.rawValue): \(x.mutant.actionName): \(x.mutant.description)")
            lines.append("      by " + (x.evidence.first ?? "?"))
        }
        return lines.joined(separator: "\n")
    }

    public static func json(_ r: MutationReport) -> String {
        func str(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default: out += u.value < 0x20 ? String(format: "\\u%04x", u.value) : String(u)
                }
            }
            return out + "\""
        }
        func list(_ xs: [String]) -> String { "[" + xs.map(str).joined(separator: ", ") + "]" }
        var lines = ["{"]
        lines.append("  \"model\": \(str(r.model.name)),")
        lines.append("  \"kind\": \(str(r.model.kind.rawValue)),")
        lines.append("  \"file\": \(str(r.model.file)),")
        lines.append("  \"checkedBy\": \(list(r.checkedBy)),")
        lines.append("  \"interrupted\": \(r.interrupted),")
        lines.append("  \"summary\": {\"mutants\": \(r.results.count), \"killed\": \(r.killed), \"survived\": \(r.survived), \"unknown\": \(r.unknown), \"equivalent\": \(r.equivalent), "
                     + "\"killRate\": \(String(format: "%.4f", r.killRate))},")
        lines.append("  \"mutants\": [")
        for (i, x) in r.results.enumerated() {
            let m = x.mutant
            lines.append("    {\"id\": \(str(m.id)), \"operator\": \(str(m.op.rawValue)), \"action\": \(str(m.actionName)), "
                         + "\"location\": \(str(m.location.description)), \"description\": \(str(m.description)), "
                         + "\"status\": \(str(x.status.rawValue)), \"evidence\": \(list(x.evidence)), \"newHoles\": \(list(x.newHoles))}"
                         + (i + 1 < r.results.count ? "," : ""))
        }
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}

/// Memoises one classification per mutant model (the judge and the new-holes report both need it).
final class ClassificationCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Classification] = [:]
    func get(_ m: Model, _ make: () -> Classification) -> Classification {
        let key = m.actions.map { "\($0.name):\(IRFingerprint.body($0.body))" }.joined(separator: ";")
        lock.lock()
        if let c = entries[key] { lock.unlock(); return c }
        lock.unlock()
        let c = make()
        lock.lock(); entries[key] = c; lock.unlock()
        return c
    }
}

final class MutatePoolState<R>: @unchecked Sendable {
    let lock = NSLock()
    var next = 0
    var results: [R?]
    init(_ n: Int) { results = Array(repeating: nil, count: n) }
}

/// Runs mutants on `jobs` threads, each with a large stack; results keep the mutants' order.
enum MutatePool {
    static func map<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ body: @escaping @Sendable (T) -> R) -> [R] {
        let state = MutatePoolState<R>(items.count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, items.count)) {
            group.enter()
            let thread = Thread {
                while true {
                    state.lock.lock()
                    let i = state.next
                    state.next += 1
                    state.lock.unlock()
                    guard i < items.count else { break }
                    let r = body(items[i])
                    state.lock.lock()
                    state.results[i] = r
                    state.lock.unlock()
                }
                group.leave()
            }
            thread.stackSize = 64 << 20
            thread.start()
        }
        group.wait()
        return state.results.map { $0! }
    }
}
