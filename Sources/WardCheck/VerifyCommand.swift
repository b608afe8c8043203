import Foundation
import WardConcrete
import WardIR
import WardSMT
import WardSyntax

public struct VerifyOptions: Sendable {
    public enum Engine: String, Sendable { case explore, smt, both }
    public var modelPath: String
    public var engine: Engine
    public var properties: [String] = []
    public var depth: Int?
    public var timeoutMilliseconds: UInt32 = 30_000
    public var rlimit: UInt64?
    public var json = false
    public var constantOverrides: [String: UInt64] = [:]
    /// The explorer's threads and bounds (`ExplorerOptions`); a bound that is hit gives `unknown`.
    public var jobs = 1
    public var maxStates: Int?
    public var maxMemory: Int?
    /// Keep every query the SMT engine discharged on the report (`ward check --smt-dir`).
    public var exportQueries = false
    public init(modelPath: String, engine: Engine) { self.modelPath = modelPath; self.engine = engine }
}

/// The verdict on one property, with what each engine said and the evidence.
public struct PropertyVerdict: Sendable {
    public enum Status: String, Sendable { case holds, holdsBounded = "holds-bounded", violated, unknown }
    public var property: Int
    public var status: Status
    public var summary: String
    public var explore: String?
    public var smt: String?
    public var trace: Trace?
    public var notes: [String] = []
    /// The explorer's figures for the run that gave this verdict.
    public var exploreStatistics: ExplorerStatistics?
}

public struct VerifyReport: Sendable {
    public var model: Model
    public var verdicts: [PropertyVerdict]
    /// The SMT engine's queries, when `VerifyOptions.exportQueries` asked for them.
    public var queries: [DischargedQuery] = []
    public var exitCode: ExitCode {
        if verdicts.contains(where: { $0.status == .violated }) { return .violated }
        if verdicts.contains(where: { $0.status == .unknown }) { return .unknown }
        return .ok
    }
}

public enum VerifyCommand {
    public static func run(_ options: VerifyOptions) -> CommandOutput {
        let model: Model
        do {
            model = try ModelLoader(constantOverrides: options.constantOverrides).load(path: options.modelPath)
        } catch {
            return CommandOutput(stderr: error.description, exitCode: .invalidInput)
        }
        var selected: [Int] = []
        for name in options.properties {
            guard let i = model.checkedProperties.firstIndex(where: { $0.name == name }) else {
                let names = model.checkedProperties.map(\.name).joined(separator: ", ")
                return CommandOutput(stderr: "error: model '\(model.name)' has no property '\(name)' (it has: \(names.isEmpty ? "none" : names))",
                                     exitCode: .usage)
            }
            selected.append(i)
        }
        if selected.isEmpty { selected = Array(model.checkedProperties.indices) }
        let report = verify(model, properties: selected, options: options)
        let text = options.json ? VerifyRendering.json(report) : VerifyRendering.text(report)
        return CommandOutput(stdout: text, exitCode: report.exitCode)
    }

    /// Runs the chosen engines until every selected property has a verdict. A run stops at the
    /// first violation, so the violated property is set aside and the rest run again.
    public static func verify(_ model: Model, properties: [Int], options: VerifyOptions) -> VerifyReport {
        var verdicts: [PropertyVerdict] = []
        var queries: [DischargedQuery] = []
        var remaining = properties
        let machine = Result { try Machine(model) }
        var round = 0
        while !remaining.isEmpty {
            round += 1
            var exploreResult: ExplorerResult?
            var exploreError: String?
            var smtResult: SMTResult?
            if options.engine != .smt {
                switch machine {
                case .success(let m):
                    exploreResult = Explorer(m).run(ExplorerOptions(maxDepth: options.depth, maxStates: options.maxStates ?? Int.max,
                                                                    properties: remaining, jobs: options.jobs,
                                                                    maxMemory: options.maxMemory))
                case .failure(let e):
                    exploreError = "\(e)"
                }
            }
            if options.engine != .explore {
                let smt = SMTOptions(maxDepth: options.depth ?? 12, timeoutMilliseconds: options.timeoutMilliseconds,
                                     rlimit: options.rlimit, properties: remaining)
                let r = ModelChecker(model: model, options: smt, exportQueries: options.exportQueries).run()
                // Each round re-checks the properties left after a violation; keep the names unique.
                queries += r.exported.map { q in
                    var q = q
                    if round > 1 { q.name = "round\(round)-" + q.name }
                    return q
                }
                smtResult = r
            }
            let combined = combine(model, remaining, exploreResult, exploreError, smtResult, try? machine.get()).map {
                var v = $0
                v.exploreStatistics = exploreResult?.statistics
                return v
            }
            verdicts += combined
            let violated = combined.filter { $0.status == .violated }.map(\.property)
            if violated.isEmpty { break }
            remaining.removeAll { violated.contains($0) }
        }
        return VerifyReport(model: model, verdicts: verdicts.sorted { $0.property < $1.property }, queries: queries)
    }

    static func describe(_ r: ExplorerResult) -> String {
        let s = r.statistics
        let stats = "\(s.states) states, \(s.transitions) transitions, depth \(s.depth), "
            + String(format: "%.2f s, %.0f states/s, %.0f bytes/state", s.seconds, s.statesPerSecond, s.bytesPerState)
        switch r.verdict {
        case .holds(let complete): return (complete ? "holds (exhaustive: " : "holds up to the depth bound (") + stats + ")"
        case .violated(let t): return "violated at depth \(t.steps.count) (" + stats + ")"
        case .unknown(let why): return "unknown: \(why) (" + stats + ")"
        }
    }

    static func describe(_ r: SMTResult) -> String {
        let stats = String(format: "%d queries, %.2f s", r.queries, r.seconds)
        switch r.verdict {
        case .proved(let k): return "holds, proved unbounded by \(k) (\(stats))"
        case .holdsUpTo(let d): return "holds up to depth \(d), not k-inductive for k ≤ \(d + 1) (\(stats))"
        case .violated(let t): return "violated at depth \(t.steps.count) (\(stats))"
        case .unknown(let why): return "unknown: \(why) (\(stats))"
        }
    }

    static func combine(_ model: Model, _ props: [Int], _ ex: ExplorerResult?, _ exError: String?, _ smt: SMTResult?,
                        _ machine: Machine?) -> [PropertyVerdict] {
        // HRU safety properties of mono-operational policies are decided exactly (PolicyHRU.swift).
        PolicyHRU.refine(model, machine, combineEngines(model, props, ex, exError, smt, machine))
    }

    static func combineEngines(_ model: Model, _ props: [Int], _ ex: ExplorerResult?, _ exError: String?, _ smt: SMTResult?,
                               _ machine: Machine?) -> [PropertyVerdict] {
        let exText = ex.map(describe) ?? exError.map { "unknown: \($0)" }
        let smtText = smt.map(describe)
        func all(_ status: PropertyVerdict.Status, _ summary: String, notes: [String] = []) -> [PropertyVerdict] {
            props.map { PropertyVerdict(property: $0, status: status, summary: summary, explore: exText, smt: smtText, notes: notes) }
        }
        var exTrace: Trace?, smtTrace: Trace?
        if case .violated(let t)? = ex?.verdict { exTrace = t }
        if case .violated(let t)? = smt?.verdict { smtTrace = t }
        if let t = smtTrace, let m = machine, let problem = TraceReplay.validate(t, on: m) {
            return all(.unknown, "the solver's counterexample does not replay on the emulator: \(problem) (a bug in Ward)")
        }
        switch (exTrace, smtTrace) {
        case (let a?, let b?):
            if a == b {
                return [PropertyVerdict(property: a.property, status: .violated, summary: "violated; both engines give the same shortest trace (\(a.steps.count) step\(a.steps.count == 1 ? "" : "s"))",
                                        explore: exText, smt: smtText, trace: a)]
            }
            return all(.unknown, "the engines disagree on the counterexample (a bug in Ward)")
        case (let a?, nil), (nil, let a?):
            let other = exTrace == nil ? ex?.verdict : smt.map { _ in ExplorerVerdict.unknown("") }
            if case .holds(true)? = other { return all(.unknown, "the engines disagree: one proves, one refutes (a bug in Ward)") }
            if let s = smt, exTrace != nil, case .proved = s.verdict { return all(.unknown, "the engines disagree: one proves, one refutes (a bug in Ward)") }
            return [PropertyVerdict(property: a.property, status: .violated,
                                    summary: "violated; shortest trace has \(a.steps.count) step\(a.steps.count == 1 ? "" : "s")",
                                    explore: exText, smt: smtText, trace: a)]
        case (nil, nil):
            break
        }
        let exComplete: Bool? = { if case .holds(let c)? = ex?.verdict { return c }; return nil }()
        var proof: ProofKind?
        var bounded: Int?
        if case .proved(let k)? = smt?.verdict { proof = k }
        if case .holdsUpTo(let d)? = smt?.verdict { bounded = d }
        if let k = proof { return all(.holds, "holds (unbounded: \(k))") }
        if exComplete == true { return all(.holds, "holds (exhaustive exploration of every reachable state)") }
        if exComplete == false || bounded != nil {
            return all(.holdsBounded, "holds up to the depth bound; no unbounded proof")
        }
        return all(.unknown, "unknown: no engine could decide")
    }
}
