import Foundation
import WardConcrete
import WardIR
import WardISA
import WardReport
import WardSMT
import WardSolver
import WardSyntax

/// Where a run stands in the file system: every report path is relative to `root`.
struct CheckPaths: Sendable {
    /// The repository root, absolute and standardized.
    let root: String
    /// The working directory, absolute and standardized.
    let cwd: String

    func absolute(_ path: String) -> String {
        let p = path.hasPrefix("/") ? path : (cwd as NSString).appendingPathComponent(path)
        return URL(fileURLWithPath: p).standardizedFileURL.path
    }

    static func isInside(_ path: String, _ dir: String) -> Bool {
        path == dir || path.hasPrefix(dir.hasSuffix("/") ? dir : dir + "/")
    }

    /// Repository-relative when inside the repository, else absolute.
    func relative(_ path: String) -> String {
        let abs = absolute(path)
        if abs == root { return "." }
        if Self.isInside(abs, root) { return String(abs.dropFirst(root.hasSuffix("/") ? root.count : root.count + 1)) }
        return abs
    }

    /// How to name a file to the model loader: relative to the working directory when it is
    /// inside it (short diagnostics), absolute otherwise.
    func loaderPath(_ absolutePath: String) -> String {
        guard Self.isInside(absolutePath, cwd), absolutePath != cwd else { return absolutePath }
        return String(absolutePath.dropFirst(cwd.hasSuffix("/") ? cwd.count : cwd.count + 1))
    }

    func report(_ l: WardSyntax.SourceLocation) -> WardReport.SourceLocation {
        WardReport.SourceLocation(file: relative(l.file), line: l.line, column: l.column)
    }

    /// The nearest ancestor of `dir` (or `dir`) that holds `.git` or `Package.swift`.
    static func repositoryRoot(from dir: String) -> String? {
        let fm = FileManager.default
        var d = URL(fileURLWithPath: dir).standardizedFileURL
        while true {
            if fm.fileExists(atPath: d.appendingPathComponent(".git").path)
                || fm.fileExists(atPath: d.appendingPathComponent("Package.swift").path) { return d.path }
            if d.path == "/" { return nil }
            d = d.deletingLastPathComponent()
        }
    }
}

/// One unit of work of a run: a .proof file that does not parse, or one obligation.
enum CheckItem: Sendable {
    /// `path` is the report path of the file.
    case invalidFile(path: String, diagnostics: [Diagnostic])
    /// `repository` is the root a model path must stay inside.
    case obligation(Obligation, proofAbsolute: String, repository: String)

    var id: String {
        switch self {
        case .invalidFile(let path, let diagnostics): "\(path):\(diagnostics.first?.location?.line ?? 1)"
        case .obligation(let o, _, _): "\(o.file):\(o.location.line)"
        }
    }
}

/// What one item produced: its result, and diagnostics for stderr.
struct CheckItemResult: Sendable {
    var result: ObligationResult
    var diagnostics: String = ""
}

/// Runs one obligation and judges its verdict against the expectation.
struct CheckRunner: Sendable {
    static let verifyKind = "model.verify"
    static let classifyKind = "isa.classify"
    static let syntaxKind = "proof.syntax"

    let paths: CheckPaths
    let smtDirectory: String?
    let cache: CheckCache?

    func run(_ item: CheckItem) -> CheckItemResult {
        let start = Date()
        var out: CheckItemResult
        switch item {
        case .invalidFile(let path, let diagnostics):
            out = CheckItemResult(result: invalidFileResult(path: path, diagnostics: diagnostics),
                                  diagnostics: DiagnosticError(diagnostics).description)
        case .obligation(let o, let proof, let repository):
            out = run(o, proofAbsolute: proof, repository: repository)
        }
        out.result.durationSeconds = Date().timeIntervalSince(start)
        return out
    }

    /// An item the run did not start because it was interrupted: unknown, and saying why.
    func notRun(_ item: CheckItem) -> CheckItemResult {
        switch item {
        case .invalidFile: return run(item)   // no work to skip: its diagnostics are already known
        case .obligation(let o, _, _):
            var r = base(o, model: o.model ?? "")
            r.actual = "not run"
            r.outcome = .unknown
            r.message = "not run: the check was interrupted (Ctrl-C) before this obligation started"
            return CheckItemResult(result: r)
        }
    }

    // MARK: errors

    /// A model loader's diagnostic with its file as a report path (the loader names files as it was told).
    func relativized(_ d: Diagnostic) -> Diagnostic {
        var d = d
        if let l = d.location { d.location = WardSyntax.SourceLocation(file: paths.relative(l.file), line: l.line, column: l.column) }
        return d
    }

    /// Findings for diagnostics whose files are already report paths.
    func findings(_ diagnostics: [Diagnostic]) -> [Finding] {
        diagnostics.enumerated().map { i, d in
            Finding(message: d.message, location: d.location.map { WardReport.SourceLocation(file: $0.file, line: $0.line, column: $0.column) },
                    evidence: d.description, key: "diagnostic:\(i + 1)")
        }
    }

    static func oneLine(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { d in (d.location.map { "\($0): " } ?? "") + d.message }.joined(separator: "; ")
    }

    func invalidFileResult(path: String, diagnostics: [Diagnostic]) -> ObligationResult {
        let line = diagnostics.first?.location?.line ?? 1
        let column = diagnostics.first?.location?.column ?? 1
        return ObligationResult(
            id: "\(path):\(line)", name: path, kind: Self.syntaxKind,
            obligationLocation: WardReport.SourceLocation(file: path, line: line, column: column),
            model: "", expected: "a valid obligation file", actual: "invalid", outcome: .error,
            message: Self.oneLine(diagnostics), findings: findings(diagnostics))
    }

    func base(_ o: Obligation, model: String) -> ObligationResult {
        let kind = switch o.analysis {
        case .verify: Self.verifyKind
        case .classify: Self.classifyKind
        case nil: Self.syntaxKind
        }
        let location = WardReport.SourceLocation(file: o.file, line: o.location.line, column: o.location.column,
                                                 endLine: o.endLocation.line, endColumn: o.endLocation.column + 1)
        return ObligationResult(id: "\(o.file):\(o.location.line)", name: o.name, kind: kind, obligationLocation: location,
                                model: model, expected: o.expectedText, actual: "", outcome: .passed)
    }

    func errorResult(_ o: Obligation, model: String, _ diagnostics: [Diagnostic]) -> CheckItemResult {
        var r = base(o, model: model)
        r.actual = "invalid"
        r.outcome = .error
        r.message = Self.oneLine(diagnostics)
        r.findings = findings(diagnostics)
        return CheckItemResult(result: r, diagnostics: DiagnosticError(diagnostics).description)
    }

    // MARK: one obligation

    func run(_ o: Obligation, proofAbsolute: String, repository: String) -> CheckItemResult {
        guard o.diagnostics.isEmpty, let modelPath = o.model, let modelLocation = o.modelLocation, let analysis = o.analysis else {
            return errorResult(o, model: o.model ?? "", o.diagnostics)
        }
        let proofDir = (proofAbsolute as NSString).deletingLastPathComponent
        let modelAbsolute = URL(fileURLWithPath: modelPath.hasPrefix("/") ? modelPath : (proofDir as NSString).appendingPathComponent(modelPath))
            .standardizedFileURL.path
        let modelReport = paths.relative(modelAbsolute)
        let realModel = URL(fileURLWithPath: modelAbsolute).resolvingSymlinksInPath().path
        let realRoot = URL(fileURLWithPath: repository).resolvingSymlinksInPath().path
        if !CheckPaths.isInside(realModel, realRoot) {
            return errorResult(o, model: modelReport, [diagnostic(o, "model path '\(modelPath)' leaves the repository", at: modelLocation,
                                                                       notes: ["a model must be inside the repository that holds the obligation"])])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelAbsolute, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return errorResult(o, model: modelReport, [diagnostic(o, "model file '\(modelPath)' does not exist (looked for \(modelReport))", at: modelLocation)])
        }
        var overrides: [String: UInt64] = [:]
        for (n, v) in o.overrides { overrides[n] = v }
        let loaderPath = paths.loaderPath(modelAbsolute)
        let model: Model
        do {
            model = try ModelLoader(importRoot: repository, constantOverrides: overrides).load(path: loaderPath)
        } catch {
            return modelError(o, model: modelReport, error)
        }
        let key = cache.map { $0.key(o, model: model, paths: paths) }
        if smtDirectory == nil, let cache, let key, var hit = cache.lookup(key, id: "\(o.file):\(o.location.line)") {
            hit.cached = true
            return CheckItemResult(result: hit)
        }
        var out: CheckItemResult
        switch analysis {
        case .verify: out = verify(o, model: model, modelReport: modelReport)
        case .classify: out = classify(o, probe: model, loaderPath: loaderPath, repository: repository, overrides: overrides, modelReport: modelReport)
        }
        if let cache, let key, out.result.outcome == .passed || out.result.outcome == .failed {
            cache.store(key, out.result)
        }
        return out
    }

    func diagnostic(_ o: Obligation, _ message: String, at loc: WardSyntax.SourceLocation, notes: [String] = []) -> Diagnostic {
        Diagnostic(message, at: loc, lineText: o.sourceLine(loc.line), notes: notes)
    }

    func modelError(_ o: Obligation, model: String, _ error: DiagnosticError) -> CheckItemResult {
        var out = errorResult(o, model: model, error.diagnostics.map(relativized))
        out.result.message = "invalid model: " + out.result.message
        return out
    }

    // MARK: verify

    func verify(_ o: Obligation, model: Model, modelReport: String) -> CheckItemResult {
        var selected: [Int] = []
        var problems: [Diagnostic] = []
        let names = model.checkedProperties.map(\.name)
        let has = "model '\(model.name)' has: " + (names.isEmpty ? "no properties" : names.joined(separator: ", "))
        for p in o.properties {
            if let i = names.firstIndex(of: p.name) { selected.append(i) } else {
                problems.append(diagnostic(o, "model '\(model.name)' has no property '\(p.name)'", at: p.location, notes: [has]))
            }
        }
        for (e, loc) in zip(o.expectations, o.expectationLocations) {
            if case .violated(let expected) = e {
                for n in expected where !names.contains(n) {
                    problems.append(diagnostic(o, "model '\(model.name)' has no property '\(n)'", at: loc, notes: [has]))
                }
            }
            if case .reachable(let goals) = e { problems += unknownGoals(goals, o, model, at: loc) }
            if case .recoverable(let goals, _) = e { problems += unknownGoals(goals, o, model, at: loc) }
            if case .live(let targets) = e {
                for target in targets {
                    if case .failure(let e) = target.resolve(in: model) {
                        problems.append(diagnostic(o, e.message, at: loc, notes: [e.note]))
                    }
                }
            }
        }
        if !problems.isEmpty { return errorResult(o, model: modelReport, problems) }
        if selected.isEmpty { selected = Array(model.checkedProperties.indices) }

        var options = VerifyOptions(modelPath: model.file, engine: VerifyOptions.Engine(rawValue: o.engine ?? "both") ?? .both)
        options.depth = o.depth
        if let t = o.timeoutSeconds { options.timeoutMilliseconds = t * 1000 }
        options.exportQueries = smtDirectory != nil
        let report = VerifyCommand.verify(model, properties: selected, options: options)
        var out = CheckItemResult(result: judge(o, report, modelReport: modelReport, graph: GraphConditions.check(o, in: model)))
        if let dir = smtDirectory, let problem = writeQueries(report.queries, o, to: dir) {
            out.diagnostics = problem
        }
        return out
    }

    /// The `reachable` predicates an `expect reachable` or `expect recoverable` names that the model lacks.
    func unknownGoals(_ goals: [String], _ o: Obligation, _ model: Model, at loc: WardSyntax.SourceLocation) -> [Diagnostic] {
        let declared = model.reachables.map(\.name)
        let note = declared.isEmpty ? "it declares no 'reachable' predicate (reachable NAME: EXPR)" : "it declares: " + declared.joined(separator: ", ")
        return goals.filter { !declared.contains($0) }.map {
            diagnostic(o, "model '\(model.name)' has no reachable predicate '\($0)'", at: loc, notes: [note])
        }
    }

    /// `graph`: the results of the obligation's `expect live`, `reachable` and `recoverable`.
    func judge(_ o: Obligation, _ report: VerifyReport, modelReport: String, graph: GraphConditions = GraphConditions()) -> ObligationResult {
        let model = report.model
        var r = base(o, model: modelReport)
        func names(_ s: PropertyVerdict.Status) -> [String] {
            report.verdicts.filter { $0.status == s }.map { model.checkedProperties[$0.property].name }
        }
        let violated = names(.violated), unknown = names(.unknown), bounded = names(.holdsBounded)
        var parts: [String] = []
        if !violated.isEmpty { parts.append("violated \(Obligation.set(violated))") }
        if !unknown.isEmpty { parts.append("unknown \(Obligation.set(unknown))") }
        r.actual = parts.isEmpty ? (bounded.isEmpty ? "holds" : "bounded") : parts.joined(separator: ", ")

        let formatter = (try? StateLayout(model)).map { ValueFormatter(model: model, layout: $0) }
        var why: [String] = []
        for v in report.verdicts {
            let p = model.checkedProperties[v.property]
            let at = paths.report(p.location)
            switch v.status {
            case .violated:
                let detail = v.summary.hasPrefix("violated; ") ? String(v.summary.dropFirst(10)) : v.summary
                r.findings.append(Finding(message: "\(p.kind.rawValue) \(p.name) is violated: \(detail)", location: at,
                                          evidence: v.trace.flatMap { t in formatter.map { $0.render(t) } }, key: "violated:\(p.name)"))
            case .unknown:
                let engines = [v.explore.map { "explore: " + Self.withoutStatistics($0) }, v.smt.map { "smt: " + Self.withoutStatistics($0) }]
                    .compactMap { $0 }
                r.findings.append(Finding(message: "\(p.kind.rawValue) \(p.name): \(v.summary)", location: at,
                                          evidence: engines.isEmpty ? nil : engines.joined(separator: "\n"), key: "unknown:\(p.name)"))
            case .holdsBounded:
                if o.verdictExpectation == .holds || o.verdictExpectation.map({ if case .violated = $0 { true } else { false } }) == true {
                    r.findings.append(Finding(message: "\(p.kind.rawValue) \(p.name) holds only up to the depth bound; no unbounded proof",
                                              location: at, key: "bounded:\(p.name)"))
                }
            case .holds:
                break
            }
            why.append("\(p.name): \(v.summary)")
        }

        let expectation = o.verdictExpectation ?? .holds
        var failed: [String] = []     // definite differences
        var undecided: [String] = []  // no verdict where one was needed
        switch expectation {
        case .holds:
            if !violated.isEmpty { failed.append("violated: " + violated.joined(separator: ", ")) }
            if !unknown.isEmpty { undecided.append("undecided: " + unknown.joined(separator: ", ")) }
            if !bounded.isEmpty { undecided.append("holds only up to the depth bound (no unbounded proof): " + bounded.joined(separator: ", ")) }
        case .bounded:
            if !violated.isEmpty { failed.append("violated: " + violated.joined(separator: ", ")) }
            if !unknown.isEmpty { undecided.append("undecided: " + unknown.joined(separator: ", ")) }
        case .violated(let expected):
            let unexpected = violated.filter { !expected.contains($0) }
            if !unexpected.isEmpty { failed.append("violated but not expected to be: " + unexpected.joined(separator: ", ")) }
            let notFound = expected.filter { n in report.verdicts.contains { model.checkedProperties[$0.property].name == n && ($0.status == .holds || $0.status == .holdsBounded) } }
            if !notFound.isEmpty { failed.append("expected to be violated, but no violation found within the bounds: " + notFound.joined(separator: ", ")) }
            if !unknown.isEmpty { undecided.append("undecided: " + unknown.joined(separator: ", ")) }
            let boundedOthers = bounded.filter { !expected.contains($0) }
            if !boundedOthers.isEmpty { undecided.append("holds only up to the depth bound (no unbounded proof): " + boundedOthers.joined(separator: ", ")) }
        default:
            break  // the parser only lets verify expectations through
        }
        for c in [graph.liveness?.judgement(model, paths: paths, fallback: r.obligationLocation),
                  graph.reachability?.judgement(model, paths: paths, fallback: r.obligationLocation, formatter: formatter)].compactMap({ $0 }) {
            failed += c.failed; undecided += c.undecided; why += c.why
            r.actual += c.actual
            r.findings += c.findings
        }
        if !failed.isEmpty {
            r.outcome = .failed
            r.message = "expected \(r.expected), actual \(r.actual): " + failed.joined(separator: "; ")
            r.findings.append(Finding(message: "obligation \(o.name): expected \(r.expected), actual \(r.actual)",
                                      location: r.obligationLocation, key: "expectation"))
        } else if !undecided.isEmpty {
            r.outcome = .unknown
            r.message = "no verdict for obligation \(o.name) (expected \(r.expected)): " + undecided.joined(separator: "; ")
        } else {
            r.outcome = .passed
            r.message = why.joined(separator: "; ")
        }
        return r
    }

    /// "1 step", "2 steps".
    static func steps(_ k: Int) -> String { k == 1 ? "1 step" : "\(k) steps" }

    /// "unknown: timeout (3 queries, 0.12 s)" → "unknown: timeout": timings would make reports differ between runs.
    static func withoutStatistics(_ text: String) -> String {
        guard text.hasSuffix(")"), let open = text.range(of: " (", options: .backwards) else { return text }
        return String(text[..<open.lowerBound])
    }

    /// Writes each query as `DIR/<proof path without .proof>/<obligation>/<NNNN-name>.smt2`; the
    /// verdict is in the script's `(set-info :status …)`. Returns a message when writing failed.
    func writeQueries(_ queries: [DischargedQuery], _ o: Obligation, to dir: String) -> String? {
        var proof = o.file
        if proof.hasSuffix(".proof") { proof.removeLast(6) }
        let relative = proof.split(separator: "/").filter { $0 != ".." && $0 != "." }.joined(separator: "/")
        let folder = URL(fileURLWithPath: paths.absolute(dir)).appendingPathComponent(relative).appendingPathComponent(o.name)
        let fm = FileManager.default
        do {
            try? fm.removeItem(at: folder)
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            for q in queries {
                let name = String(q.name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
                let header = "; ward check: obligation \(o.file):\(o.location.line) (\(o.name)), query \(q.name), Z3 said \(q.status)\n"
                // cvc5 (1.0) refuses declarations before a `set-logic`; ALL is SMT-LIB's "every theory".
                let script = q.script.contains("(set-logic") ? q.script : "(set-logic ALL)\n" + q.script
                try Data((header + script).utf8).write(to: folder.appendingPathComponent(name + ".smt2"), options: .atomic)
            }
        } catch {
            return "warning: cannot write SMT queries to \(folder.path): \(error)"
        }
        return nil
    }

    // MARK: classify

    func classify(_ o: Obligation, probe: Model, loaderPath: String, repository: String, overrides: [String: UInt64],
                  modelReport: String) -> CheckItemResult {
        guard probe.kind == .isa, probe.mode != nil else {
            return errorResult(o, model: modelReport, [diagnostic(o, "'\(probe.name)' is a \(probe.kind.rawValue), not an isa with a mode field; classify takes an isa model",
                                                                  at: o.modelLocation ?? o.location)])
        }
        let instructionNames = probe.actions.map(\.name)
        var problems: [Diagnostic] = []
        for (e, loc) in zip(o.expectations, o.expectationLocations) {
            switch e {
            case .holes(let names), .hybridHoles(let names):
                for n in names where !instructionNames.contains(n) {
                    problems.append(diagnostic(o, "model '\(probe.name)' has no instruction '\(n)'", at: loc,
                                               notes: ["it has: " + instructionNames.joined(separator: ", ")]))
                }
            default: break
            }
        }
        let engine = ClassifierOptions.Engine(rawValue: o.engine ?? "both") ?? .both
        // The same width rule as `Classifier.classify(path:options:)`, with the obligation's `set`s on top.
        var width = o.width
        let setWidths = probe.widthNames.filter { overrides[$0] != nil }
        if let w = width, let n = setWidths.first {
            problems.append(diagnostic(o, "'set \(n) = \(overrides[n]!)' conflicts with 'width \(w)'", at: o.location))
        }
        if width == nil, engine != .smt, !probe.widthNames.isEmpty, setWidths.isEmpty { width = Classifier.defaultReducedWidth }
        if !problems.isEmpty { return errorResult(o, model: modelReport, problems) }
        var model = probe
        if let w = width {
            var all = overrides
            for n in probe.widthNames { all[n] = w }
            do {
                model = try ModelLoader(importRoot: repository, constantOverrides: all).load(path: loaderPath)
            } catch {
                return modelError(o, model: modelReport, error)
            }
        }
        var options = ClassifierOptions(engine: engine, width: width)
        if let t = o.timeoutSeconds { options.timeoutMilliseconds = t * 1000 }
        let log = smtDirectory == nil ? nil : QueryLog()
        options.queryLog = log
        var c = Classifier.classify(model, width: width ?? probe.widthNames.first.flatMap { model.constants[$0] }, options: options)
        let wantsRecursive = o.expectations.contains { $0.keyword == "recursive" } && c.vmm.holds && c.disagreements.isEmpty && c.unknown.isEmpty
        let wantsDivergence = o.expectations.contains { $0.keyword == "divergent" }
        var divergence: VMMDivergence?
        if wantsRecursive || wantsDivergence {
            // Theorem 2 and the VMM's equivalence run on the emulator, so at the reduced width.
            var reduced = model
            if width == nil, !probe.widthNames.isEmpty {
                var all = overrides
                for n in probe.widthNames { all[n] = Classifier.defaultReducedWidth }
                do {
                    reduced = try ModelLoader(importRoot: repository, constantOverrides: all).load(path: loaderPath)
                } catch {
                    return modelError(o, model: modelReport, error)
                }
            }
            if wantsRecursive { c.recursive = Classifier.recursiveVerdict(reduced) }
            if wantsDivergence {
                divergence = VMMDivergence.check(reduced: reduced, full: probe, timeoutMilliseconds: options.timeoutMilliseconds, queryLog: log)
            }
        }
        var out = CheckItemResult(result: judge(o, c, divergence: divergence, modelReport: modelReport))
        if let dir = smtDirectory, let log {
            let queries = log.entries.map { e in
                DischargedQuery(name: String(format: "%04d-classify", e.sequence), script: e.script, status: e.status)
            }
            if let problem = writeQueries(queries, o, to: dir) { out.diagnostics = problem }
        }
        return out
    }

    /// Theorem 2's verdict: true or false when decided ("holds…", "fails…"), nil otherwise.
    static func recursiveHolds(_ c: Classification) -> Bool? {
        c.recursive.hasPrefix("holds") ? true : c.recursive.hasPrefix("fails") ? false : nil
    }

    /// `divergence` is nil when the VMM was not checked (`ward mutate` judges the classifier's
    /// verdicts only): then `expect divergent` is left out of the judgement.
    func judge(_ o: Obligation, _ c: Classification, divergence: VMMDivergence? = nil, modelReport: String) -> ObligationResult {
        var r = base(o, model: modelReport)
        r.actual = o.expectations.map { e -> String in
            switch e {
            case .vmm: Obligation.Expectation.vmm(holds: c.vmm.holds).text
            case .holes: Obligation.Expectation.holes(c.vmm.holes).text
            case .hybrid: Obligation.Expectation.hybrid(holds: c.hybrid.holds).text
            case .hybridHoles: Obligation.Expectation.hybridHoles(c.hybrid.holes).text
            case .recursive: Self.recursiveHolds(c).map { Obligation.Expectation.recursive(holds: $0).text } ?? "recursive unknown"
            case .divergent: divergence.map { Obligation.Expectation.divergent($0.divergent).text } ?? "divergent not checked"
            default: e.text
            }
        }.joined(separator: ", ")
        for v in c.instructions where v.vmmHole || v.hybridHole {
            let theorems = v.vmmHole ? (v.hybridHole ? "a Theorem 1 (VMM) and Theorem 3 (hybrid VMM) hole" : "a Theorem 1 (VMM) hole")
                : "a Theorem 3 (hybrid VMM) hole"
            let sensitivity = v.vmmHole ? ClassifyRendering.classes(v) : "user-sensitive"
            r.findings.append(Finding(
                message: "\(v.name) is sensitive (\(sensitivity)) but not privileged: \(theorems)",
                location: paths.report(v.location),
                evidence: v.witnesses.isEmpty ? nil : v.witnesses.flatMap(ClassifyRendering.render).joined(separator: "\n"),
                key: v.vmmHole ? "hole:\(v.name)" : "hybrid_hole:\(v.name)"))
        }
        for v in c.instructions where !v.breaks.isEmpty {
            r.findings.append(Finding(
                message: "\(v.name) leaves the valid states: a run from a valid state breaks invariant\(v.breaks.count == 1 ? "" : "s") "
                    + v.breaks.joined(separator: ", "),
                location: paths.report(v.location),
                evidence: v.witnesses.filter { $0.finding.hasPrefix("leaves the valid states") }.flatMap(ClassifyRendering.render).joined(separator: "\n"),
                key: "breaks:\(v.name)"))
        }
        for (i, d) in c.disagreements.enumerated() {
            r.findings.append(Finding(message: "the engines disagree: \(d)", location: r.obligationLocation, key: "disagreement:\(i + 1)"))
        }
        for (i, u) in c.unknown.enumerated() {
            r.findings.append(Finding(message: "undecided: \(u)", location: r.obligationLocation, key: "unknown:\(i + 1)"))
        }
        if let d = divergence { r.findings += d.findings(paths: paths, model: c.model) }
        let matches = o.expectations.allSatisfy { e in
            switch e {
            case .vmm(let h): c.vmm.holds == h
            case .holes(let s): Set(s) == Set(c.vmm.holes)
            case .hybrid(let h): c.hybrid.holds == h
            case .hybridHoles(let s): Set(s) == Set(c.hybrid.holes)
            case .recursive(let h): Self.recursiveHolds(c) == h
            case .divergent(let s): divergence.map { Set(s) == Set($0.divergent) } ?? true
            default: true
            }
        }
        let emulatorUndecided = o.expectations.contains { $0.keyword == "recursive" } && Self.recursiveHolds(c) == nil
            || divergence.map { !$0.undecided.isEmpty } ?? false
        let summary = "Theorem 1 " + (c.vmm.holds ? "holds" : "fails, holes \(Obligation.set(c.vmm.holes))")
            + "; Theorem 3 " + (c.hybrid.holds ? "holds" : "fails, holes \(Obligation.set(c.hybrid.holes))")
            + (o.expectations.contains { $0.keyword == "recursive" } ? "; Theorem 2 " + c.recursive : "")
            + (divergence.map { "; the generic VMM diverges on \(Obligation.set($0.divergent))" + ($0.undecided.isEmpty ? "" : ", undecided: " + $0.undecided.joined(separator: "; ")) } ?? "")
            + (c.width.map { " (at width \($0))" } ?? "")
        if emulatorUndecided, c.disagreements.isEmpty, c.unknown.isEmpty {
            r.outcome = .unknown
            r.message = "no verdict for obligation \(o.name) (expected \(r.expected)): "
                + (divergence.map { $0.undecided.isEmpty } ?? true ? "Theorem 2 is undecided; " : "the VMM's equivalence is undecided; ") + summary
        } else if !c.disagreements.isEmpty || !c.unknown.isEmpty {
            // The table cannot be trusted when the engines disagree or could not decide.
            r.outcome = .unknown
            r.message = "no verdict for obligation \(o.name) (expected \(r.expected)): "
                + (c.disagreements.isEmpty ? "" : "the engines disagree (\(c.disagreements.count)); ")
                + (c.unknown.isEmpty ? "" : "\(c.unknown.count) undecided question\(c.unknown.count == 1 ? "" : "s"); ") + summary
        } else if !c.closed {
            // The theorems quantify over the valid states: when an instruction leaves them, no
            // verdict about the table is sound, whatever the expectations say.
            let broken = c.instructions.filter { !$0.breaks.isEmpty }.map { "\($0.name) breaks \(Obligation.set($0.breaks))" }
            r.outcome = .failed
            r.message = "the valid states are not closed: " + broken.joined(separator: "; ") + "; " + summary
        } else if !matches {
            r.outcome = .failed
            r.message = "expected \(r.expected), actual \(r.actual): \(summary)"
            r.findings.append(Finding(message: "obligation \(o.name): expected \(r.expected), actual \(r.actual)",
                                      location: r.obligationLocation, key: "expectation"))
        } else {
            r.outcome = .passed
            r.message = summary
        }
        return r
    }
}
