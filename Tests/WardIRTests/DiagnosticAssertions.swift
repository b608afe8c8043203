import XCTest
import WardIR
import WardSyntax

/// Where a diagnostic should point, found in the source text itself: the `occurrence`-th
/// appearance of `token` on `line` (1-based), so expectations read like the source.
struct Spot {
    var line: Int
    var token: String
    var occurrence = 1

    func column(in text: String, file: StaticString, testLine: UInt) -> Int? {
        let lines = text.components(separatedBy: "\n")
        guard line >= 1, line <= lines.count else { XCTFail("no line \(line)", file: file, line: testLine); return nil }
        var rest = Substring(lines[line - 1])
        var offset = 0
        for i in 1...occurrence {
            guard let r = rest.range(of: token) else {
                XCTFail("'\(token)' does not occur \(occurrence)× on line \(line)", file: file, line: testLine); return nil
            }
            let before = rest.distance(from: rest.startIndex, to: r.lowerBound)
            if i == occurrence { return offset + before + 1 }
            offset += before + token.count
            rest = rest[r.upperBound...]
        }
        return nil
    }
}

/// Checks one diagnostic: its exact line and column, a fragment of its message (and of a note),
/// and that its rendering shows the source line with a caret under the column.
func checkDiagnostic(_ error: DiagnosticError, text: String, path: String?, at spot: Spot, column expectedColumn: Int? = nil,
                     _ fragment: String, note: String? = nil, file: StaticString, line: UInt) {
    guard let d = error.diagnostics.first else { return XCTFail("no diagnostic", file: file, line: line) }
    guard let loc = d.location else { return XCTFail("diagnostic without a location: \(d)", file: file, line: line) }
    guard let column = expectedColumn ?? spot.column(in: text, file: file, testLine: line) else { return }
    XCTAssertEqual(loc.line, spot.line, "line of: \(d)", file: file, line: line)
    XCTAssertEqual(loc.column, column, "column of: \(d)", file: file, line: line)
    if let path { XCTAssertEqual(loc.file, path, file: file, line: line) }
    XCTAssert(d.message.contains(fragment), "message '\(d.message)' lacks '\(fragment)'", file: file, line: line)
    if let note { XCTAssert(d.notes.contains { $0.contains(note) }, "notes \(d.notes) lack '\(note)'", file: file, line: line) }
    let source = text.components(separatedBy: "\n")[spot.line - 1]
    let caret = "\n  " + source + "\n  " + String(repeating: " ", count: column - 1) + "^"
    XCTAssert(error.description.contains(caret), "no caret line under column \(column) in:\n\(error.description)", file: file, line: line)
    XCTAssert(error.description.hasPrefix("\(loc.file):\(spot.line):\(column): error: "), error.description, file: file, line: line)
}

extension XCTestCase {
    /// Loading `text` fails with one diagnostic at `spot` whose message holds `fragment`.
    func expectError(_ text: String, at spot: Spot, _ fragment: String, note: String? = nil,
                     file: StaticString = #filePath, line: UInt = #line) {
        do {
            let model = try ModelLoader().load(text: text)
            XCTFail("loaded without error: model \(model.name)", file: file, line: line)
        } catch {
            checkDiagnostic(error, text: text, path: "<input>", at: spot, fragment, note: note, file: file, line: line)
        }
    }
}
