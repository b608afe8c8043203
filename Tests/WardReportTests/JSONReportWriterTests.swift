import Foundation
import WardReport
import XCTest

final class JSONReportWriterTests: XCTestCase {
    func object(_ json: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    func testByteIdenticalRegardlessOfOrder() {
        for writer in [JSONReportWriter(), JSONReportWriter(includeTimings: true, includeCacheStatus: true)] {
            let reference = writer.render(Fixtures.report)
            XCTAssertEqual(writer.render(Fixtures.report), reference)
            for permuted in Fixtures.permutations(of: Fixtures.report) {
                XCTAssertEqual(Array(writer.render(permuted).utf8), Array(reference.utf8))
            }
        }
    }

    func testFindingOrderDoesNotMatter() {
        var swapped = Fixtures.report
        swapped.obligations[1].findings.reverse()
        XCTAssertEqual(JSONReportWriter().render(swapped), JSONReportWriter().render(Fixtures.report))
    }

    func testDuplicateIDsStillDeterministic() {
        var a = Fixtures.report
        var twin = a.obligations[0]
        twin.actual = "holes {POPF}"
        twin.outcome = .failed
        a.obligations.append(twin)
        var b = a
        b.obligations.reverse()
        XCTAssertEqual(JSONReportWriter().render(a), JSONReportWriter().render(b))
    }

    func testObligationsInSourceOrderWithNumericLines() throws {
        func at(_ line: Int, _ file: String = "Proofs/a.proof") -> ObligationResult {
            ObligationResult(id: "\(file):\(line)", name: "o\(line)", kind: "model.verify",
                             obligationLocation: SourceLocation(file: file, line: line, column: 1),
                             model: "m.ward", expected: "holds", actual: "holds", outcome: .passed)
        }
        let report = CheckReport(toolName: "ward", toolVersion: "0", solverVersion: "z", obligations: [at(10), at(2, "Proofs/b.proof"), at(9)])
        let text = JSONReportWriter().render(report)
        let ids = ["Proofs/a.proof:9", "Proofs/a.proof:10", "Proofs/b.proof:2"].map { text.range(of: "\"id\": \"\($0)\"")?.lowerBound }
        XCTAssertFalse(ids.contains(nil), text)
        XCTAssertEqual(ids.compactMap { $0 }, ids.compactMap { $0 }.sorted(), "line 9 before line 10, file a before b")
    }

    func testDocumentedFields() throws {
        let doc = try object(JSONReportWriter().render(Fixtures.report))
        XCTAssertEqual(Set(doc.keys), ["schemaVersion", "toolName", "toolVersion", "solverVersion",
                                        "exitCode", "summary", "obligations"])
        XCTAssertEqual(doc["schemaVersion"] as? Int, 1)
        XCTAssertEqual(doc["toolName"] as? String, "ward")
        XCTAssertEqual(doc["solverVersion"] as? String, "4.13.0")
        XCTAssertEqual(doc["exitCode"] as? Int, 65)
        XCTAssertEqual(doc["summary"] as? [String: Int],
                       ["total": 4, "passed": 1, "failed": 1, "unknown": 1, "error": 1])
        let obligations = try XCTUnwrap(doc["obligations"] as? [[String: Any]])
        XCTAssertEqual(obligations.map { $0["id"] as? String ?? "" }, Fixtures.report.obligations.map(\.id).sorted())
        let failed = obligations[1]
        XCTAssertEqual(Set(failed.keys), ["id", "name", "kind", "obligationLocation", "model", "expected",
                                           "actual", "outcome", "message", "findings"])
        XCTAssertEqual(failed["outcome"] as? String, "failed")
        let location = try XCTUnwrap(failed["obligationLocation"] as? [String: Any])
        XCTAssertEqual(Set(location.keys), ["file", "line", "column"])   // absent optionals are omitted
        XCTAssertEqual(location["file"] as? String, "Proofs/isa/x86-legacy.proof")
        XCTAssertEqual(location["line"] as? Int, 7)
        let findings = try XCTUnwrap(failed["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.map { $0["key"] as? String }, ["hole:SGDT", "hole:SIDT"])
        XCTAssertEqual(Set(findings[1].keys), ["key", "message", "location", "evidence"])
        XCTAssertEqual(Set(findings[0].keys), ["key", "message", "location"])
    }

    func testTimingsAndCacheOnlyWhenAsked() throws {
        let plain = JSONReportWriter().render(Fixtures.report)
        XCTAssertFalse(plain.contains("durationSeconds"))
        XCTAssertFalse(plain.contains("\"cached\""))
        let timed = try object(JSONReportWriter(includeTimings: true, includeCacheStatus: true).render(Fixtures.report))
        let first = try XCTUnwrap((timed["obligations"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["durationSeconds"] as? Double, 0.25)
        XCTAssertEqual(first["cached"] as? Bool, true)
    }

    func testKeysSortedAndStringsEscaped() throws {
        let json = JSONReportWriter().render(Fixtures.nastyReport)
        let doc = try object(json)   // control characters must be escaped to parse at all
        let first = try XCTUnwrap((doc["obligations"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["name"] as? String, Fixtures.nasty)
        XCTAssertTrue(json.contains(#"'d'\u0000\u0001\u0007\b\u000b\f\u001b\u001f"#))
        // Top-level keys appear in sorted order.
        let keyLines = json.split(separator: "\n").filter { $0.hasPrefix("  \"") }
            .map { String($0.dropFirst(3).prefix { $0 != "\"" }) }
        XCTAssertEqual(keyLines, keyLines.sorted())
        XCTAssertTrue(json.hasSuffix("}\n"))
    }

    func testRoundTripsIntoCheckReport() throws {
        let writer = JSONReportWriter(includeTimings: true, includeCacheStatus: true)
        let decoded = try JSONDecoder().decode(CheckReport.self, from: Data(writer.render(Fixtures.report).utf8))
        XCTAssertEqual(writer.render(decoded), writer.render(Fixtures.report))
        // Without timings the run-dependent fields decode to defaults.
        let lean = try JSONDecoder().decode(CheckReport.self, from: Data(JSONReportWriter().render(Fixtures.report).utf8))
        XCTAssertTrue(lean.obligations.allSatisfy { !$0.cached && $0.durationSeconds == 0 })
        XCTAssertEqual(lean.summary, Fixtures.report.summary)
    }
}
