import XCTest
import WardSyntax

/// Lexical and syntax errors: each is reported once, at the offending token, with a caret line.
final class SyntaxDiagnosticTests: XCTestCase {
    func expectError(_ text: String, at spot: Spot, column: Int? = nil, _ fragment: String, note: String? = nil,
                     file: StaticString = #filePath, line: UInt = #line) {
        do {
            let parsed = try Parser.parse(path: "bad.ward", text: text)
            XCTFail("parsed without error: model \(parsed.model.name)", file: file, line: line)
        } catch {
            checkDiagnostic(error, text: text, path: "bad.ward", at: spot, column: column, fragment, note: note, file: file, line: line)
        }
    }

    // MARK: lexical

    func testBadCharacter() {
        expectError("model m {\n  var x : bits<8> = 0 $\n}", at: Spot(line: 2, token: "$"), "unexpected character '$'")
        expectError("model m {\n  var x : bool = true # comment?\n}", at: Spot(line: 2, token: "#"), "unexpected character '#'")
        // A non-ASCII character is named whole, not as a byte.
        expectError("model m {\n  invariant p: a ≤ b\n}", at: Spot(line: 2, token: "≤"), "unexpected character '≤'")
    }

    func testUnterminatedString() {
        expectError("import \"base.ward\nmodel m { }", at: Spot(line: 1, token: "\""), "unterminated string literal")
    }

    func testUnterminatedComment() {
        expectError("model m {\n  var x : bool /* the flag\n}\n", at: Spot(line: 2, token: "/*"), "unterminated block comment")
        // `*/` at the very end closes the comment.
        XCTAssertNoThrow(try Parser.parse(path: "ok.ward", text: "model m { var x : bool } /* trailing */"))
    }

    func testIntegerOverflow() {
        expectError("model m {\n  const N = 18446744073709551616\n}", at: Spot(line: 2, token: "1844"),
                    "integer literal does not fit in 64 bits")
        expectError("model m {\n  const N = 0x1_0000_0000_0000_0000\n}", at: Spot(line: 2, token: "0x"),
                    "does not fit in 64 bits")
        // The largest value still fits.
        XCTAssertNoThrow(try Parser.parse(path: "ok.ward", text: "model m { const N = 0xFFFF_FFFF_FFFF_FFFF }"))
    }

    func testBadDigit() {
        expectError("model m {\n  const N = 0b1021\n}", at: Spot(line: 2, token: "2"), "invalid digit '2' in number")
        expectError("model m {\n  const N = 12ab\n}", at: Spot(line: 2, token: "a", occurrence: 1), column: 15,
                    "invalid digit 'a' in number")
        expectError("model m {\n  const N = 0x\n}", at: Spot(line: 2, token: "0x"), "number has no digits")
    }

    // MARK: syntax

    func testMissingClosingBraceOfModel() {
        expectError("model m {\n  var x : bool\n", at: Spot(line: 1, token: "model"),
                    "unexpected end of file: the model body of 'm' is not closed")
    }

    func testMissingClosingBraceOfBlock() {
        expectError("model m {\n  var x : bool\n  init {\n    x = true\n", at: Spot(line: 3, token: "{"),
                    "block is not closed")
    }

    func testMissingColonInField() {
        expectError("model m {\n  var x bits<8>\n}", at: Spot(line: 2, token: "bits"),
                    "expected ':' between the field's name and its type, found 'bits'")
    }

    func testComparisonInAssignmentPosition() {
        // `x == 1` parses whole as an expression: the statement is reported where it starts.
        expectError("model m {\n  var x : bits<2>\n  action a() {\n    x == 1\n  }\n}", at: Spot(line: 4, token: "x"),
                    "expected a statement")
        // A second comparison after a complete one is the dedicated message, at the '=='.
        expectError("model m {\n  var x : bits<2>\n  action a() {\n    x < 1 == true\n  }\n}", at: Spot(line: 4, token: "=="),
                    "expected '=' in an assignment, found '=='")
    }

    func testJunkAfterModel() {
        expectError("model m {\n  var x : bool\n}\nvar y : bool\n", at: Spot(line: 4, token: "var"),
                    "unexpected 'var' after the model body; a file holds one model")
    }

    func testUnknownDeclaration() {
        expectError("model m {\n  variable x : bool\n}", at: Spot(line: 2, token: "variable"), "unknown declaration 'variable'",
                    note: "a model holds: const")
    }

    func testMissingModelKeyword() {
        expectError("// a model\nmodle m { }", at: Spot(line: 2, token: "modle"), "expected 'model', 'isa', 'policy' or 'platform'")
    }

    func testKeywordAsName() {
        expectError("model m {\n  var if : bool\n}", at: Spot(line: 2, token: "if"), "'if' is a keyword")
    }

    func testMissingExpression() {
        expectError("model m {\n  var x : bits<4>\n  invariant p: x + \n}", at: Spot(line: 4, token: "}"),
                    "expected an expression, found '}'")
    }

    func testSeparatedShiftIsNotAShift() {
        // `> >` with a space is two closing angles, so in an expression it is an error.
        expectError("model m {\n  var x : bits<4>\n  invariant p: (x > > 1) == 0\n}", at: Spot(line: 3, token: ">", occurrence: 2),
                    "expected an expression, found '>'")
    }

    func testImportNeedsAString() {
        expectError("import base\nmodel m { }", at: Spot(line: 1, token: "base"), "expected a file path in quotes after 'import'")
    }

    func testLocationsCountBytesOnTheLineAndSkipCRLF() {
        // Windows line ends: the caret line shows no carriage return, and columns are unaffected.
        let text = "model m {\r\n  var x : bits<8> = 0 $\r\n}\r\n"
        do {
            _ = try Parser.parse(path: "crlf.ward", text: text)
            XCTFail("parsed")
        } catch {
            XCTAssertEqual(error.diagnostics.first?.location, SourceLocation(file: "crlf.ward", line: 2, column: 23))
            XCTAssertEqual(error.diagnostics.first?.lineText, "  var x : bits<8> = 0 $")
        }
    }
}
