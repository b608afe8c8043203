// JSONReportWriter omits `durationSeconds`, `cached` (unless asked) and never drops
// `findings`, but decoding must accept its output, so the run-dependent fields
// default instead of being required. Encoding stays synthesized.

extension ObligationResult {
    enum CodingKeys: String, CodingKey {
        case id, name, kind, obligationLocation, model, expected, actual, outcome
        case message, findings, cached, durationSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            kind: try c.decode(String.self, forKey: .kind),
            obligationLocation: try c.decode(SourceLocation.self, forKey: .obligationLocation),
            model: try c.decode(String.self, forKey: .model),
            expected: try c.decode(String.self, forKey: .expected),
            actual: try c.decode(String.self, forKey: .actual),
            outcome: try c.decode(Outcome.self, forKey: .outcome),
            message: try c.decodeIfPresent(String.self, forKey: .message) ?? "",
            findings: try c.decodeIfPresent([Finding].self, forKey: .findings) ?? [],
            cached: try c.decodeIfPresent(Bool.self, forKey: .cached) ?? false,
            durationSeconds: try c.decodeIfPresent(Double.self, forKey: .durationSeconds) ?? 0
        )
    }
}
