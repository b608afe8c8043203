import Foundation
@testable import WardCheck
import XCTest

/// A throw-away repository for `ward check` tests: `Models/` and `Proofs/` under a fresh
/// temporary folder (the run's root), removed on deinit.
final class CheckRepo {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ward-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    func remove(_ relative: String) throws { try FileManager.default.removeItem(at: root.appendingPathComponent(relative)) }

    /// Options for a run over `paths` (default: the repository's Proofs/), rooted here, no progress line.
    func options(_ paths: [String] = ["Proofs"], jobs: Int = 2) -> CheckOptions {
        var o = CheckOptions(paths: paths.map(path))
        o.root = root.path
        o.jobs = jobs
        o.progress = false
        o.colored = false
        return o
    }

    func run(_ options: CheckOptions) -> CommandOutput { CheckCommand.run(options) }

    // MARK: fixtures

    /// A counter model split over two files (an import), and a Popek–Goldberg ISA.
    /// The properties are chosen so that every verdict is reached within depth 1 of BMC or by a
    /// 1-inductive proof, and exploration is exhaustive: each obligation takes well under a second.
    func writeModels() throws {
        try write("Models/lib/base.ward", """
        // A counter that saturates at 5, a shortcut to 4, and a lock.
        model counter {
          var x : bits<3> = 0
          var locked : bool = false
          action inc() {
            require !locked
            if x < 5 { x = x + 1 }
          }
          action jump() {
            require !locked
            x = 4
          }
          action lock() { locked = true }
          invariant at_most_five: x <= 5
          invariant never_four: x != 4
        }

        """)
        try write("Models/counter.ward", """
        import "lib/base.ward"
        model counter_main {
        }

        """)
        try write("Models/pg.ward", """
        isa PGMachine {
          width W = 8
          mode M : { supervisor, user }
          protected(relocation) L : bits<W>
          protected B : bits<W>
          visible  A : bits<W>
          visible  P : bits<W>
          deprivileged { M = user }
          instruction LRA(a: bits<W>)  { A = a + L; P = P + 1 }
          instruction SETR(l: bits<W>, b: bits<W>) { if M == user { trap privilege }; L = l; B = b; P = P + 1 }
          instruction JRST1(t: bits<W>) { P = t; M = user }
          instruction ADD(a: bits<W>) { A = A + a; P = P + 1 }
        }

        """)
    }

    static let counterProof = """
    // Counter obligations: one per verify expectation.
    obligation counter_safe {
      model "../Models/counter.ward"
      analysis verify
      property at_most_five
      expect holds
    }
    obligation counter_four {
      model "../Models/counter.ward"
      analysis verify
      engine both
      timeout 30
      expect violated { never_four }
    }
    obligation counter_shallow {
      model "../Models/counter.ward"
      analysis verify
      engine explore
      depth 2
      property at_most_five
      expect bounded
    }

    """

    static let pgProof = """
    obligation pg_machine {
      model "../../Models/pg.ward"
      analysis classify
      engine both
      width 2
      expect vmm fails
      expect holes { LRA, JRST1 }
      expect hybrid fails
      expect hybrid_holes { LRA }
    }

    """

    /// Three files, five obligations, all as expected.
    func writePassingProofs() throws {
        try writeModels()
        try write("Proofs/counter.proof", Self.counterProof)
        try write("Proofs/isa/pg.proof", Self.pgProof)
        try write("Proofs/more.proof", """
        obligation counter_smt_only {
          model "../Models/counter.ward"
          analysis verify
          engine smt
          depth 3
          property at_most_five
          expect holds
        }

        """)
    }
}

enum CheckTestSupport {
    /// The package root (…/Tests/WardCheckTests/CheckSupport.swift → …).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct ProcessResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion (output read before waiting, so no pipe can fill up).
    static func run(_ executable: String, _ arguments: [String], cwd: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The `ward` executable SwiftPM built beside the test bundle.
    static func wardExecutable(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let candidates = [Bundle.main.executableURL?.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent(),
                          Bundle.main.bundleURL].compactMap { $0?.appendingPathComponent("ward").path }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            XCTFail("the ward executable was not built beside the tests (looked at \(candidates))", file: file, line: line)
            throw MissingPrerequisite("no ward executable")
        }
        return found
    }

    /// Finds a program on PATH.
    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}

/// `python3 -c script args…`, for checks that need an implementation independent of ours
/// (JSON Schema validation). A copy of WardReportTests' helper: CI installs python3 and
/// jsonschema (.ci/setup), so a missing interpreter or module fails the test loudly.
enum CheckPython {
    struct Result {
        var status: Int32
        var output: String
    }

    static let missingModule: Int32 = 3

    static func run(_ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) -> Result? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            XCTFail("could not start python3 via /usr/bin/env: \(error). Install python3 (and `pip install jsonschema`).",
                    file: file, line: line)
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        if process.terminationStatus == 127 {
            XCTFail("python3 not found on PATH; install python3 and `pip install jsonschema`. Output: \(output)", file: file, line: line)
            return nil
        }
        if process.terminationStatus == missingModule {
            XCTFail("python3 module missing; run `pip install jsonschema`. Output: \(output)", file: file, line: line)
            return nil
        }
        return Result(status: process.terminationStatus, output: output)
    }

    static let sarifValidator = """
    import json, sys
    try:
        import jsonschema
    except ImportError as e:
        print("cannot import jsonschema:", e)
        sys.exit(3)
    with open(sys.argv[1], encoding="utf-8") as f: schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f: doc = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc),
                    key=lambda e: list(map(str, e.absolute_path)))
    for e in errors[:20]:
        print("/".join(map(str, e.absolute_path)) or "<root>", ":", e.message[:300])
    print(cls.__name__, "errors:", len(errors))
    sys.exit(1 if errors else 0)
    """
}
