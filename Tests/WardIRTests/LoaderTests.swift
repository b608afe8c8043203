import Foundation
import XCTest
import WardIR
import WardSyntax

/// Loading and elaboration: imports with `override` merged in place, and the IR the
/// elaborator produces for the constructs both engines rely on.
final class LoaderTests: XCTestCase {
    func tree(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-load-\(UUID().uuidString)").path
        for (name, text) in files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    static let base = """
    model base {
      var x : bits<4> = 0
      var y : bits<4> = 0
      action a1() { x = 1 }
      action a2() { x = 2 }
      action a3() { x = 3 }
      invariant small: x < 4
      invariant y_zero: y == 0
    }
    """

    func testOverrideReplacesInPlace() throws {
        let dir = try tree([
            "base.ward": Self.base,
            "sub/child.ward": """
            import "../base.ward"
            model child {
              action a4() { y = 1 }
              override action a2() { y = 2 }
              override invariant small: x < 3
              var z : bool = true
            }
            """,
        ])
        let model = try ModelLoader(importRoot: dir).load(path: dir + "/sub/child.ward")
        XCTAssertEqual(model.name, "child")
        XCTAssertEqual(model.fields.map(\.name), ["x", "y", "z"])
        // The override keeps a2's place; the new action comes after the imported ones.
        XCTAssertEqual(model.actions.map(\.name), ["a1", "a2", "a3", "a4"])
        XCTAssertEqual(model.actions[1].location.file, dir + "/sub/child.ward")
        XCTAssertEqual(model.actions[0].location.file, dir + "/base.ward")
        guard case .assign(let lv, let v) = model.actions[1].body[0] else { return XCTFail("a2 body") }
        XCTAssertEqual(model.fields[lv.field].name, "y", "a2 is the child's")
        XCTAssertEqual(v.constantValue, 2)
        XCTAssertEqual(model.invariants.map(\.name), ["small", "y_zero"])
        XCTAssertEqual(model.invariants[0].location.file, dir + "/sub/child.ward")
        XCTAssertEqual(model.sourceFiles, [dir + "/sub/child.ward", dir + "/base.ward"])
    }

    func testImportChainsOverrideTransitively() throws {
        let dir = try tree([
            "a.ward": Self.base,
            "b.ward": "import \"a.ward\"\nmodel b { override action a3() { x = 13 }\n action b1() { y = 1 } }",
            "c.ward": "import \"b.ward\"\nmodel c { override action a3() { x = 14 }\n override action b1() { y = 2 } }",
        ])
        let model = try ModelLoader().load(path: dir + "/c.ward")
        XCTAssertEqual(model.actions.map(\.name), ["a1", "a2", "a3", "b1"])
        guard case .assign(_, let v) = model.actions[2].body[0], case .assign(_, let w) = model.actions[3].body[0] else { return XCTFail() }
        XCTAssertEqual(v.constantValue, 14)
        XCTAssertEqual(w.constantValue, 2)
        XCTAssertEqual(model.sourceFiles.count, 3)
    }

    func testBundledPolicyModelsLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let guests = try ModelLoader().load(path: root.appendingPathComponent("Models/policy/two-guests.ward").path)
        XCTAssertEqual(guests.actions.map(\.name), ["request_map", "request_unmap", "revoke"])
        XCTAssertEqual(guests.invariants.map(\.name), ["isolation", "no_direct_map", "guests_apart", "g1_least", "g2_least", "authority_kept"])
        XCTAssertEqual(guests.sourceFiles.count, 1)
        let deputyPath = root.appendingPathComponent("Models/policy/bugs/two-guests-confused-deputy.ward").path
        let deputy = try ModelLoader().load(path: deputyPath)
        XCTAssertEqual(deputy.name, "two_guests_confused_deputy")
        XCTAssertEqual(deputy.actions.map(\.name), ["request_map", "request_unmap", "revoke"])
        XCTAssertEqual(deputy.invariants.map(\.name), ["isolation", "no_direct_map", "guests_apart", "g1_least", "g2_least", "authority_kept"])
        XCTAssertEqual(deputy.sourceFiles.count, 2)
        // Only request_map is the deputy's own; the rest is the imported model's.
        XCTAssert(deputy.actions[0].location.file.hasSuffix("two-guests-confused-deputy.ward"), deputy.actions[0].location.file)
        XCTAssert(deputy.actions[1].location.file.hasSuffix("policy/two-guests.ward"), deputy.actions[1].location.file)
        XCTAssertNotEqual(Self.text(deputy.actions[0].body), Self.text(guests.actions[0].body))
        XCTAssertEqual(Self.text(deputy.actions[1].body), Self.text(guests.actions[1].body))
    }

    /// A statement list as text, for comparing bodies.
    static func text(_ stmts: [Stmt]) -> String {
        stmts.map { s -> String in
            switch s {
            case .assign(let lv, let v): return "f\(lv.field)\(lv.keys.map { "[\($0)]" }.joined())=\(v)"
            case .bind(let l, let v): return "l\(l)=\(v)"
            case .ifElse(let c, let t, let e): return "if \(c) {\(text(t))} else {\(text(e))}"
            case .trap(let k): return "trap \(k)"
            case .require(let c): return "require \(c)"
            }
        }.joined(separator: "; ")
    }

    // MARK: elaboration

    func load(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Model? {
        do { return try ModelLoader().load(text: text) } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    func testSetLiteralsAndMembershipLowerToBits() throws {
        let m = try XCTUnwrap(load("""
        model s {
          enum Right { read, write, execute }
          var r : set<Right> = {read, execute}
          var e : Right = write
          invariant has_read: read in r
          invariant dynamic: e in r
        }
        """))
        XCTAssertEqual(m.fields[0].type.bitWidth, 3)
        XCTAssertEqual(m.fields[0].initial?.constantValue, 0b101)
        XCTAssertEqual(m.fields[1].initial?.constantValue, 1)
        // A constant element is one bit test.
        XCTAssertEqual(m.invariants[0].expr.description, "(eq f0[0:0] 1)")
        // A variable element is a chain of bit tests, one per case.
        XCTAssert(m.invariants[1].expr.description.hasPrefix("(ite (eq f1 0) (eq f0[0:0] 1)"), m.invariants[1].expr.description)
    }

    func testLoopsUnrollFunctionsInlineConstantsFold() throws {
        let m = try XCTUnwrap(load("""
        model u {
          const N = 4
          var x : bits<8> = 0
          fn double(v: bits<8>) -> bits<8> = v + v
          action go() {
            let k = N * 2
            for i in 0..N { x = x + i }
            x = double(x) + k
          }
        }
        """))
        let body = m.actions[0].body
        XCTAssertEqual(body.count, 5, "no bind for a constant let, four unrolled assignments, one more")
        guard case .assign(_, let last) = body[4] else { return XCTFail() }
        XCTAssertEqual(last.description, "(add (add f0 f0) 8)")
        XCTAssertEqual(m.actions[0].localCount, 0)
    }

    func testLetBindsALocalSlot() throws {
        let m = try XCTUnwrap(load("model l { var x : bits<8>\n action go(p: bits<8>) { let t = x + p\n x = t } }"))
        XCTAssertEqual(m.actions[0].localCount, 1)
        guard case .bind(0, let v) = m.actions[0].body[0] else { return XCTFail() }
        XCTAssertEqual(v.description, "(add f0 p0)")
    }

    func testWidthOverridesAndWidthNames() throws {
        let text = "model w {\n  width W = 8\n  const C = 2\n  var x : bits<W>\n}"
        let narrow = try ModelLoader(constantOverrides: ["W": 4]).load(text: text)
        XCTAssertEqual(narrow.fields[0].type, .bits(4))
        XCTAssertEqual(narrow.widthNames, ["W"])
        XCTAssertEqual(try ModelLoader().load(text: text).fields[0].type, .bits(8))
        XCTAssertThrowsError(try ModelLoader(constantOverrides: ["V": 4]).load(text: text)) { error in
            XCTAssert("\(error)".contains("no constant or width named 'V'"), "\(error)")
        }
    }

    func testEnumEncodingWidths() throws {
        let m = try XCTUnwrap(load("model e { enum One { a }\n enum Two { b, c }\n enum Three { d, e, f }\n enum Five { g, h, i, j, k }\n var v : One }"))
        XCTAssertEqual(m.enums.map(\.bitWidth), [1, 1, 2, 3])
        XCTAssertEqual(IRType.set(m.enums[3]).bitWidth, 5)
        XCTAssertEqual(IRType.enumeration(m.enums[2]).cardinality, 3)
        XCTAssertEqual(IRType.bits(64).mask, ~0)
        XCTAssertEqual(IRType.bits(61).cardinality, 1 << 61)
        XCTAssertNil(IRType.bits(62).cardinality)
    }

    func testISAModeSpec() throws {
        let m = try XCTUnwrap(load("isa i {\n  mode CPL : bits<2> { supervisor = 0, user = 3 }\n  visible r : bits<4>\n  deprivileged { CPL = 3 }\n}"))
        XCTAssertEqual(m.kind, .isa)
        XCTAssertEqual(m.mode?.field, 0)
        XCTAssertEqual(m.mode?.supervisor, 0)
        XCTAssertEqual(m.mode?.user, 3)
        let inline = try XCTUnwrap(load("isa j {\n  mode M : { user, supervisor }\n  deprivileged { M = user }\n}"))
        XCTAssertEqual(inline.mode?.supervisor, 1)
        XCTAssertEqual(inline.mode?.user, 0)
    }

    /// A function inlined with a constant argument folds to the branch it takes: the field only
    /// the other branch reads leaves the footprint (what the enumerator enumerates), and a
    /// statement `if` on a constant keeps only its taken branch.
    func testConstantChoicesFoldAway() throws {
        let m = try ModelLoader().load(text: """
        model m {
          enum S { A, B }
          var x : bits<2>
          var y : bits<2>
          var z : bits<2>
          fn pick(s: S) -> bits<2> = if s == A then x else y
          action get() { z = pick(B) }
          action put(s: S) { z = pick(s) }
          action dead() { if A == B { x = 1 } else { z = 1 } }
        }
        """)
        let x = try XCTUnwrap(m.fields.firstIndex { $0.name == "x" })
        let y = try XCTUnwrap(m.fields.firstIndex { $0.name == "y" })
        let z = try XCTUnwrap(m.fields.firstIndex { $0.name == "z" })
        XCTAssertEqual(Footprint(m.actions[0].body).fields, [y, z])
        XCTAssertEqual(Footprint(m.actions[1].body).fields, [x, y, z])   // a parameter is not a constant
        XCTAssertEqual(Footprint(m.actions[2].body).fields, [z])
    }
}
