/// Counts of obligations per outcome.
public struct ReportSummary: Codable, Sendable, Hashable {
    public var passed: Int
    public var failed: Int
    public var unknown: Int
    public var error: Int

    public var total: Int { passed + failed + unknown + error }

    public init(passed: Int = 0, failed: Int = 0, unknown: Int = 0, error: Int = 0) {
        self.passed = passed
        self.failed = failed
        self.unknown = unknown
        self.error = error
    }

    public init<S: Sequence>(outcomes: S) where S.Element == Outcome {
        self.init()
        for outcome in outcomes { self[outcome] += 1 }
    }

    public subscript(outcome: Outcome) -> Int {
        get {
            switch outcome {
            case .passed: passed
            case .failed: failed
            case .unknown: unknown
            case .error: error
            }
        }
        set {
            switch outcome {
            case .passed: passed = newValue
            case .failed: failed = newValue
            case .unknown: unknown = newValue
            case .error: error = newValue
            }
        }
    }

    /// The process exit code for a run with these counts.
    ///
    /// Precedence, highest first — the most actionable problem wins:
    /// 1. any `error`   → 65 (`EX_DATAERR`): the inputs are broken, so no other verdict is trustworthy;
    /// 2. any `failed`  → 1: a verdict definitely differs from what was expected;
    /// 3. any `unknown` → 2: no verdict (timeout/limit), which may pass on a retry;
    /// 4. otherwise     → 0, including an empty report (vacuously as expected;
    ///    callers that treat "no obligations found" as invalid decide that themselves).
    public var exitCode: Int32 {
        if error > 0 { return ExitCode.invalidInput }
        if failed > 0 { return ExitCode.failed }
        if unknown > 0 { return ExitCode.unknown }
        return ExitCode.success
    }

    /// "12 passed, 1 failed, 0 unknown, 0 error".
    public var line: String {
        Outcome.allCases.map { "\(self[$0]) \($0.rawValue)" }.joined(separator: ", ")
    }
}

/// The exit codes `ward check` uses; see `ReportSummary.exitCode` for precedence.
public enum ExitCode {
    public static let success: Int32 = 0
    public static let failed: Int32 = 1
    public static let unknown: Int32 = 2
    public static let invalidInput: Int32 = 65
}

extension CheckReport {
    public var summary: ReportSummary { ReportSummary(outcomes: obligations.map(\.outcome)) }
    public var exitCode: Int32 { summary.exitCode }
}
