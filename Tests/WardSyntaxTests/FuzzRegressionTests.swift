import XCTest
import WardSyntax

/// Inputs found by fuzzing the front end (Fuzz/run.sh, target `model`) and the shapes around
/// them: each once overflowed the stack. Every one must now be a diagnostic at a precise place.
final class FuzzRegressionTests: XCTestCase {
    func parse(_ text: String) -> Result<FileSyntax, DiagnosticError> {
        Result { () throws(DiagnosticError) in try Parser.parse(path: "fuzz.ward", text: text) }
    }

    /// Parses `text` and expects the nesting diagnostic on `line`.
    func expectTooDeep(_ text: String, line: Int = 2, file: StaticString = #filePath, testLine: UInt = #line) {
        switch parse(text) {
        case .success: XCTFail("parsed without error", file: file, line: testLine)
        case .failure(let e):
            guard let d = e.diagnostics.first else { return XCTFail("no diagnostic", file: file, line: testLine) }
            XCTAssert(d.message.contains("nesting is too deep: more than \(Parser.maxNesting) levels"), d.message, file: file, line: testLine)
            XCTAssertEqual(d.location?.line, line, "\(d)", file: file, line: testLine)
            XCTAssert(e.description.hasPrefix("fuzz.ward:\(line):"), e.description, file: file, line: testLine)
            XCTAssert(d.notes.contains { $0.contains("'let'") }, "\(d.notes)", file: file, line: testLine)
        }
    }

    func model(_ body: String) -> String { "model m {\n  var x : bool\n" + body + "\n}" }

    // Crash 1 (stack overflow in parseBinary/parsePrimary): parentheses 5,000 deep.
    func testDeepParentheses() {
        expectTooDeep(model("  invariant p: " + String(repeating: "(", count: 5_000) + "x" + String(repeating: ")", count: 5_000)), line: 3)
    }

    // Crash 2 (stack overflow in parseUnary): 100,000 prefix operators.
    func testDeepPrefixOperators() {
        expectTooDeep(model("  invariant p: " + String(repeating: "!", count: 100_000) + "x"), line: 3)
        expectTooDeep(model("  invariant p: " + String(repeating: "-~", count: 2_000) + "x == x"), line: 3)
    }

    // Crash 3 (stack overflow in the elaborator's fold, then in every later pass): a flat chain
    // `x && x && ...` parses without recursion but builds a tree 50,000 levels high.
    func testLongOperatorChain() {
        expectTooDeep(model("  invariant p: " + Array(repeating: "x", count: 50_000).joined(separator: " && ")), line: 3)
        expectTooDeep(model("  invariant p: x ==> " + Array(repeating: "x", count: 2_000).joined(separator: " ==> ")), line: 3)
    }

    func testLongPostfixChain() {
        expectTooDeep(model("  invariant p: x" + String(repeating: "[0]", count: 10_000) + " == x"), line: 3)
        expectTooDeep(model("  invariant p: x" + String(repeating: "[1:0]", count: 1_000) + " == x"), line: 3)
        expectTooDeep(model("  invariant p: E" + String(repeating: ".a", count: 1_000) + " == x"), line: 3)
    }

    // Crash 4 (stack overflow in parseIdentifier via parseBlock/parseIf): blocks 3,000 deep.
    func testDeepBlocks() {
        expectTooDeep(model("  action a() { " + String(repeating: "if x { ", count: 3_000) + "x = true" + String(repeating: " }", count: 3_000) + " }"), line: 3)
        expectTooDeep(model("  action a() { " + String(repeating: "for i in 0..1 { ", count: 3_000) + String(repeating: " }", count: 3_000) + " }"), line: 3)
        expectTooDeep(model("  action a() { " + String(repeating: "forall g: bool { ", count: 3_000) + String(repeating: " }", count: 3_000) + " }"), line: 3)
    }

    func testLongElseIfChain() {
        let chain = Array(repeating: "if x { x = false }", count: 5_000).joined(separator: " else ")
        expectTooDeep(model("  action a() { " + chain + " }"), line: 3)
    }

    func testDeepTypes() {
        expectTooDeep(model("  var m : " + String(repeating: "map<bool, ", count: 5_000) + "bool" + String(repeating: ">", count: 5_000)), line: 3)
        expectTooDeep(model("  var s : " + String(repeating: "set<", count: 5_000) + "E" + String(repeating: ">", count: 5_000)), line: 3)
    }

    func testDeepCallsAndConditionals() {
        expectTooDeep(model("  invariant p: " + String(repeating: "f(", count: 3_000) + "x" + String(repeating: ")", count: 3_000)), line: 3)
        expectTooDeep(model("  invariant p: " + String(repeating: "if x then ", count: 3_000) + "x" + String(repeating: " else x", count: 3_000)), line: 3)
        expectTooDeep(model("  invariant p: " + String(repeating: "{", count: 3_000) + "a" + String(repeating: "}", count: 3_000) + " == x"), line: 3)
        expectTooDeep(model("  invariant p: " + String(repeating: "forall y: bool :: ", count: 3_000) + "x"), line: 3)
    }

    /// Just under the limit, the same shapes parse; the limit is far above what models write.
    func testNestingJustUnderTheLimitParses() throws {
        let n = Parser.maxNesting - 8
        for text in [
            model("  invariant p: " + String(repeating: "(", count: n) + "x" + String(repeating: ")", count: n)),
            model("  invariant p: " + Array(repeating: "x", count: n).joined(separator: " && ")),
            model("  invariant p: " + String(repeating: "!", count: n) + "x"),
            model("  action a() { " + String(repeating: "if x { ", count: n / 2) + "x = true" + String(repeating: " }", count: n / 2) + " }"),
        ] {
            if case .failure(let e) = parse(text) { XCTFail("\(e)") }
        }
    }

    /// Other inputs the fuzzer produced: lexical edge cases that must stay diagnostics.
    func testLexicalOddities() {
        let cases: [(String, String)] = [
            ("model m { /* never closed", "unterminated block comment"),
            ("model m { invariant p: \"abc\ndef\" }", "unterminated string literal"),
            ("model m { const N = 0x }", "number has no digits"),
            ("model m { const N = 0b102 }", "invalid digit '2' in number"),
            ("model m { const N = 99999999999999999999999 }", "does not fit in 64 bits"),
            ("model m { var x : bits<8> \u{0} }", "unexpected character"),
            ("model m { var \u{FF}\u{FE} : bool }", "unexpected character"),
            ("model m { var x : bits<8> } model n { }", "a file holds one model"),
            ("", "expected 'model', 'isa', 'policy' or 'platform', found end of file"),
            ("import", "expected a file path in quotes after 'import'"),
        ]
        for (text, fragment) in cases {
            switch parse(text) {
            case .success: XCTFail("parsed: \(text.debugDescription)")
            case .failure(let e):
                XCTAssert(e.description.contains(fragment), "\(text.debugDescription): \(e.description)")
                XCTAssertNotNil(e.diagnostics.first?.location, "\(text.debugDescription): no location")
            }
        }
    }

    /// Invalid UTF-8 is decoded with replacement characters, and every byte value is either a
    /// token or a diagnostic.
    func testEveryByteValue() {
        for b in 0...255 {
            let bytes = Array("model m { invariant p: ".utf8) + [UInt8(b)] + Array(" }".utf8)
            _ = parse(String(decoding: bytes, as: UTF8.self))
        }
    }
}
