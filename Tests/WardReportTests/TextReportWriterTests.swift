import Foundation
import WardReport
import XCTest

final class TextReportWriterTests: XCTestCase {
    func testAlignedTableAndSummaryLine() {
        let text = TextReportWriter().render(Fixtures.report)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.last, "")   // trailing newline
        XCTAssertEqual(lines[lines.count - 2], "1 passed, 1 failed, 1 unknown, 1 error")
        let table = Array(lines.prefix(5))
        XCTAssertTrue(table[0].hasPrefix("OBLIGATION"))
        // Every column starts at the same offset in every row.
        for header in ["KIND", "EXPECTED", "ACTUAL", "OUTCOME", "CACHED", "TIME"] {
            let column = table[0].range(of: header)!.lowerBound.utf16Offset(in: table[0])
            for row in table.dropFirst() {
                let index = row.index(row.startIndex, offsetBy: column)
                XCTAssertEqual(row[row.index(before: index)], " ", "\(header) misaligned in \(row)")
                XCTAssertNotEqual(row[index], " ", "\(header) misaligned in \(row)")
            }
        }
        XCTAssertTrue(table[1].hasPrefix("Proofs/isa/x86-legacy.proof:3"))
        XCTAssertTrue(table[1].contains("yes"))
        XCTAssertTrue(table[1].hasSuffix("0.250s"))
        XCTAssertTrue(text.contains("Models/isa/x86-vtx.ward:40:5: SIDT reads sensitive state without trapping [hole:SIDT]"))
        XCTAssertFalse(text.contains("\u{1B}["))
        XCTAssertFalse(lines.contains { $0.hasSuffix(" ") }, "no trailing spaces")
    }

    func testColoredAddsEscapesOnlyAroundOutcomes() {
        let plain = TextReportWriter().render(Fixtures.report)
        let colored = TextReportWriter(colored: true).render(Fixtures.report)
        XCTAssertTrue(colored.contains("\u{1B}[31mfailed\u{1B}[0m"))
        XCTAssertTrue(colored.contains("\u{1B}[32m1 passed\u{1B}[0m"))
        let stripped = colored.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
        XCTAssertEqual(stripped, plain)
    }

    func testCellsAreSingleLineAndBounded() {
        let text = TextReportWriter(maxCellWidth: 20).render(Fixtures.nastyReport)
        let table = text.split(separator: "\n").prefix(4)
        XCTAssertEqual(table.count, 4)
        XCTAssertTrue(table.allSatisfy { !$0.contains("\u{0}") && !$0.contains("\u{1B}") })
        XCTAssertTrue(text.contains("…"))
    }
}

extension TextReportWriterTests {
    func testEngineTextCannotInjectEscapesOrLines() {
        let text = TextReportWriter().render(Fixtures.nastyReport)
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        XCTAssertFalse(text.contains("\r"))
        // table (4) + blank + 3 problem blocks + blank + summary, no stray line breaks
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.filter { $0.hasPrefix("failed ") || $0.hasPrefix("unknown ") || $0.hasPrefix("error ") }.count, 3)
        XCTAssertEqual(lines.last, "")
        XCTAssertEqual(lines[lines.count - 2], "0 passed, 1 failed, 1 unknown, 1 error")
    }
}
