import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import WardReport
import XCTest

final class JUnitWriterTests: XCTestCase {
    func parse(_ xml: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLElement {
        let doc = try XMLDocument(data: Data(xml.utf8), options: [])
        return try XCTUnwrap(doc.rootElement(), file: file, line: line)
    }

    func attr(_ e: XMLElement, _ name: String) -> String? { e.attribute(forName: name)?.stringValue }

    func testStructureAndCounts() throws {
        let root = try parse(JUnitWriter().render(Fixtures.report))
        XCTAssertEqual(root.name, "testsuites")
        let suites = root.elements(forName: "testsuite")
        XCTAssertEqual(suites.count, 1)
        let suite = try XCTUnwrap(suites.first)
        XCTAssertEqual(attr(suite, "name"), "ward check")
        XCTAssertEqual(attr(suite, "tests"), "4")
        XCTAssertEqual(attr(suite, "failures"), "1")
        XCTAssertEqual(attr(suite, "errors"), "2")
        XCTAssertEqual(attr(suite, "skipped"), "0")
        XCTAssertEqual(attr(suite, "time"), "31.751")
        XCTAssertEqual(attr(root, "tests"), "4")

        let cases = suite.elements(forName: "testcase")
        XCTAssertEqual(cases.map { attr($0, "name") ?? "" }, Fixtures.report.obligations.map(\.id).sorted())
        XCTAssertEqual(cases.map { attr($0, "classname") ?? "" },
                       ["isa.classify", "isa.classify", "model.verify", "policy.isolation"])
        XCTAssertEqual(cases.map { attr($0, "time") ?? "" }, ["0.250", "1.500", "0.001", "30.000"])

        XCTAssertTrue(cases[0].children?.isEmpty ?? true, "passed testcase has no children")

        let failure = try XCTUnwrap(cases[1].elements(forName: "failure").first)
        XCTAssertEqual(attr(failure, "type"), "failed")
        XCTAssertEqual(attr(failure, "message"), "2 unexpected holes")
        let text = failure.stringValue ?? ""
        for needle in ["expected: holes {}", "actual: holes {SGDT, SIDT}", "hole:SGDT", "hole:SIDT",
                       "Models/isa/x86-vtx.ward:40:5", "mode=user; SIDT -> IDTR leaked"] {
            XCTAssertTrue(text.contains(needle), "missing \(needle) in \(text)")
        }
        XCTAssertTrue(cases[1].elements(forName: "error").isEmpty)

        let parseError = try XCTUnwrap(cases[2].elements(forName: "error").first)
        XCTAssertEqual(attr(parseError, "type"), "error")
        let timeout = try XCTUnwrap(cases[3].elements(forName: "error").first)
        XCTAssertEqual(attr(timeout, "type"), "unknown")
        XCTAssertEqual(attr(timeout, "message"), "solver timeout after 30s")
    }

    func testSurvivesMarkupAndControlCharacters() throws {
        let xml = JUnitWriter().render(Fixtures.nastyReport)
        let root = try parse(xml)
        let suite = try XCTUnwrap(root.elements(forName: "testsuite").first)
        XCTAssertEqual(attr(suite, "tests"), "3")
        XCTAssertEqual(attr(suite, "failures"), "1")
        XCTAssertEqual(attr(suite, "errors"), "2")
        let cases = suite.elements(forName: "testcase")
        XCTAssertEqual(cases.count, 3)
        // Cases come in source order (file, then line); the nasty file name sorts after
        // "./Proofs" and "/abs", so it is the last case.
        XCTAssertEqual(cases.compactMap { attr($0, "name") }.prefix(2), ["Proofs/odd.proof:2", "Proofs/odd.proof:3"])
        let nastyCase = cases[2]
        // Representable characters survive exactly; the rest become visible markers.
        let name = try XCTUnwrap(attr(nastyCase, "name"))
        XCTAssertTrue(name.hasPrefix("Proofs/odd a<b>&\"c\"'d'"), name)
        XCTAssertTrue(name.contains("\\u{0}\\u{1}\\u{7}\\u{8}\\u{B}\\u{C}\\u{1B}\\u{1F}"), name)
        XCTAssertTrue(name.contains("\u{7F}\\u{FFFE}\r\n\tü→🙂"), name)   // CR, LF, TAB kept in attributes
        let failure = try XCTUnwrap(nastyCase.elements(forName: "failure").first)
        XCTAssertTrue((failure.stringValue ?? "").contains("a<b>&\"c\"'d'"))
        XCTAssertTrue((failure.stringValue ?? "").contains("\r\n\tü→🙂"))
        XCTAssertEqual(attr(nastyCase, "classname")?.hasPrefix("kind.a<b>"), true)
        // No raw invalid characters anywhere in the document.
        XCTAssertFalse(xml.unicodeScalars.contains { [0x0, 0x1, 0x7, 0x8, 0xB, 0xC, 0x1B, 0x1F, 0xFFFE].contains($0.value) })
    }

    func testDeterministicWithoutTimings() {
        let writer = JUnitWriter(includeTimings: false)
        let reference = writer.render(Fixtures.report)
        XCTAssertFalse(reference.contains("time="))
        for permuted in Fixtures.permutations(of: Fixtures.report) {
            XCTAssertEqual(writer.render(permuted), reference)
        }
    }
}
