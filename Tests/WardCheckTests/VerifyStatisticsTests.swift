import Foundation
import XCTest
import WardCheck

/// `ward verify --format json` gives the explorer's figures as numbers (Benchmarks/run reads
/// them), the state count is exact, and `--jobs` and `--max-states` reach the explorer.
final class VerifyStatisticsTests: XCTestCase {
    static let takeGrant = VerifyCommandTests.root.appendingPathComponent("Benchmarks/take-grant/take-grant.ward").path

    /// The explorer's statistics of the first property of a JSON report.
    func statistics(_ out: CommandOutput) throws -> [String: Any] {
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any], out.stdout)
        let props = try XCTUnwrap(root["properties"] as? [[String: Any]])
        return try XCTUnwrap(props.first?["exploreStatistics"] as? [String: Any], out.stdout)
    }

    func explore(_ path: String, n: UInt64, jobs: Int = 1, maxStates: Int? = nil, properties: [String] = []) -> CommandOutput {
        var o = VerifyOptions(modelPath: path, engine: .explore)
        o.properties = properties
        o.json = true
        o.constantOverrides = ["N": n]
        o.jobs = jobs
        o.maxStates = maxStates
        return VerifyCommand.run(o)
    }

    /// The benchmark's take/grant model has 8^N reachable states (its header says why):
    /// the same count SPIN must find on take-grant.pml, on one thread and on three.
    func testTakeGrantStateCountIsExactOnAnyNumberOfThreads() throws {
        for n: UInt64 in [2, 3] {
            for jobs in [1, 3] {
                let out = explore(Self.takeGrant, n: n, jobs: jobs)
                XCTAssertEqual(out.exitCode, .ok, out.stdout + out.stderr)
                let s = try statistics(out)
                XCTAssertEqual(s["states"] as? Int, 1 << (3 * Int(n)), "N=\(n) jobs=\(jobs)")
                XCTAssertEqual(s["jobs"] as? Int, jobs)
                XCTAssertEqual(s["storage"] as? String, "exact")
                let bytes = try XCTUnwrap(s["bytes"] as? Int)
                let perState = try XCTUnwrap(s["bytesPerState"] as? Double)
                XCTAssertGreaterThan(bytes, 0)
                XCTAssertEqual(perState, Double(bytes) / Double(1 << (3 * Int(n))), accuracy: 1e-6)
                XCTAssertNotNil(s["statesPerSecond"] as? Double)
                XCTAssertNotNil(s["seconds"] as? Double)
                XCTAssertNotNil(s["transitions"] as? Int)
            }
        }
    }

    func testStateLimitEndsInUnknownWithTheStatisticsSoFar() throws {
        let out = explore(Self.takeGrant, n: 3, maxStates: 100)
        XCTAssertEqual(out.exitCode, .unknown, out.stdout + out.stderr)
        XCTAssert(out.stdout.contains("state limit of 100 reached"), out.stdout)
        XCTAssertEqual(try statistics(out)["states"] as? Int, 100)
    }

    /// A violation found past the first batch of 4096 states (R[0] and R[1] both empty is 6
    /// revocations deep, after the 4,944 states that lack at most 5 rights): the same trace and the
    /// same count on any number of threads.
    func testParallelSearchGivesTheSameTraceAndCount() throws {
        let text = try String(contentsOfFile: Self.takeGrant, encoding: .utf8).replacingOccurrences(
            of: "invariant outsiders_untouched:",
            with: "invariant first_two_hold_a_right: R[0] != {} || R[1] != {}\n  invariant outsiders_untouched:")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tg.ward").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var reports: [(states: Int?, trace: String)] = []
        for jobs in [1, 2, 4] {
            // Only this property: the others would need a second, complete search.
            let out = explore(path, n: 5, jobs: jobs, properties: ["first_two_hold_a_right"])
            XCTAssertEqual(out.exitCode, .violated, out.stdout + out.stderr)
            let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
            let violated = try XCTUnwrap((root["properties"] as? [[String: Any]])?.first { $0["verdict"] as? String == "violated" })
            let trace = try JSONSerialization.data(withJSONObject: try XCTUnwrap(violated["trace"]), options: .sortedKeys)
            let states = (violated["exploreStatistics"] as? [String: Any])?["states"] as? Int
            reports.append((states, String(decoding: trace, as: UTF8.self)))
        }
        XCTAssertGreaterThan(reports[0].states ?? 0, 4944)
        XCTAssert(reports[0].trace.contains("revoke"), reports[0].trace)
        for r in reports.dropFirst() {
            XCTAssertEqual(r.states, reports[0].states)
            XCTAssertEqual(r.trace, reports[0].trace)
        }
    }
}
