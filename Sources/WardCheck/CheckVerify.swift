import WardConcrete
import WardIR
import WardSMT

/// `VerifyCommand.verify`, plus every query the SMT engine discharged (for `ward check --smt-dir`).
///
/// This is the same loop as `VerifyCommand.verify` with `exportQueries: true` on the
/// `ModelChecker`; it exists only because `VerifyOptions` has no way to ask for the queries.
/// Once it does (an `exportQueries` option and the queries on `VerifyReport`), this helper
/// should go and `ward check` should call `VerifyCommand.verify` alone.
enum CheckVerify {
    static func verify(_ model: Model, properties: [Int], options: VerifyOptions, exportQueries: Bool)
        -> (report: VerifyReport, queries: [DischargedQuery])
    {
        guard exportQueries, options.engine != .explore else {
            return (VerifyCommand.verify(model, properties: properties, options: options), [])
        }
        var verdicts: [PropertyVerdict] = []
        var queries: [DischargedQuery] = []
        var remaining = properties
        let machine = Result { try Machine(model) }
        var round = 0
        while !remaining.isEmpty {
            round += 1
            var exploreResult: ExplorerResult?
            var exploreError: String?
            if options.engine != .smt {
                switch machine {
                case .success(let m): exploreResult = Explorer(m).run(ExplorerOptions(maxDepth: options.depth, properties: remaining))
                case .failure(let e): exploreError = "\(e)"
                }
            }
            let smt = SMTOptions(maxDepth: options.depth ?? 12, timeoutMilliseconds: options.timeoutMilliseconds,
                                 rlimit: options.rlimit, properties: remaining)
            let smtResult = ModelChecker(model: model, options: smt, exportQueries: true).run()
            // Each round re-checks the properties left after a violation; keep the names unique.
            queries += smtResult.exported.map { q in
                var q = q
                if round > 1 { q.name = "round\(round)-" + q.name }
                return q
            }
            let combined = VerifyCommand.combine(model, remaining, exploreResult, exploreError, smtResult, try? machine.get())
            verdicts += combined
            let violated = combined.filter { $0.status == .violated }.map(\.property)
            if violated.isEmpty { break }
            remaining.removeAll { violated.contains($0) }
        }
        return (VerifyReport(model: model, verdicts: verdicts.sorted { $0.property < $1.property }), queries)
    }
}
