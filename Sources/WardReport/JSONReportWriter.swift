/// Ward's own machine-readable report.
///
/// Output is deterministic: the same report always renders to the same bytes, whatever
/// order its obligations were added in. Obligations are in source order (file in UTF-8
/// byte order, then line numerically, then id), findings by `key`, object keys are sorted, there are no timestamps, and the
/// run-dependent fields (`durationSeconds`, `cached`) appear only when asked for.
/// Two-space indentation, UTF-8, trailing newline. Absent optionals are omitted, never
/// `null`. The document decodes back into `CheckReport` with `JSONDecoder` (omitted
/// `cached`/`durationSeconds` decode as `false`/`0`).
///
/// Schema (`schemaVersion` 1; keys appear sorted in the real output):
///
///     {
///       "schemaVersion": 1,                      // bumped on incompatible changes
///       "toolName": "ward",
///       "toolVersion": "0.1.0",
///       "solverVersion": "4.13.0",
///       "exitCode": 1,                           // 0 | 1 | 2 | 65, see ReportSummary.exitCode
///       "summary": { "total": 13, "passed": 12, "failed": 1, "unknown": 0, "error": 0 },
///       "obligations": [                         // in source order
///         {
///           "id": "Proofs/isa/x86-legacy.proof:3",    // stable identity
///           "name": "x86 legacy is not virtualizable",
///           "kind": "isa.classify",                   // rule id
///           "obligationLocation": { "file": "Proofs/isa/x86-legacy.proof", "line": 3, "column": 1,
///                                   "endLine": 3, "endColumn": 40 },   // end* optional, 1-based
///           "model": "Models/isa/x86-legacy.ward",    // repository-relative
///           "expected": "holes {POPF, SGDT}",
///           "actual": "holes {POPF, SGDT}",
///           "outcome": "passed",                      // passed | failed | unknown | error
///           "message": "",
///           "findings": [                             // sorted by key; may be empty
///             { "key": "hole:SGDT",                   // stable identity of the finding
///               "message": "SGDT reads sensitive state without trapping",
///               "location": { "file": "...", "line": 12, "column": 5 },  // optional
///               "evidence": "..." }                   // optional witness/trace/query
///           ],
///           "cached": false,                          // only with includeCacheStatus
///           "durationSeconds": 0.42                   // only with includeTimings
///         }
///       ]
///     }
public struct JSONReportWriter: ReportWriter {
    public static let schemaVersion = 1

    /// Emit `durationSeconds` per obligation.
    public var includeTimings: Bool
    /// Emit `cached` per obligation. Off by default because it flips between a cold
    /// and a warm run of the same inputs, which would break byte-for-byte comparison.
    public var includeCacheStatus: Bool

    public init(includeTimings: Bool = false, includeCacheStatus: Bool = false) {
        self.includeTimings = includeTimings
        self.includeCacheStatus = includeCacheStatus
    }

    public func render(_ report: CheckReport) -> String {
        let summary = report.summary
        return JSONValue.object([
            ("schemaVersion", .int(Self.schemaVersion)),
            ("toolName", .string(report.toolName)),
            ("toolVersion", .string(report.toolVersion)),
            ("solverVersion", .string(report.solverVersion)),
            ("exitCode", .int(Int(summary.exitCode))),
            ("summary", .object([
                ("total", .int(summary.total)),
                ("passed", .int(summary.passed)),
                ("failed", .int(summary.failed)),
                ("unknown", .int(summary.unknown)),
                ("error", .int(summary.error)),
            ])),
            ("obligations", .array(report.canonicalObligations.map {
                Self.obligationValue($0, includeTimings: includeTimings, includeCacheStatus: includeCacheStatus)
            })),
        ]).serialized()
    }

    static func obligationValue(_ o: ObligationResult, includeTimings: Bool, includeCacheStatus: Bool) -> JSONValue {
        .object([
            ("id", .string(o.id)),
            ("name", .string(o.name)),
            ("kind", .string(o.kind)),
            ("obligationLocation", locationValue(o.obligationLocation)),
            ("model", .string(o.model)),
            ("expected", .string(o.expected)),
            ("actual", .string(o.actual)),
            ("outcome", .string(o.outcome.rawValue)),
            ("message", .string(o.message)),
            ("findings", .array(o.canonicalFindings.map(findingValue))),
            ("cached", includeCacheStatus ? .bool(o.cached) : nil),
            ("durationSeconds", includeTimings ? .double(o.durationSeconds) : nil),
        ])
    }

    static func findingValue(_ f: Finding) -> JSONValue {
        .object([
            ("key", .string(f.key)),
            ("message", .string(f.message)),
            ("location", f.location.map(locationValue)),
            ("evidence", f.evidence.map(JSONValue.string)),
        ])
    }

    static func locationValue(_ l: SourceLocation) -> JSONValue {
        .object([
            ("file", .string(l.file)),
            ("line", .int(l.line)),
            ("column", .int(l.column)),
            ("endLine", l.endLine.map(JSONValue.int)),
            ("endColumn", l.endColumn.map(JSONValue.int)),
        ])
    }
}
