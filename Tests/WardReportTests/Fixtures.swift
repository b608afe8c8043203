import Foundation
import WardReport

/// Reports covering every outcome, optional field and awkward character the writers
/// must cope with.
enum Fixtures {
    static let proof = "Proofs/isa/x86-legacy.proof"

    static let obligations: [ObligationResult] = [
        ObligationResult(
            id: "Proofs/isa/x86-legacy.proof:3", name: "x86 legacy is not virtualizable",
            kind: "isa.classify",
            obligationLocation: SourceLocation(file: proof, line: 3, column: 1, endLine: 3, endColumn: 42),
            model: "Models/isa/x86-legacy.ward", expected: "holes {POPF, SGDT}", actual: "holes {POPF, SGDT}",
            outcome: .passed, cached: true, durationSeconds: 0.25),
        ObligationResult(
            id: "Proofs/isa/x86-legacy.proof:7", name: "x86 with VT-x has no holes", kind: "isa.classify",
            obligationLocation: SourceLocation(file: proof, line: 7, column: 1),
            model: "Models/isa/x86-vtx.ward", expected: "holes {}", actual: "holes {SGDT, SIDT}",
            outcome: .failed, message: "2 unexpected holes",
            findings: [
                // Deliberately out of key order: writers must sort.
                Finding(message: "SIDT reads sensitive state without trapping",
                        location: SourceLocation(file: "Models/isa/x86-vtx.ward", line: 40, column: 5,
                                                 endLine: 40, endColumn: 9),
                        evidence: "mode=user; SIDT -> IDTR leaked", key: "hole:SIDT"),
                Finding(message: "SGDT reads sensitive state without trapping",
                        location: SourceLocation(file: "Models/isa/x86-vtx.ward", line: 38, column: 5),
                        key: "hole:SGDT"),
            ],
            durationSeconds: 1.5),
        ObligationResult(
            id: "Proofs/policy/isolation.proof:1", name: "tenants are isolated", kind: "policy.isolation",
            obligationLocation: SourceLocation(file: "Proofs/policy/isolation.proof", line: 1, column: 1),
            model: "Models/policy/tenants.ward", expected: "holds", actual: "unknown (timeout 30s)",
            outcome: .unknown, message: "solver timeout after 30s", durationSeconds: 30.0),
        ObligationResult(
            id: "Proofs/platform/bugs/broken.proof:2", name: "broken model", kind: "model.verify",
            obligationLocation: SourceLocation(file: "Proofs/platform/bugs/broken.proof", line: 2, column: 3),
            model: "Models/platform/bugs/broken model.ward", expected: "holds", actual: "invalid",
            outcome: .error, message: "Models/platform/bugs/broken model.ward:1:1: unexpected token",
            findings: [Finding(message: "unexpected token", key: "parse")],
            durationSeconds: 0.001),
    ]

    static let report = CheckReport(
        toolName: "ward", toolVersion: "0.1.0", solverVersion: "4.13.0", obligations: obligations)

    /// Names that break naive XML/JSON: markup characters, quotes, controls, non-ASCII.
    static let nasty = "a<b>&\"c\"'d'\u{0}\u{1}\u{7}\u{8}\u{B}\u{C}\u{1B}\u{1F}\u{7F}\u{FFFE}\r\n\tü→🙂"

    static let nastyReport = CheckReport(
        toolName: "ward", toolVersion: "0.1.0 \(nasty)", solverVersion: nasty,
        obligations: [
            ObligationResult(
                id: "Proofs/odd \(nasty).proof:1", name: nasty, kind: "kind.\(nasty)",
                obligationLocation: SourceLocation(file: "Proofs/odd \(nasty).proof", line: 1, column: 1),
                model: nasty, expected: nasty, actual: "x", outcome: .failed, message: nasty,
                findings: [Finding(message: nasty, location: nil, evidence: nasty, key: nasty)]),
            ObligationResult(
                id: "Proofs/odd.proof:2", name: nasty, kind: "kind.plain",
                obligationLocation: SourceLocation(file: "./Proofs/odd.proof", line: 0, column: 0),
                model: "m", expected: "holds", actual: "?", outcome: .unknown, message: nasty),
            ObligationResult(
                id: "Proofs/odd.proof:3", name: nasty, kind: "kind.plain",
                obligationLocation: SourceLocation(file: "/abs/odd.proof", line: 5, column: 0, endLine: 2),
                model: "m", expected: "holds", actual: "!", outcome: .error, message: ""),
        ])

    /// The same obligations in several other orders.
    static func permutations(of report: CheckReport) -> [CheckReport] {
        var reversed = report
        reversed.obligations.reverse()
        var rotated = report
        rotated.obligations = Array(report.obligations.dropFirst()) + report.obligations.prefix(1)
        var interleaved = report
        interleaved.obligations = report.obligations.enumerated()
            .sorted { ($0.offset % 2, -$0.offset) < ($1.offset % 2, -$1.offset) }.map(\.element)
        return [reversed, rotated, interleaved]
    }

    /// The package root, found from this file's path so tests run from any directory.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // WardReportTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
}
