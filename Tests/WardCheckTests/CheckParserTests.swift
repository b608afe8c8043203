import Foundation
@testable import WardCheck
import WardSyntax
import XCTest

/// The obligation syntax: what parses, and the exact file:line:column of every diagnostic.
final class CheckParserTests: XCTestCase {
    /// "line:column: message" for every diagnostic of the file (syntax, then per obligation).
    func diagnostics(_ text: String) -> [String] {
        ObligationParser.parse(path: "p.proof", text: text).allDiagnostics.map { d in
            "\(d.location?.line ?? 0):\(d.location?.column ?? 0): \(d.message)"
        }
    }

    func testFullGrammar() throws {
        let text = """
        // two obligations, every key
        obligation iso {
          model "../m.ward"   // a comment
          analysis verify
          engine smt; depth 7
          timeout 5
          property a, b
          property c
          set N = 3
          set W = 0x10
          expect violated { a, c, }
        }
        obligation isa_check {
          model "x.ward"
          analysis classify
          engine enumerate
          width 3
          expect vmm fails
          expect holes { SGDT, SIDT }
          expect hybrid holds
          expect hybrid_holes { }
          expect divergent { SGDT }
        }
        """
        let file = ObligationParser.parse(path: "p.proof", text: text)
        XCTAssertEqual(file.allDiagnostics.map(\.description), [])
        XCTAssertEqual(file.obligations.count, 2)
        let a = file.obligations[0], b = file.obligations[1]
        XCTAssertEqual(a.name, "iso")
        XCTAssertEqual(a.location, SourceLocation(file: "p.proof", line: 2, column: 1))
        XCTAssertEqual(a.endLocation, SourceLocation(file: "p.proof", line: 12, column: 1))
        XCTAssertEqual(a.model, "../m.ward")
        XCTAssertEqual(a.modelLocation, SourceLocation(file: "p.proof", line: 3, column: 9))
        XCTAssertEqual(a.analysis, .verify)
        XCTAssertEqual(a.engine, "smt")
        XCTAssertEqual(a.depth, 7)
        XCTAssertEqual(a.timeoutSeconds, 5)
        XCTAssertEqual(a.properties.map(\.name), ["a", "b", "c"])
        XCTAssertEqual(a.overrides.map(\.name), ["N", "W"])
        XCTAssertEqual(a.overrides.map(\.value), [3, 16])
        XCTAssertEqual(a.expectations, [.violated(["a", "c"])])
        XCTAssertEqual(a.expectedText, "violated {a, c}")
        XCTAssertTrue(a.text.hasPrefix("obligation iso {"))
        XCTAssertTrue(a.text.hasSuffix("expect violated { a, c, }\n}"))
        XCTAssertEqual(b.analysis, .classify)
        XCTAssertEqual(b.width, 3)
        XCTAssertEqual(b.expectations, [.vmm(holds: false), .holes(["SGDT", "SIDT"]), .hybrid(holds: true), .hybridHoles([]), .divergent(["SGDT"])])
        XCTAssertEqual(b.expectedText, "vmm fails, holes {SGDT, SIDT}, hybrid holds, hybrid_holes {}, divergent {SGDT}")
        XCTAssertEqual(b.expectationLocations.map(\.line), [18, 19, 20, 21, 22])
    }

    func testEmptyFileHasNoObligations() {
        let file = ObligationParser.parse(path: "p.proof", text: "// nothing here\n")
        XCTAssertTrue(file.obligations.isEmpty)
        XCTAssertTrue(file.allDiagnostics.isEmpty)
    }

    func testUnknownKeyIsReportedAndTheRestStillParses() {
        let text = """
        obligation o {
          model "m.ward"
          analysis verify
          frobnicate 3 { x, y }
          expect holds
        }
        """
        XCTAssertEqual(diagnostics(text), ["4:3: unknown key 'frobnicate' in obligation 'o'"])
        XCTAssertEqual(ObligationParser.parse(path: "p.proof", text: text).obligations.first?.expectations, [.holds])
    }

    func testMissingModelAnalysisAndExpect() {
        XCTAssertEqual(diagnostics("""
        // header
          obligation empty {
        }
        """), [
            "2:3: obligation 'empty' has no 'model'",
            "2:3: obligation 'empty' has no 'expect'",
            "2:3: obligation 'empty' has no 'analysis' (verify or classify)",
        ])
    }

    func testDuplicateNamesAndKeys() {
        XCTAssertEqual(diagnostics("""
        obligation a {
          model "m.ward"
          model "n.ward"
          analysis verify
          expect holds
        }
        obligation a {
          model "m.ward"
          analysis verify
          property p, p
          set N = 1
          set N = 2
          expect holds
        }
        """), [
            "3:3: duplicate 'model' in obligation 'a'",
            "7:1: duplicate obligation name 'a'",
            "10:15: property 'p' is selected twice",
            "12:7: constant 'N' is set twice",
        ])
    }

    func testExpectationsThatDoNotFitTheAnalysis() {
        XCTAssertEqual(diagnostics("""
        obligation v {
          model "m.ward"
          analysis verify
          engine enumerate
          width 2
          expect holes { A }
          expect holds
          expect bounded
        }
        obligation c {
          model "m.ward"
          analysis classify
          engine explore
          depth 3
          property p
          expect violated { p }
          expect vmm holds
          expect holes { X }
          expect hybrid fails
          expect hybrid_holes {}
          expect vmm fails
        }
        """), [
            "4:10: engine 'enumerate' does not fit a verify obligation (expected explore, smt, both)",
            "5:3: 'width' applies to classify obligations, not verify (use 'set NAME = VALUE')",
            "6:10: 'expect holes' does not fit a verify obligation",
            "8:10: conflicting expectations: 'expect bounded' after 'expect holds'",
            "13:10: engine 'explore' does not fit a classify obligation (expected enumerate, smt, both)",
            "14:3: 'depth' applies to verify obligations, not classify",
            "15:12: 'property' applies to verify obligations, not classify",
            "16:10: 'expect violated' does not fit a classify obligation",
            "18:10: 'expect vmm holds' contradicts 'expect holes {X}': a theorem that holds has no holes",
            "20:10: 'expect hybrid fails' contradicts 'expect hybrid_holes {}': a theorem that fails has a hole",
            "21:10: duplicate 'expect vmm'",
        ])
    }

    func testBadValues() {
        XCTAssertEqual(diagnostics("""
        obligation o {
          model ""
          analysis prove
          width 0
          timeout 0
          expect vmm maybe
          expect sometimes
          expect violated { }
        }
        """), [
            "2:9: the model path is empty",
            "3:12: unknown analysis 'prove' (expected verify or classify)",
            "4:9: width must be between 1 and 64, not 0",
            "5:11: timeout must be between 1 and 4000000 seconds, not 0",
            "6:14: expected 'holds' or 'fails' after 'vmm', found 'maybe'",
            "7:10: unknown expectation 'sometimes'",
        ])
    }

    func testViolatedNamesMustBeSelected() {
        XCTAssertEqual(diagnostics("""
        obligation o {
          model "m.ward"; analysis verify
          property a
          expect violated { a, b }
        }
        """), ["4:10: 'b' is expected to be violated but is not selected by 'property'"])
    }

    func testLiveExpectation() {
        let file = ObligationParser.parse(path: "p.proof", text: """
        obligation o {
          model "m.ward"; analysis verify
          expect holds
          expect live { b, a }
        }
        """)
        XCTAssertEqual(file.allDiagnostics.map(\.message), [])
        let o = try! XCTUnwrap(file.obligations.first)
        XCTAssertEqual(o.verdictExpectation, .holds)
        XCTAssertEqual(o.liveTargets?.map(\.description), ["b", "a"])
        XCTAssertEqual(o.expectedText, "holds, live {a, b}")
        let fixed = ObligationParser.parse(path: "p.proof", text: """
        obligation o {
          model "m.ward"; analysis verify
          expect holds
          expect live { a(x = B, n = 2), a, a(x=B,n=2) }
        }
        """)
        XCTAssertEqual(fixed.allDiagnostics.map(\.message), ["'a(x=B, n=2)' is listed twice"])
        XCTAssertEqual(fixed.obligations.first?.liveTargets?.map(\.description), ["a(x=B, n=2)", "a"])
        XCTAssertEqual(diagnostics("""
        obligation o {
          model "m.ward"; analysis verify
          expect live { a }
        }
        obligation p {
          model "m.ward"; analysis verify
          expect bounded
          expect live { a }
          expect live { b }
          expect live {}
        }
        obligation q {
          model "m.ward"; analysis classify
          expect vmm holds
          expect live { a }
        }
        """), [
            "1:1: obligation 'o' expects only 'live': add 'expect holds', 'expect bounded' or 'expect violated { P, ... }'",
            "9:10: duplicate 'expect live'",
            "10:10: 'expect live {}' names no action",
            "15:10: 'expect live' does not fit a classify obligation",
        ])
    }

    func testReachableAndRecoverableExpectations() {
        let file = ObligationParser.parse(path: "p.proof", text: """
        obligation o {
          model "m.ward"; analysis verify; depth 3
          expect bounded
          expect reachable { b, a }
          expect recoverable { c } within 2
        }
        """)
        XCTAssertEqual(file.allDiagnostics.map(\.message), [])
        let o = try! XCTUnwrap(file.obligations.first)
        XCTAssertEqual(o.verdictExpectation, .bounded)
        XCTAssertEqual(o.reachableGoals, ["b", "a"])
        XCTAssertEqual(o.recoverableGoals?.names, ["c"])
        XCTAssertEqual(o.recoverableGoals?.within, 2)
        XCTAssertEqual(o.expectedText, "bounded, reachable {a, b}, recoverable {c} within 2")
        XCTAssertEqual(diagnostics("""
        obligation o {
          model "m.ward"; analysis verify
          expect reachable { a }
        }
        obligation p {
          model "m.ward"; analysis verify; depth 2
          expect bounded
          expect reachable { a }
          expect reachable { b }
          expect recoverable {} within 1
          expect recoverable { a } within 3
        }
        obligation q {
          model "m.ward"; analysis verify
          expect holds
          expect recoverable { a } after 2
          expect recoverable { a } within 0
        }
        """), [
            "1:1: obligation 'o' expects only 'reachable': add 'expect holds', 'expect bounded' or 'expect violated { P, ... }'",
            "9:10: duplicate 'expect reachable'",
            "10:10: 'expect recoverable {}' names no predicate",
            "11:10: 'within 3' exceeds the obligation's depth 2: recovery is searched inside the explored depth",
            "16:28: expected 'within' after 'expect recoverable { ... }', found 'after'",
            "17:35: 'within' must be between 1 and 64 steps, not 0",
        ])
    }

    /// Syntax errors stop the file: one diagnostic, at the offending token.
    func testSyntaxErrors() {
        let cases: [(String, String)] = [
            ("obligation o {\n  depth x\n}", "2:9: expected a number after 'depth', found 'x'"),
            ("obligation o {\n  model m.ward\n}", "2:9: expected the model's path in quotes after 'model', found 'm'"),
            ("obligation o {\n  model \"m.ward\"\n", "1:1: unexpected end of file: obligation 'o' is not closed"),
            ("obligation {\n}", "1:12: expected an obligation name, found '{'"),
            ("obligations o {}", "1:1: expected 'obligation', found 'obligations'"),
            ("obligation o {\n  expect holes { A B }\n}", "2:20: expected '}' to close the set of instructions, found 'B'"),
            ("obligation o {\n  set N 3\n}", "2:9: expected '=' after the constant's name, found number 3"),
            ("obligation o {\n  # comment\n}", "2:3: unexpected character '#'"),
            ("obligation o {\n  model \"m.ward\n}", "2:9: unterminated string literal"),
            ("obligation o {\n  42\n}", "2:3: expected a key (model, analysis, engine, depth, width, timeout, property, set, expect) or '}', found number 42"),
        ]
        for (text, expected) in cases {
            let file = ObligationParser.parse(path: "p.proof", text: text)
            XCTAssertEqual(file.diagnostics.count, 1, text)
            XCTAssertEqual(diagnostics(text), [expected], text)
        }
    }

    /// The rendered diagnostic names the file and shows the line with a caret under the column.
    func testDiagnosticRendering() {
        let file = ObligationParser.parse(path: "Proofs/x.proof", text: "obligation o {\n  model \"m.ward\"\n  analysis verify\n  expect hols\n}\n")
        XCTAssertEqual(file.allDiagnostics.first?.description.split(separator: "\n").prefix(3).joined(separator: "\n"), """
        Proofs/x.proof:4:10: error: unknown expectation 'hols'
            expect hols
                   ^
        """)
    }
}
