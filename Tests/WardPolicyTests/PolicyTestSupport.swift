// Shared helpers for the access-matrix policy tests. The policy analyses live in WardCheck,
// which this test target does not link (Package.swift: WardPolicyTests depends on WardPolicy
// only), so these tests drive the `ward` executable built beside the test bundle, through its
// JSON output: the same path a user and CI take.
import Foundation
import XCTest

enum Ward {
    /// The repository (for the bundled models).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `ward` next to the test bundle (`swift test` builds every product), or $WARD_BINARY.
    static var binary: String? {
        if let env = ProcessInfo.processInfo.environment["WARD_BINARY"] { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("ward").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    static func run(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Output {
        guard let binary else {
            XCTFail("the ward executable is not built beside the tests (swift build --product ward)", file: file, line: line)
            throw MissingPrerequisite("no ward binary")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read before waiting: a large report would fill the pipe and block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// `ward verify PATH --format json ARGS...`, with the verdict of each property by name.
    static func verify(_ path: String, _ args: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> Report {
        let o = try run(["verify", path, "--format", "json"] + args, file: file, line: line)
        guard let json = o.json else {
            XCTFail("no JSON from ward verify \(path): \(o.stderr)", file: file, line: line)
            throw MissingPrerequisite("no report")
        }
        return Report(status: o.status, json: json)
    }

    /// A model written to a temporary file (removed at exit of the test process).
    static func temporaryModel(_ text: String, name: String = "policy") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-policy-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("\(name)-\(UUID().uuidString).ward")
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

struct Report {
    var status: Int32
    var json: [String: Any]

    var properties: [[String: Any]] { json["properties"] as? [[String: Any]] ?? [] }

    func property(_ name: String) -> Property? {
        properties.first { $0["name"] as? String == name }.map(Property.init)
    }

    var verdicts: [String: String] {
        Dictionary(uniqueKeysWithValues: properties.compactMap { p in
            (p["name"] as? String).map { ($0, p["verdict"] as? String ?? "?") }
        })
    }
}

struct Property {
    var raw: [String: Any]
    var verdict: String { raw["verdict"] as? String ?? "" }
    var summary: String { raw["summary"] as? String ?? "" }
    var explore: String { (raw["engines"] as? [String: Any])?["explore"] as? String ?? "" }
    var smt: String { (raw["engines"] as? [String: Any])?["smt"] as? String ?? "" }
    var explanation: [String] { raw["explanation"] as? [String] ?? [] }
    var steps: [[String: Any]] { ((raw["trace"] as? [String: Any])?["steps"] as? [[String: Any]]) ?? [] }
    /// "request_map(caller=G1, o=M2)" per step (parameters in name order).
    var labels: [String] {
        steps.map { s in
            let params = (s["params"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return "\(s["action"] as? String ?? "?")(\(params.joined(separator: ", ")))"
        }
    }
    /// The depth an engine's text reports ("violated at depth 3 ..."), nil when it does not.
    static func depth(_ text: String) -> Int? {
        guard let r = text.range(of: "violated at depth ") else { return nil }
        return Int(text[r.upperBound...].prefix { $0.isNumber })
    }
}

/// SplitMix64: a tiny deterministic generator (the same sequence on every platform).
struct PolicyRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}
