/// SARIF 2.1.0 for code-scanning services (GitHub, GitLab, Azure DevOps).
///
/// One run; one rule per obligation kind (sorted); for each obligation (in source order)
/// one result per finding (sorted by key), or a single result at the obligation's
/// location when it has none. Levels: failed → error, unknown/error → warning,
/// passed → note. Every result carries `partialFingerprints["wardFingerprint/v1"]`
/// (see `Fingerprint.finding`) and `properties` with expected/actual/outcome.
/// Output is deterministic for the same report.
public struct SARIFWriter: ReportWriter {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let fingerprintKey = "wardFingerprint/v1"

    /// `tool.driver.informationUri`, e.g. the project's home page; omitted when nil
    /// because this target has no way to know the right URL.
    public var informationUri: String?
    /// Short descriptions per kind; kinds not listed get a generic description.
    public var ruleDescriptions: [String: String]

    public init(informationUri: String? = nil, ruleDescriptions: [String: String] = [:]) {
        self.informationUri = informationUri
        self.ruleDescriptions = ruleDescriptions
    }

    public func render(_ report: CheckReport) -> String {
        let obligations = report.canonicalObligations
        let kinds = Set(obligations.map(\.kind)).sorted(by: utf8Less)
        let ruleIndex = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, $0) })
        let driver = JSONValue.object([
            ("name", .string(report.toolName)),
            ("version", .string(report.toolVersion)),
            ("informationUri", informationUri.map(JSONValue.string)),
            ("rules", .array(kinds.map(ruleValue))),
            ("properties", .object([("solverVersion", .string(report.solverVersion))])),
        ])
        let results = obligations.flatMap { o in
            resultValues(o, ruleIndex: ruleIndex[o.kind]!)
        }
        return JSONValue.object([
            ("$schema", .string(Self.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("results", .array(results)),
            ])])),
        ]).serialized()
    }

    private func ruleValue(_ kind: String) -> JSONValue {
        .object([
            ("id", .string(kind)),
            ("shortDescription", .object([
                ("text", .string(ruleDescriptions[kind] ?? "Ward obligation of kind \(kind)")),
            ])),
        ])
    }

    private func resultValues(_ o: ObligationResult, ruleIndex: Int) -> [JSONValue] {
        let findings = o.canonicalFindings
        guard !findings.isEmpty else {
            return [resultValue(o, ruleIndex: ruleIndex, text: summaryText(o), key: "",
                                location: o.obligationLocation, finding: nil)]
        }
        return findings.map { f in
            resultValue(o, ruleIndex: ruleIndex, text: "\(o.name): \(f.message)", key: f.key,
                        location: f.location ?? o.obligationLocation, finding: f)
        }
    }

    private func summaryText(_ o: ObligationResult) -> String {
        var text = "\(o.name): \(o.outcome.rawValue) (expected \(o.expected), actual \(o.actual))"
        if !o.message.isEmpty { text += ": \(o.message)" }
        return text
    }

    private func resultValue(
        _ o: ObligationResult, ruleIndex: Int, text: String, key: String,
        location: SourceLocation, finding: Finding?
    ) -> JSONValue {
        // A finding in the model file is easier to act on with a link back to the
        // obligation that demanded it.
        let related: JSONValue? = location == o.obligationLocation ? nil : .array([.object([
            ("id", .int(0)),
            ("physicalLocation", SARIFLocation.physical(o.obligationLocation)),
            ("message", .object([("text", .string("obligation \(o.id)"))])),
        ])])
        return .object([
            ("ruleId", .string(o.kind)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(Self.level(o.outcome))),
            ("message", .object([("text", .string(text))])),
            ("locations", .array([.object([("physicalLocation", SARIFLocation.physical(location))])])),
            ("relatedLocations", related),
            ("partialFingerprints", .object([
                (Self.fingerprintKey, .string(Fingerprint.finding(kind: o.kind, obligationID: o.id, key: key))),
            ])),
            ("properties", .object([
                ("obligationId", .string(o.id)),
                ("model", .string(o.model)),
                ("expected", .string(o.expected)),
                ("actual", .string(o.actual)),
                ("outcome", .string(o.outcome.rawValue)),
                ("findingKey", finding.map { .string($0.key) }),
                ("evidence", finding?.evidence.map(JSONValue.string)),
            ])),
        ])
    }

    static func level(_ outcome: Outcome) -> String {
        switch outcome {
        case .failed: "error"
        case .unknown, .error: "warning"
        case .passed: "note"
        }
    }
}
