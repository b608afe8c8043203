import Foundation
import XCTest
@testable import WardIR
import WardSyntax

/// Models that once exhausted the stack, the memory or the patience of the elaborator or of
/// the engines after it (found by fuzzing and by the resource audit): each is now a diagnostic.
final class FuzzRegressionTests: XCTestCase {
    func load(_ text: String, maxNodes: Int = Elaborator.defaultMaxNodes) -> Result<Model, DiagnosticError> {
        var loader = ModelLoader()
        loader.maxNodes = maxNodes
        return Result { () throws(DiagnosticError) in try loader.load(text: text, path: "fuzz.ward") }
    }

    /// `maxNodes` below the default keeps the shapes whose cost grows with the limit fast in a
    /// debug build; the check is the same at any limit.
    func expectError(_ text: String, _ fragment: String, line: Int, maxNodes: Int = Elaborator.defaultMaxNodes, seconds: Double = 10,
                     file: StaticString = #filePath, testLine: UInt = #line) {
        let start = Date()
        switch load(text, maxNodes: maxNodes) {
        case .success: XCTFail("loaded without error", file: file, line: testLine)
        case .failure(let e):
            guard let d = e.diagnostics.first else { return XCTFail("no diagnostic", file: file, line: testLine) }
            XCTAssert(d.message.contains(fragment), "'\(d.message)' lacks '\(fragment)'", file: file, line: testLine)
            XCTAssertEqual(d.location?.line, line, "\(e)", file: file, line: testLine)
            XCTAssertNotNil(d.lineText, "no caret line: \(e)", file: file, line: testLine)
            XCTAssertFalse(d.notes.isEmpty, "no advice in: \(e)", file: file, line: testLine)
        }
        // Not a timing assertion on speed, a guard against exponential work (seconds, not hours).
        XCTAssertLessThan(Date().timeIntervalSince(start), seconds, file: file, line: testLine)
    }

    // Functions inline, so `f(f(f(...)))` nests each body inside the arguments: 200 nested calls
    // of a three-operator function parse (200 levels) but the IR would be 600 levels high.
    func testNestedCallsExceedTheDepthLimit() {
        let calls = String(repeating: "inc(", count: 200) + "x" + String(repeating: ")", count: 200)
        expectError("model m {\n  var x : bits<8> = 0\n  fn inc(v: bits<8>) -> bits<8> = v + 1 + 1 + 1\n  invariant p: " + calls + " == x\n}",
                    "nests more than \(Elaborator.maxExprDepth) levels deep once functions are inlined", line: 4)
    }

    // Each function uses its argument twice: k levels of functions make a tree of 2^k leaves out
    // of a few lines of text. 40 levels is 2^40 nodes; the elaborator stops at `maxNodes`.
    func testExponentialInliningIsRefused() {
        var lines = ["model m {", "  var x : bits<8> = 0", "  fn f0(v: bits<8>) -> bits<8> = v + v"]
        for k in 1...40 { lines.append("  fn f\(k)(v: bits<8>) -> bits<8> = f\(k - 1)(v) + f\(k - 1)(v)") }
        lines.append("  invariant p: f40(x) == 0")
        lines.append("}")
        expectError(lines.joined(separator: "\n"), "the model is too large: more than 50000", line: 44, maxNodes: 50_000)
    }

    // Shared arguments: `d(d(d(x)))` with `d(v) = v * v` elaborates each argument once, but the
    // IR tree (what the engines visit) doubles per level.
    func testSharedArgumentsCountOncePerUse() {
        let calls = String(repeating: "d(", count: 60) + "x" + String(repeating: ")", count: 60)
        expectError("model m {\n  var x : bits<8> = 0\n  fn d(v: bits<8>) -> bits<8> = v * v\n  invariant p: " + calls + " == x\n}",
                    "the model is too large", line: 4)
    }

    /// Found by the random-ISA differential test: a quantifier in the key of an assignment's
    /// target took its local slot on a copy of the elaborator, so the action's local count did not
    /// include it (after a `forall` update it was one slot short, and the emulator indexed past
    /// its locals: `ward classify` crashed). Every slot the body uses must be counted.
    func testQuantifiersInAssignmentKeysCountTheirLocals() throws {
        let model = try load("""
        model m {
          var f : map<bool, bits<2>> = 0
          action a() { forall q: bool { f[q] = 0 }; f[(exists r: bits<2> :: r == 3)] = 1; let x = f[true]; f[false] = x }
        }
        """).get()
        func uses(_ s: Stmt, _ slot: Int) -> Bool {
            switch s {
            case .assign(let lv, let v): lv.forEach?.local == slot || lv.keys.contains { $0.mentions(local: slot) } || v.mentions(local: slot)
            case .bind(let l, let v): l == slot || v.mentions(local: slot)
            case .ifElse(let c, let t, let e): c.mentions(local: slot) || (t + e).contains { uses($0, slot) }
            case .require(let c): c.mentions(local: slot)
            case .trap: false
            }
        }
        let action = model.actions[0]
        let used = (0..<8).filter { slot in action.body.contains { uses($0, slot) } }
        XCTAssertEqual(used, [0, 1, 2], "\(action.body)")
        XCTAssertEqual(action.localCount, 3)
    }

    // Nested loops unroll multiplicatively: 4096 × 4096 × 4096 statements.
    func testNestedLoopsAreRefused() {
        expectError("model m {\n  var x : bits<8> = 0\n  action a() {\n    for i in 0..4096 { for j in 0..4096 { for k in 0..4096 { x = x + 1 } } }\n  }\n}",
                    "the model is too large", line: 4, maxNodes: 50_000)
    }

    // A set literal over an enum of more than 64 cases used to make a set type of 100 bits: the
    // concrete engine computed with 64 of them and Z3 refused the sort.
    func testSetLiteralOverALargeEnum() {
        let cases = (0..<100).map { "c\($0)" }.joined(separator: ", ")
        expectError("model m {\n  enum E { \(cases) }\n  var e : E\n  invariant p: e in {c1, c99}\n}",
                    "a set's enum may have at most 64 cases; 'E' has 100", line: 4)
        expectError("model m {\n  enum E { \(cases) }\n  var e : E\n  invariant p: c1 in {e}\n}",
                    "at most 64 cases", line: 4)
    }

    // Type aliases nest maps without nesting the syntax.
    func testMapNestingThroughAliases() {
        var lines = ["model m {", "  type T0 = bool"]
        for k in 1...40 { lines.append("  type T\(k) = map<bool, T\(k - 1)>") }
        lines.append("}")
        expectError(lines.joined(separator: "\n"), "maps nest more than \(Elaborator.maxMapNesting) deep", line: 19)
    }

    // A set literal with many non-constant elements builds one `|` per element.
    func testWideDynamicSetLiteral() {
        let items = Array(repeating: "e", count: 400).joined(separator: ", ")
        expectError("model m {\n  enum E { a, b, c }\n  var e : E\n  var s : set<E> = {}\n  invariant p: s == {\(items)}\n}",
                    "nests more than", line: 5)
    }

    // Just under the limits, the same shapes elaborate.
    func testUnderTheLimitsElaborates() throws {
        let calls = String(repeating: "inc(", count: 50) + "x" + String(repeating: ")", count: 50)
        var lines = ["model m {", "  var x : bits<8> = 0", "  fn inc(v: bits<8>) -> bits<8> = v + 1 + 1 + 1", "  invariant p: " + calls + " == x",
                     "  fn f0(v: bits<8>) -> bits<8> = v + v"]
        for k in 1...10 { lines.append("  fn f\(k)(v: bits<8>) -> bits<8> = f\(k - 1)(v) + f\(k - 1)(v)") }
        lines += ["  invariant q: f10(x) == 0", "  action a() { for i in 0..64 { for j in 0..64 { x = x + 1 } } }", "}"]
        let m = try load(lines.joined(separator: "\n")).get()
        XCTAssertEqual(m.invariants.count, 2)
        XCTAssertEqual(m.invariants[0].expr.depth, 152)
        XCTAssertEqual(m.actions[0].body.count, 4096)
    }

    // MARK: files

    func tempDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-robust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data().write(to: dir.appendingPathComponent("Package.swift"))   // the import root
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func loadFile(_ path: String) -> Result<Model, DiagnosticError> {
        Result { () throws(DiagnosticError) in try ModelLoader().load(path: path) }
    }

    func expectFileError(_ path: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        switch loadFile(path) {
        case .success: XCTFail("loaded \(path)", file: file, line: line)
        case .failure(let e): XCTAssert(e.description.contains(fragment), e.description, file: file, line: line)
        }
    }

    func testDirectoriesDevicesAndMissingFiles() throws {
        let dir = try tempDirectory()
        expectFileError(dir.path, "it is a directory")
        expectFileError("/dev/zero", "not a regular file")
        expectFileError(dir.appendingPathComponent("missing.ward").path, "no such file")
        let binary = dir.appendingPathComponent("binary.ward")
        try Data([0xFF, 0xFE, 0x00, 0x01, 0x80]).write(to: binary)
        expectFileError(binary.path, "is not UTF-8 text")
        let empty = dir.appendingPathComponent("empty.ward")
        try Data().write(to: empty)
        expectFileError(empty.path, "expected 'model', 'isa', 'policy' or 'platform', found end of file")
    }

    func testHugeFileIsRefusedBeforeReading() throws {
        let dir = try tempDirectory()
        let big = dir.appendingPathComponent("big.ward")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: UInt64(ModelLoader.maxFileBytes) + 1)   // sparse: no disk used
        try handle.close()
        expectFileError(big.path, "is too large")
    }

    func testSymlinkedModelStillLoads() throws {
        let dir = try tempDirectory()
        let real = dir.appendingPathComponent("real.ward")
        try Data("model m { var x : bool }".utf8).write(to: real)
        let link = dir.appendingPathComponent("link.ward")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        XCTAssertEqual(try loadFile(link.path).get().name, "m")
    }

    // Each level imports the next twice (a diamond): 2^20 paths. The loader stops at `maxFiles`.
    func testImportDiamondsAreBounded() throws {
        let dir = try tempDirectory()
        for k in 0..<20 {
            let imports = k == 19 ? "" : "import \"d\(k + 1).ward\"\nimport \"d\(k + 1).ward\"\n"
            try Data((imports + "model d\(k) { var x\(k) : bool }").utf8).write(to: dir.appendingPathComponent("d\(k).ward"))
        }
        let start = Date()
        expectFileError(dir.appendingPathComponent("d0.ward").path, "more than \(ModelLoader.maxFiles) files")
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}
