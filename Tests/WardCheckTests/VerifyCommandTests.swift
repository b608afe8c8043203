import Foundation
import XCTest
import WardCheck

/// `ward verify` end to end, through `VerifyCommand.run`: exit codes and what the text says.
final class VerifyCommandTests: XCTestCase {
    /// The package root, found from this file (Tests/WardCheckTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func bundled(_ relative: String) -> String { Self.root.appendingPathComponent(relative).path }

    /// A model file in a fresh temporary directory, removed when the test ends.
    func temporaryModel(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.ward").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func occurrences(_ needle: String, in haystack: String) -> Int { haystack.components(separatedBy: needle).count - 1 }

    func testTwoGuestsIsProvedUnbounded() {
        let out = VerifyCommand.run(VerifyOptions(modelPath: bundled("Models/policy/two-guests.ward"), engine: .both))
        XCTAssertEqual(out.exitCode, .ok, out.stdout + out.stderr)
        XCTAssertEqual(out.stderr, "")
        XCTAssert(out.stdout.hasPrefix("model two_guests ("), out.stdout)
        XCTAssertEqual(occurrences("holds (unbounded: inductive invariant", in: out.stdout), 6, out.stdout)
        XCTAssert(out.stdout.contains("invariant isolation ("), out.stdout)
        XCTAssert(out.stdout.contains("invariant no_direct_map ("), out.stdout)
        XCTAssert(out.stdout.contains("explore: holds (exhaustive"), out.stdout)
        XCTAssert(out.stdout.hasSuffix("verdict: holds"), out.stdout)
        XCTAssertFalse(out.stdout.contains("counterexample"))
    }

    func testConfusedDeputyIsViolatedWithTheLeastTrace() {
        for engine in [VerifyOptions.Engine.both, .explore, .smt] {
            let out = VerifyCommand.run(VerifyOptions(modelPath: bundled("Models/policy/bugs/two-guests-confused-deputy.ward"),
                                                      engine: engine))
            XCTAssertEqual(out.exitCode, .violated, "\(engine): " + out.stdout + out.stderr)
            XCTAssert(out.stdout.contains("1. request_map(caller=G1, o=M2)"), "\(engine): " + out.stdout)
            XCTAssert(out.stdout.contains("A[G1][M2]: {} → {read, write}"), "\(engine): " + out.stdout)
            XCTAssert(out.stdout.contains("violates 'isolation'"), out.stdout)
            XCTAssert(out.stdout.hasSuffix("verdict: violated (isolation, guests_apart, g1_least, g2_least)"), out.stdout)
            if engine == .both {
                XCTAssert(out.stdout.contains("both engines give the same shortest trace (1 step)"), out.stdout)
                // The other invariant is still decided after the violation is set aside.
                XCTAssert(out.stdout.contains("invariant no_direct_map (") && out.stdout.contains("holds (unbounded"), out.stdout)
            }
        }
    }

    func testConfusedDeputyAsJSON() throws {
        var options = VerifyOptions(modelPath: bundled("Models/policy/bugs/two-guests-confused-deputy.ward"), engine: .both)
        options.json = true
        let out = VerifyCommand.run(options)
        XCTAssertEqual(out.exitCode, .violated)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(root["exitCode"] as? Int, 1)
        XCTAssertEqual(root["model"] as? String, "two_guests_confused_deputy")
        let props = try XCTUnwrap(root["properties"] as? [[String: Any]])
        XCTAssertEqual(props.map { $0["name"] as? String }, ["isolation", "no_direct_map", "guests_apart", "g1_least", "g2_least", "authority_kept"])
        XCTAssertEqual(props.map { $0["verdict"] as? String }, ["violated", "holds", "violated", "violated", "violated", "holds"])
        let trace = try XCTUnwrap(props[0]["trace"] as? [String: Any])
        let steps = try XCTUnwrap(trace["steps"] as? [[String: Any]])
        XCTAssertEqual(steps.count, 1)
        XCTAssertEqual(steps[0]["action"] as? String, "request_map")
        XCTAssertEqual(steps[0]["params"] as? [String: String], ["caller": "G1", "o": "M2"])
    }

    func testMalformedModelExits65() throws {
        let path = try temporaryModel("model broken {\n  var x : bits<0>\n}\n")
        let out = VerifyCommand.run(VerifyOptions(modelPath: path, engine: .both))
        XCTAssertEqual(out.exitCode, .invalidInput)
        XCTAssertEqual(out.exitCode.rawValue, 65)
        XCTAssertEqual(out.stdout, "")
        XCTAssert(out.stderr.contains("model.ward:2:11: error: bit-vector width must be between 1 and 64, not 0"), out.stderr)
        XCTAssert(out.stderr.contains("\n            ^"), out.stderr)
        // A file that does not exist is invalid input too.
        let missing = VerifyCommand.run(VerifyOptions(modelPath: path + ".nope", engine: .explore))
        XCTAssertEqual(missing.exitCode, .invalidInput)
        XCTAssert(missing.stderr.contains("cannot read model file"), missing.stderr)
    }

    /// Factoring a 64-bit semiprime (p, q < 2^32, so nothing wraps): a real violation exists,
    /// but no solver finds it within a tiny resource limit. The answer must be "unknown" (2).
    static let factoring = """
    model factoring {
      var p : bits<64>
      var q : bits<64>
      action idle() { p = p }
      invariant not_factored: !(p * q == 0xFFFFFFEA00000055 && p > 1 && q > 1 && p < 0x1_0000_0000 && q < 0x1_0000_0000)
    }
    """

    func testUndecidableWithinResourceLimitExits2() throws {
        let path = try temporaryModel(Self.factoring)
        var options = VerifyOptions(modelPath: path, engine: .smt)
        options.rlimit = 20_000
        options.timeoutMilliseconds = 5_000
        let out = VerifyCommand.run(options)
        XCTAssertEqual(out.exitCode, .unknown, out.stdout + out.stderr)
        XCTAssertEqual(out.exitCode.rawValue, 2)
        XCTAssert(out.stdout.contains("smt:     unknown: solver gave up"), out.stdout)
        XCTAssert(out.stdout.hasSuffix("verdict: unknown"), out.stdout)
        // The explorer cannot enumerate 2^128 initial states: unknown as well, not a crash.
        let both = VerifyCommand.run({ var o = options; o.engine = .both; return o }())
        XCTAssertEqual(both.exitCode, .unknown, both.stdout)
        XCTAssert(both.stdout.contains("explore: unknown: type bits<64> has too many values to enumerate"), both.stdout)
    }

    func testUnknownPropertyExits64() {
        var options = VerifyOptions(modelPath: bundled("Models/policy/two-guests.ward"), engine: .explore)
        options.properties = ["isolation", "isolaton"]
        let out = VerifyCommand.run(options)
        XCTAssertEqual(out.exitCode, .usage)
        XCTAssertEqual(out.exitCode.rawValue, 64)
        XCTAssert(out.stderr.contains("has no property 'isolaton' (it has: isolation, no_direct_map, guests_apart, g1_least, g2_least, authority_kept)"), out.stderr)
        XCTAssertEqual(out.stdout, "")
    }

    func testSelectedPropertyOnly() {
        var options = VerifyOptions(modelPath: bundled("Models/policy/bugs/two-guests-confused-deputy.ward"), engine: .both)
        options.properties = ["no_direct_map"]
        let out = VerifyCommand.run(options)
        XCTAssertEqual(out.exitCode, .ok, out.stdout)
        XCTAssertFalse(out.stdout.contains("invariant isolation ("), out.stdout)
        XCTAssert(out.stdout.contains("invariant no_direct_map ("), out.stdout)
    }

    func testDepthBoundGivesBoundedVerdict() throws {
        let path = try temporaryModel("""
        model counter {
          var x : bits<6> = 0
          action inc() { require x < 40; x = x + 1 }
          property below30: x < 30
        }
        """)
        var options = VerifyOptions(modelPath: path, engine: .explore)
        options.depth = 10
        let bounded = VerifyCommand.run(options)
        XCTAssertEqual(bounded.exitCode, .ok, bounded.stdout)
        XCTAssert(bounded.stdout.contains("holds up to the depth bound"), bounded.stdout)
        options.depth = nil
        options.engine = .both
        let full = VerifyCommand.run(options)
        XCTAssertEqual(full.exitCode, .violated, full.stdout)
        XCTAssert(full.stdout.contains("violated at depth 30"), full.stdout)
    }
}
