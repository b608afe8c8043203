import Foundation
import XCTest
@testable import WardIR
import WardSyntax

/// The front end's limits (Parser.maxNesting, Elaborator.maxExprDepth / defaultMaxNodes /
/// maxMapNesting, ModelLoader.maxImportDepth / maxFiles / maxFileBytes) must sit far above what
/// real models use: every bundled model is measured against them.
final class RobustLimitsTests: XCTestCase {
    struct Measure { var nodes = 0; var depth = 0; var statementDepth = 0 }

    static func measure(_ e: Expr, _ m: inout Measure) { m.nodes += e.size; m.depth = max(m.depth, e.depth) }

    static func measure(_ stmts: [Stmt], _ m: inout Measure, level: Int = 1) {
        for s in stmts {
            m.nodes += 1
            m.statementDepth = max(m.statementDepth, level)
            switch s {
            case .assign(let lv, let v): lv.keys.forEach { measure($0, &m) }; measure(v, &m)
            case .bind(_, let v), .require(let v): measure(v, &m)
            case .ifElse(let c, let t, let e): measure(c, &m); measure(t, &m, level: level + 1); measure(e, &m, level: level + 1)
            case .trap: break
            }
        }
    }

    static func measure(_ model: Model) -> Measure {
        var m = Measure()
        for f in model.fields { if let i = f.initial { measure(i, &m) } }
        for a in model.actions { measure(a.body, &m) }
        measure(model.initBody, &m)
        measure(model.deprivileged, &m)
        for p in model.checkedProperties { measure(p.expr, &m) }
        return m
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testBundledModelsAreFarBelowTheLimits() throws {
        let models = Self.repository.appendingPathComponent("Models")
        guard let walker = FileManager.default.enumerator(atPath: models.path) else { throw MissingPrerequisite("no Models/") }
        var measured = 0
        for case let relative as String in walker where relative.hasSuffix(".ward") {
            let path = models.appendingPathComponent(relative).path
            // Models being written by others may not load yet; the limits are about those that do.
            guard let model = try? ModelLoader().load(path: path) else { continue }
            let m = Self.measure(model)
            measured += 1
            XCTAssertLessThan(m.nodes, Elaborator.defaultMaxNodes / 8, "\(relative): \(m.nodes) IR nodes")
            XCTAssertLessThan(m.depth, Elaborator.maxExprDepth / 2, "\(relative): expression depth \(m.depth)")
            XCTAssertLessThan(m.statementDepth, Parser.maxNesting / 4, "\(relative): statement depth \(m.statementDepth)")
            print("limits: \(relative): \(m.nodes) IR nodes, expression depth \(m.depth), statement depth \(m.statementDepth)")
        }
        if measured == 0 { throw MissingPrerequisite("no bundled model loads yet") }
    }

    /// Widths, map keys and sets at the edges of the language: 1...64 bits, 64-case sets.
    func testTypeLimits() throws {
        XCTAssertNoThrow(try ModelLoader().load(text: "model m { var x : bits<64>\n var y : bits<1> }"))
        let cases64 = (0..<64).map { "c\($0)" }.joined(separator: ", ")
        let cases65 = (0..<65).map { "c\($0)" }.joined(separator: ", ")
        XCTAssertNoThrow(try ModelLoader().load(text: "model m { enum E { \(cases64) }\n var s : set<E> = {c0, c63}\n invariant p: c63 in s || s == {} }"))
        for (text, fragment) in [
            ("model m { var x : bits<65> }", "between 1 and 64, not 65"),
            ("model m { const W = 0 - 1\n var x : bits<W> }", "between 1 and 64"),
            ("model m { enum E { \(cases65) }\n var s : set<E> }", "at most 64 cases"),
            ("model m { var x : bits<8> = 256 }", "does not fit in bits<8>"),
            ("model m { var x : bits<8>\n action a() { for i in 0..5000 { x = x + 1 } } }", "at most 4096 iterations"),
            ("model m { var x : bits<8>\n action a() { for i in bits<13> { x = x + 1 } } }", "at most 4096 values"),
            ("model m { var x : bits<8>\n invariant p: zext(x, 65) == 0 }", "between 8 and 64"),
            ("model m { var x : bits<40>\n invariant p: concat(x, x) == 0 }", "at most 64 bits"),
            ("model m { var x : bits<8>\n invariant p: x[8] == 0 }", "below 8"),
        ] {
            do {
                _ = try ModelLoader().load(text: text)
                XCTFail("loaded: \(text)")
            } catch {
                XCTAssert(error.description.contains(fragment), "\(text): \(error.description)")
            }
        }
    }

    /// Functions may not recurse, directly or through another function, and nest at most 64 calls.
    func testFunctionLimits() {
        for (text, fragment) in [
            ("model m { var x : bool\n fn f(a: bool) -> bool = g(a)\n fn g(a: bool) -> bool = f(a)\n invariant p: f(x) }", "calls itself"),
            ("model m { var x : bool\n fn f(a: bool) -> bool = f(a)\n invariant p: f(x) }", "calls itself"),
        ] {
            do {
                _ = try ModelLoader().load(text: text)
                XCTFail("loaded: \(text)")
            } catch {
                XCTAssert(error.description.contains(fragment), "\(text): \(error.description)")
            }
        }
        var lines = ["model m {", "  var x : bool", "  fn f0(a: bool) -> bool = a"]
        for k in 1...70 { lines.append("  fn f\(k)(a: bool) -> bool = f\(k - 1)(a)") }
        lines.append("  invariant p: f70(x)")
        lines.append("}")
        XCTAssertThrowsError(try ModelLoader().load(text: lines.joined(separator: "\n"))) { error in
            XCTAssert("\(error)".contains("functions nest deeper than 64 calls"), "\(error)")
        }
    }
}
