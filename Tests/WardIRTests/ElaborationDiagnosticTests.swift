import Foundation
import XCTest
import WardIR
import WardSyntax

/// Type, name, import and ISA errors: each one is a `DiagnosticError` at the exact place of
/// the mistake, with a message saying what is wrong and the source line with a caret.
final class ElaborationDiagnosticTests: XCTestCase {
    // MARK: types

    func testWidthZeroAndSixtyFive() {
        expectError("model m {\n  var x : bits<0>\n}", at: Spot(line: 2, token: "bits"), "bit-vector width must be between 1 and 64, not 0")
        expectError("model m {\n  const W = 65\n  var x : bits<W>\n}", at: Spot(line: 3, token: "bits"), "between 1 and 64, not 65")
        XCTAssertNoThrow(try ModelLoader().load(text: "model m { var x : bits<64>\n var y : bits<1> }"))
    }

    func testUnknownType() {
        expectError("model m {\n  type Word = bits<8>\n  var x : Wrd\n}", at: Spot(line: 3, token: "Wrd"), "unknown type 'Wrd'",
                    note: "did you mean 'Word'?")
    }

    func testMapKeyOfMapType() {
        expectError("model m {\n  var m : map<map<bool, bool>, bool>\n}", at: Spot(line: 2, token: "map"), "map keys must be scalar")
    }

    func testSetOfNonEnum() {
        expectError("model m {\n  var s : set<bits<4>>\n}", at: Spot(line: 2, token: "set"), "set<...> takes an enum type")
    }

    func testMismatchedOperandWidths() {
        expectError("model m {\n  var a : bits<8>\n  var b : bits<4>\n  invariant p: a + b == 0\n}", at: Spot(line: 4, token: "b"),
                    "expected a value of type bits<8>, found bits<4>")
    }

    func testBoolWhereBitsExpected() {
        expectError("model m {\n  var a : bits<8>\n  var flag : bool\n  action go() {\n    a = flag\n  }\n}",
                    at: Spot(line: 5, token: "flag"), "expected a value of type bits<8>, found bool")
    }

    func testNumberThatDoesNotFit() {
        expectError("model m {\n  var x : bits<4> = 16\n}", at: Spot(line: 2, token: "16"), "number 16 does not fit in bits<4>")
        XCTAssertNoThrow(try ModelLoader().load(text: "model m { var x : bits<4> = 15 }"))
    }

    func testUninferableNumberWidth() {
        expectError("model m {\n  var x : bits<4>\n  invariant p: 3 == 3\n}", at: Spot(line: 3, token: "3"),
                    "cannot tell the width of this number", note: "where a bits<N> value is expected")
    }

    func testAssignmentToParameter() {
        expectError("model m {\n  var x : bits<8>\n  action go(p: bits<8>) {\n    p = 1\n  }\n}", at: Spot(line: 4, token: "p"),
                    "cannot assign to parameter 'p'")
    }

    func testAssignmentToConstant() {
        expectError("model m {\n  const N = 3\n  var x : bits<8>\n  action go() {\n    N = 1\n  }\n}", at: Spot(line: 5, token: "N"),
                    "cannot assign to constant 'N'")
    }

    func testAssignmentToLet() {
        expectError("model m {\n  var x : bits<8>\n  action go() {\n    let y = x\n    y = 1\n  }\n}", at: Spot(line: 5, token: "y"),
                    "'y' is a let-bound name and cannot be assigned")
    }

    func testWholeMapAssignment() {
        expectError("model m {\n  var m : map<bool, bits<2>>\n  action go() {\n    m = 0\n  }\n}", at: Spot(line: 4, token: "m"),
                    "cannot assign a whole map; assign its elements")
    }

    func testBitSliceAssignment() {
        expectError("model m {\n  var x : bits<8>\n  action go() {\n    x[3:0] = 1\n  }\n}", at: Spot(line: 4, token: "x"),
                    "bit slices cannot be assigned")
    }

    // MARK: names

    func testUnknownFieldWithSuggestion() {
        expectError("model m {\n  var counter : bits<4>\n  action go() {\n    countr = 1\n  }\n}", at: Spot(line: 4, token: "countr"),
                    "unknown field 'countr'", note: "did you mean 'counter'?")
        expectError("model m {\n  var counter : bits<4>\n  invariant p: countr == 0\n}", at: Spot(line: 3, token: "countr"),
                    "unknown name 'countr'", note: "did you mean 'counter'?")
    }

    func testUnknownFunction() {
        expectError("model m {\n  var c : bits<4>\n  fn is_good(v: bits<4>) -> bool = v < 3\n  invariant p: isgood(c)\n}",
                    at: Spot(line: 4, token: "isgood"), "unknown function 'isgood'", note: "did you mean 'is_good'?")
    }

    func testAmbiguousEnumCase() {
        expectError("model m {\n  enum A { on, off }\n  enum B { on, idle }\n  invariant p: on == on\n}", at: Spot(line: 4, token: "on"),
                    "'on' is a case of several enums (A, B); write Enum.on")
        // Qualified, or with the type known from the other side, it is fine.
        XCTAssertNoThrow(try ModelLoader().load(text: "model m { enum A { on, off }\n enum B { on, idle }\n var a : A\n invariant p: a == on && A.on != A.off }"))
    }

    func testDuplicateDeclaration() {
        expectError("model m {\n  var x : bool\n  var x : bits<2>\n}", at: Spot(line: 3, token: "var"), "'x' is declared twice",
                    note: "first declared at <input>:2:3")
        expectError("model m {\n  enum E { a, b }\n  const E = 3\n}", at: Spot(line: 3, token: "const"), "'E' is declared twice")
    }

    func testRecursiveFunction() {
        expectError("model m {\n  var c : bits<4>\n  fn f(x: bits<4>) -> bits<4> = f(x) + 1\n  invariant p: f(c) == 0\n}",
                    at: Spot(line: 3, token: "f(x)"), "function 'f' calls itself")
    }

    func testEnumCaseListedTwice() {
        expectError("model m {\n  enum E { a, b, a }\n}", at: Spot(line: 2, token: "enum"), "enum 'E' lists 'a' twice")
    }

    // MARK: ISA well-formedness

    func testISAWithoutModeField() {
        expectError("isa i {\n  visible x : bits<2>\n  deprivileged { }\n}", at: Spot(line: 1, token: "isa"),
                    "isa 'i' declares no mode field", note: "mode M : { supervisor, user }")
    }

    func testISAFieldWithoutRole() {
        expectError("isa i {\n  mode M : { supervisor, user }\n  var x : bits<2>\n  deprivileged { M = user }\n}",
                    at: Spot(line: 3, token: "var"), "field 'x' of an isa needs a role: mode, protected or visible")
    }

    func testDeprivilegedSetsVisibleField() {
        expectError("isa i {\n  mode M : { supervisor, user }\n  visible x : bits<2>\n  deprivileged {\n    M = user\n    x = 0\n  }\n}",
                    at: Spot(line: 6, token: "x"), "deprivileged sets visible field 'x'")
    }

    func testModeWithoutSupervisorAndUser() {
        expectError("isa i {\n  mode M : bits<2>\n  deprivileged { M = 3 }\n}", at: Spot(line: 2, token: "mode"),
                    "the mode field needs a supervisor and a user value")
        expectError("isa i {\n  mode M : { kernel, app }\n  deprivileged { M = app }\n}", at: Spot(line: 2, token: "mode"),
                    "needs a supervisor and a user value")
        expectError("isa i {\n  mode M : bits<2> { supervisor = 0, user = 0 }\n  deprivileged { M = 0 }\n}",
                    at: Spot(line: 2, token: "mode"), "must differ")
        XCTAssertNoThrow(try ModelLoader().load(text: "isa i {\n  mode CPL : bits<2> { supervisor = 0, user = 3 }\n  protected(relocation) base : bits<2>\n  deprivileged { CPL = 3 }\n}"))
    }

    func testISAWithTwoModeFields() {
        expectError("isa i {\n  mode M : { supervisor, user }\n  mode N : { supervisor, user }\n  deprivileged { M = user }\n}",
                    at: Spot(line: 3, token: "mode"), "an ISA has one mode field; 'M' is one already")
    }

    func testFieldDeclaredWithTwoRoles() {
        expectError("isa i {\n  mode M : { supervisor, user }\n  protected x : bits<2>\n  visible x : bits<2>\n  deprivileged { M = user }\n}",
                    at: Spot(line: 4, token: "visible"), "'x'")
    }

    func testTagThatConflictsWithTheRole() {
        expectError("isa i {\n  mode M : { supervisor, user }\n  visible(relocation) base : bits<2>\n  deprivileged { M = user }\n}",
                    at: Spot(line: 3, token: "visible"), "only protected fields take the tag 'relocation'")
        expectError("isa i {\n  mode M : { supervisor, user }\n  protected(pc) p : bits<2>\n  deprivileged { M = user }\n}",
                    at: Spot(line: 3, token: "protected"), "only visible fields take the tag 'pc'")
    }

    func testInstructionWritingAnUndeclaredField() {
        expectError("isa i {\n  mode M : { supervisor, user }\n  visible acc : bits<2>\n  deprivileged { M = user }\n  instruction CLR() { accu = 0 }\n}",
                    at: Spot(line: 5, token: "accu"), "unknown field 'accu'", note: "did you mean 'acc'?")
    }

    func testISAWithoutDeprivilegedBlock() {
        expectError("isa i {\n  mode M : { supervisor, user }\n}", at: Spot(line: 1, token: "isa"), "has no deprivileged configuration")
    }

    // MARK: imports

    /// A fresh directory with the given files; removed when the test ends.
    func tree(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-diag-\(UUID().uuidString)").path
        for (name, text) in files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func expectLoadError(_ loader: ModelLoader = ModelLoader(), dir: String, top: String, files: [String: String],
                         in culprit: String, at spot: Spot, _ fragment: String, note: String? = nil,
                         file: StaticString = #filePath, line: UInt = #line) {
        do {
            let model = try loader.load(path: dir + "/" + top)
            XCTFail("loaded without error: model \(model.name)", file: file, line: line)
        } catch {
            checkDiagnostic(error, text: files[culprit]!, path: ModelLoaderPaths.normalize(dir + "/" + culprit), at: spot,
                            fragment, note: note, file: file, line: line)
        }
    }

    func testImportCycle() throws {
        let files = ["a.ward": "import \"b.ward\"\nmodel a { var x : bool }\n",
                     "b.ward": "// b needs a\nimport \"a.ward\"\nmodel b { var y : bool }\n"]
        let dir = try tree(files)
        expectLoadError(dir: dir, top: "a.ward", files: files, in: "b.ward", at: Spot(line: 2, token: "import"),
                        "import cycle: 'a.ward' is already being imported", note: "imported from")
        // A file importing itself is a cycle of one.
        let own = ["self.ward": "import \"self.ward\"\nmodel s { }\n"]
        let dir2 = try tree(own)
        expectLoadError(dir: dir2, top: "self.ward", files: own, in: "self.ward", at: Spot(line: 1, token: "import"), "import cycle")
    }

    func testMissingImportedFile() throws {
        let files = ["top.ward": "// top\nimport \"nope.ward\"\nmodel t { }\n"]
        let dir = try tree(files)
        expectLoadError(dir: dir, top: "top.ward", files: files, in: "top.ward", at: Spot(line: 2, token: "import"),
                        "imported file 'nope.ward' does not exist")
    }

    func testImportOutsideTheModelTree() throws {
        let files = ["outside.ward": "model o { var x : bool }\n",
                     "models/top.ward": "import \"../outside.ward\"\nmodel t { }\n"]
        let dir = try tree(files)
        expectLoadError(ModelLoader(importRoot: dir + "/models"), dir: dir, top: "models/top.ward", files: files,
                        in: "models/top.ward", at: Spot(line: 1, token: "import"), "import '../outside.ward' leaves the model tree")
        // With the root one level up the same import is fine.
        XCTAssertNoThrow(try ModelLoader(importRoot: dir).load(path: dir + "/models/top.ward"))
    }

    func testOverrideOfNothing() throws {
        let files = ["base.ward": "model base { var x : bool }\n",
                     "child.ward": "import \"base.ward\"\nmodel child {\n  override var y : bool\n}\n"]
        let dir = try tree(files)
        expectLoadError(dir: dir, top: "child.ward", files: files, in: "child.ward", at: Spot(line: 3, token: "var"),
                        "'override y' overrides nothing")
    }

    func testDuplicateOfImportWithoutOverride() throws {
        let files = ["base.ward": "model base {\n  var x : bool\n}\n",
                     "child.ward": "import \"base.ward\"\nmodel child {\n  var x : bits<2>\n}\n"]
        let dir = try tree(files)
        expectLoadError(dir: dir, top: "child.ward", files: files, in: "child.ward", at: Spot(line: 3, token: "var"),
                        "'x' is already declared by an imported model; write 'override' to replace it",
                        note: "first declared at \(ModelLoaderPaths.normalize(dir + "/base.ward")):2:3")
    }

    func testErrorInsideAnImportedFileNamesThatFile() throws {
        let files = ["base.ward": "model base {\n  var x : bits<4> = 99\n}\n",
                     "child.ward": "import \"base.ward\"\nmodel child { }\n"]
        let dir = try tree(files)
        expectLoadError(dir: dir, top: "child.ward", files: files, in: "base.ward", at: Spot(line: 2, token: "99"),
                        "number 99 does not fit in bits<4>")
    }

    func testImportsNeedAFileOnDisk() {
        expectError("import \"base.ward\"\nmodel m { }", at: Spot(line: 1, token: "import"), "imports need a model file on disk")
    }
}

/// Display paths as the loader prints them (its `normalize` is internal).
enum ModelLoaderPaths {
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: false) {
            if c == ".", !parts.isEmpty { continue }
            if c == "..", let last = parts.last, last != "..", last != "", last != "." { parts.removeLast(); continue }
            parts.append(c)
        }
        return parts.joined(separator: "/")
    }
}
