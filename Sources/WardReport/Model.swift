// The neutral data model every writer renders. It deliberately knows nothing about
// engines: WardCheck fills it in, writers only read it.

/// How one obligation ended, relative to its expected verdict.
public enum Outcome: String, Codable, Sendable, CaseIterable {
    /// The actual verdict equals the expected one.
    case passed
    /// The actual verdict differs from the expected one.
    case failed
    /// No verdict: a timeout or resource limit was hit.
    case unknown
    /// The obligation or its model is invalid.
    case error
}

/// A 1-based position in a repository-relative file.
public struct SourceLocation: Codable, Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int
    public var endLine: Int?
    public var endColumn: Int?

    public init(file: String, line: Int, column: Int, endLine: Int? = nil, endColumn: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }
}

/// One concrete problem (or piece of evidence) attached to an obligation.
public struct Finding: Codable, Sendable, Hashable {
    public var message: String
    public var location: SourceLocation?
    /// A witness, trace or query text.
    public var evidence: String?
    /// Stable identity used for fingerprints, e.g. "hole:SGDT". Must not depend on
    /// line numbers or wording so that fingerprints survive unrelated edits.
    public var key: String

    public init(message: String, location: SourceLocation? = nil, evidence: String? = nil, key: String) {
        self.message = message
        self.location = location
        self.evidence = evidence
        self.key = key
    }
}

/// The result of checking one obligation file entry.
public struct ObligationResult: Codable, Sendable, Hashable {
    /// Stable identity, e.g. "Proofs/isa/x86-legacy.proof:3".
    public var id: String
    /// Human title.
    public var name: String
    /// Rule id, e.g. "isa.classify", "model.verify", "policy.isolation".
    public var kind: String
    public var obligationLocation: SourceLocation
    /// Model path, repository-relative.
    public var model: String
    /// e.g. "holes {POPF, SGDT}" or "holds".
    public var expected: String
    public var actual: String
    public var outcome: Outcome
    public var message: String
    public var findings: [Finding]
    public var cached: Bool
    public var durationSeconds: Double

    public init(
        id: String, name: String, kind: String, obligationLocation: SourceLocation,
        model: String, expected: String, actual: String, outcome: Outcome,
        message: String = "", findings: [Finding] = [], cached: Bool = false,
        durationSeconds: Double = 0
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.obligationLocation = obligationLocation
        self.model = model
        self.expected = expected
        self.actual = actual
        self.outcome = outcome
        self.message = message
        self.findings = findings
        self.cached = cached
        self.durationSeconds = durationSeconds
    }
}

/// Everything one `ward check` run produced.
public struct CheckReport: Codable, Sendable, Hashable {
    public var toolName: String
    public var toolVersion: String
    public var solverVersion: String
    public var obligations: [ObligationResult]

    public init(toolName: String, toolVersion: String, solverVersion: String, obligations: [ObligationResult]) {
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.solverVersion = solverVersion
        self.obligations = obligations
    }
}
