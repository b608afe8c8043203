import Foundation
import XCTest

/// The `ward` executable under hostile input: garbage arguments, missing files, directories,
/// devices, binary and empty files. Whatever the input, the exit code is one of the contract's
/// (0, 1, 2, 64, 65), never a crash (a signal) or another code; and reports are deterministic.
final class RobustCLITests: XCTestCase {
    static let allowed: Set<Int32> = [0, 1, 2, 64, 65]

    func ward(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try CheckTestSupport.wardExecutable(file: file, line: line)
    }

    struct Run { var status: Int32; var signaled: Bool; var stdout: String; var stderr: String }

    /// Runs `ward args` in `cwd` with stdin closed, killing it after `timeout` seconds (a hang is a failure).
    func run(_ args: [String], cwd: URL, timeout: Double = 60, file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try ward())
        p.arguments = args
        p.currentDirectoryURL = cwd
        // Output goes to files (no pipe to drain while it runs).
        let outURL = dir.appendingPathComponent("out-\(UUID().uuidString)"), errURL = dir.appendingPathComponent("err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close(); try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning {
            p.terminate()
            XCTFail("ward \(args) did not finish within \(timeout) s", file: file, line: line)
        }
        p.waitUntilExit()
        let stdout = (try? Data(contentsOf: outURL)) ?? Data(), stderr = (try? Data(contentsOf: errURL)) ?? Data()
        return Run(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                   stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data().write(to: dir.appendingPathComponent("Package.swift"))
        try Data("model ok { var x : bits<2> = 0\n action inc() { require x < 2; x = x + 1 }\n invariant small: x <= 2 }".utf8)
            .write(to: dir.appendingPathComponent("ok.ward"))
        try Data("isa tiny { width W = 2\n mode M : { supervisor, user }\n protected L : bits<W>\n visible A : bits<W>\n deprivileged { M = user }\n instruction GETL() { A = L } }".utf8)
            .write(to: dir.appendingPathComponent("tiny.ward"))
        try Data().write(to: dir.appendingPathComponent("empty.ward"))
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF, 0xFE, 0x00, 0x00, 0xC3, 0x28]).write(to: dir.appendingPathComponent("binary.ward"))
        try Data(String(repeating: "(", count: 100_000).utf8).write(to: dir.appendingPathComponent("deep.ward"))
        try Data("obligation o {".utf8).write(to: dir.appendingPathComponent("bad.proof"))
        try Data().write(to: dir.appendingPathComponent("empty.proof"))
        try Data("LOAD 1\n".utf8).write(to: dir.appendingPathComponent("prog.s"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.ward"), withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(dir.appendingPathComponent("fifo.ward").path, 0o600), 0)   // reading it would block forever
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func expectContract(_ args: [String], _ expected: Int32? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try run(args, cwd: dir, file: file, line: line)
        XCTAssertFalse(r.signaled, "ward \(args) died of a signal (\(r.status)):\n\(r.stderr)", file: file, line: line)
        XCTAssert(Self.allowed.contains(r.status), "ward \(args) exited \(r.status):\n\(r.stderr)", file: file, line: line)
        if let expected { XCTAssertEqual(r.status, expected, "ward \(args):\n\(r.stdout)\n\(r.stderr)", file: file, line: line) }
        if r.status == 64 || r.status == 65 { XCTAssertFalse(r.stderr.isEmpty, "ward \(args): exit \(r.status) without a message", file: file, line: line) }
    }

    static let modelCommands: [[String]] = [
        ["verify"], ["verify", "--engine", "explore"], ["classify", "--engine", "enumerate"], ["export-smt", "--out", "smt-out"],
        ["graph"], ["equiv"], ["mutate"],
    ]

    func testBadModelFilesExit65() throws {
        // Every kind of bad file through one command; every command with the worst of them.
        for file in ["missing.ward", "empty.ward", "binary.ward", "deep.ward", "folder.ward", "fifo.ward", "/dev/null", "/dev/zero"] {
            try expectContract(["verify", file], 65)
        }
        for command in Self.modelCommands.dropFirst() {
            for file in ["binary.ward", "fifo.ward", "/dev/zero"] {
                try expectContract([command[0], file] + command.dropFirst(), 65)
            }
        }
        try expectContract(["emulate", "missing.ward", "prog.s"], 65)
        try expectContract(["emulate", "binary.ward", "prog.s"], 65)
        try expectContract(["emulate", "folder.ward", "prog.s"], 65)
    }

    func testGarbageArgumentsExit64() throws {
        let garbage: [[String]] = [
            [], ["--frobnicate"], ["frobnicate"], ["verify"], ["verify", "ok.ward", "--engine", "quantum"],
            ["verify", "ok.ward", "--depth", "many"], ["verify", "ok.ward", "--depth", "-3"], ["verify", "ok.ward", "--timeout", "-1"],
            ["verify", "ok.ward", "--set", "=3"], ["verify", "ok.ward", "--set", "W"], ["verify", "ok.ward", "--format", "yaml"],
            ["verify", "ok.ward", "--property", "nope"], ["verify", "ok.ward", "--set", "nope=3"],
            ["classify", "tiny.ward", "--width", "0"], ["classify", "tiny.ward", "--width", "65"], ["classify", "tiny.ward", "--engine", "x"],
            ["check", "--jobs", "0"], ["check", "--format", "pdf"], ["check", "NoSuchFolder"],
            ["mutate", "ok.ward", "--operator", "nope"], ["mutate", "ok.ward", "--jobs", "0"], ["mutate", "ok.ward", "--min-kill-rate", "2"],
            ["mutate", "ok.ward", "--obligations", "NoSuchFolder"], ["export-smt", "ok.ward"], ["emulate", "tiny.ward"],
            ["verify", "ok.ward", "\u{7F}\u{1B}[2J"], ["verify", String(repeating: "x", count: 5_000)],
        ]
        for args in garbage {
            let r = try run(args, cwd: dir)
            XCTAssertFalse(r.signaled, "ward \(args) died of a signal", file: #filePath, line: #line)
            XCTAssert([64, 65].contains(r.status) || (args.isEmpty && r.status == 0) || args == ["verify", "ok.ward", "--set", "nope=3"] && r.status == 65,
                      "ward \(args) exited \(r.status):\n\(r.stderr)")
        }
    }

    func testBadObligationFiles() throws {
        try expectContract(["check", "bad.proof"], 65)
        try expectContract(["check", "binary.ward"], 65)
        try expectContract(["check", "empty.proof"])
        try expectContract(["mutate", "ok.ward", "--obligations", "bad.proof"], 65)
    }

    func testGoodInputsStillWork() throws {
        try expectContract(["verify", "ok.ward"], 0)
        try expectContract(["verify", "ok.ward", "--set", "x=1"], 65)   // no constant named x
        try expectContract(["classify", "tiny.ward", "--engine", "enumerate"], 1)   // GETL is a hole
        try expectContract(["mutate", "ok.ward"], 0)
    }

    /// Same inputs, byte-identical reports: verify's JSON once timings are masked, classify's
    /// and mutate's JSON as they are.
    func testReportsAreDeterministic() throws {
        func masked(_ s: String) -> String {
            var t = s
            // Timings, and the rates derived from them (JSON escapes the slash).
            // The explorer's statistics give the same timings as numbers.
            for pattern in [#"[0-9]+\.[0-9]+ s\b"#, #"[0-9]+ states\\?/s"#, #"[0-9]+ bytes\\?/state"#,
                            #""(seconds|statesPerSecond)" : [0-9.eE+-]+"#] {
                t = t.replacingOccurrences(of: pattern, with: "<t>", options: .regularExpression)
            }
            return t
        }
        for args in [["verify", "ok.ward", "--format", "json"], ["verify", "ok.ward", "--engine", "smt", "--format", "json"]] {
            let a = try run(args, cwd: dir), b = try run(args, cwd: dir)
            XCTAssertEqual(a.status, 0, a.stderr)
            XCTAssertEqual(masked(a.stdout), masked(b.stdout), "\(args)")
        }
        for args in [["classify", "tiny.ward", "--engine", "both", "--format", "json"], ["mutate", "ok.ward", "--format", "json"],
                     ["mutate", "ok.ward", "--format", "json", "--jobs", "1"]] {
            let a = try run(args, cwd: dir), b = try run(args, cwd: dir)
            XCTAssertEqual(a.stdout, b.stdout, "\(args) is not deterministic")
            XCTAssertFalse(a.stdout.isEmpty, "\(args): \(a.stderr)")
        }
    }
}
