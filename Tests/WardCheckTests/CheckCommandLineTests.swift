import Foundation
import XCTest

/// `ward check` through the real executable: argument parsing, exit codes, output files, and
/// the progress line (only on a terminal).
final class CheckCommandLineTests: XCTestCase {
    /// The `ward` executable SwiftPM built beside the test bundle.
    func ward(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try CheckTestSupport.wardExecutable(file: file, line: line)
    }

    func testExitCodesAndOutputFiles() throws {
        let ward = try ward()
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        let cwd = repo.root.path

        var r = try CheckTestSupport.run(ward, ["check"], cwd: cwd)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("5 passed, 0 failed, 0 unknown, 0 error"), r.stdout)
        XCTAssertEqual(r.stderr, "", "nothing on stderr when it is a pipe: no progress line")

        r = try CheckTestSupport.run(ward, ["check", "Proofs", "--jobs", "1", "--format", "sarif", "--output", "out/r.sarif",
                                            "--junit", "out/r.xml", "--json", "out/r.json"], cwd: cwd)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(try repo.read("out/r.sarif").contains("\"version\": \"2.1.0\""))
        XCTAssertTrue(try repo.read("out/r.xml").hasPrefix("<?xml"))
        XCTAssertTrue(try repo.read("out/r.json").contains("\"schemaVersion\": 1"))

        try repo.write("Proofs/more.proof", try repo.read("Proofs/more.proof").replacingOccurrences(of: "expect holds", with: "expect violated { at_most_five }"))
        r = try CheckTestSupport.run(ward, ["check", "--format", "json"], cwd: cwd)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("\"id\": \"Proofs/more.proof:1\""))

        // Only one shard holds the failing obligation.
        let shards = try (1...2).map { try CheckTestSupport.run(ward, ["check", "--shard", "\($0)/2"], cwd: cwd).status }
        XCTAssertEqual(shards.sorted(), [0, 1])

        try repo.write("Proofs/bad.proof", "obligation bad {\n  model \"../Models/counter.ward\"\n  analysis verify\n  expect vmm holds\n}\n")
        r = try CheckTestSupport.run(ward, ["check"], cwd: cwd)
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("Proofs/bad.proof:4:10: error: 'expect vmm' does not fit a verify obligation"), r.stderr)
    }

    /// Ctrl-C while Z3 works on a hard query (factoring a 64-bit product of two 32-bit primes):
    /// the query is canceled, the report is written with the obligation unknown, exit 2.
    func testCtrlCStopsCleanlyWithAPartialReport() throws {
        let ward = try ward()
        let repo = try CheckRepo()
        try repo.write("Models/factor.ward", """
        model factor {
          var found : bool = false
          action try_factor(a: bits<64>, b: bits<64>) {
            if a * b == 0xF8A5_6A3B_6F0B_94AD && a > 1 && b > 1 && a < 0x1_0000_0000 && b < 0x1_0000_0000 { found = true }
          }
          invariant unfactored: !found
        }

        """)
        try repo.write("Proofs/factor.proof", """
        obligation hard {
          model "../Models/factor.ward"
          analysis verify
          engine smt
          depth 1
          timeout 300
          expect holds
        }

        """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ward)
        process.arguments = ["check", "--format", "json", "--junit", "out/r.xml"]
        process.currentDirectoryURL = repo.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 3)   // the handler is installed before any work starts
        XCTAssertTrue(process.isRunning, "the hard query should still be running")
        kill(process.processIdentifier, SIGINT)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, stderr)
        XCTAssertEqual(process.terminationStatus, 2, stdout + stderr)
        XCTAssertTrue(stderr.contains("interrupted"), stderr)
        XCTAssertTrue(stdout.contains("\"outcome\": \"unknown\""), stdout)
        XCTAssertTrue(stdout.contains("canceled"), stdout)
        XCTAssertTrue(try repo.read("out/r.xml").contains("<error"), "the JUnit report is written too")
    }

    func testUsageErrorsExit64() throws {
        let ward = try ward()
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        for args in [["--format", "xml"], ["--shard", "3/2"], ["--shard", "0/2"], ["--jobs", "0"], ["NoSuchFolder"]] {
            let r = try CheckTestSupport.run(ward, ["check"] + args, cwd: repo.root.path)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.isEmpty)
        }
    }

    /// Under a pseudo-terminal (util-linux `script`), the progress line appears and is cleared.
    func testProgressLineOnlyOnATerminal() throws {
        let ward = try ward()
        guard let script = CheckTestSupport.which("script") else {
            return XCTFail("util-linux `script` is not on PATH (Debian's bsdutils provides it)")
        }
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        let r = try CheckTestSupport.run(script, ["-qec", "'\(ward)' check --jobs 1", "/dev/null"], cwd: repo.root.path)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("ward check [0/5] running Proofs/counter.proof:2"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\u{1B}[2K"), r.stdout)
        XCTAssertTrue(r.stdout.contains("5 passed"), r.stdout)
    }
}
