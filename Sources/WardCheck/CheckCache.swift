import Foundation
import WardIR
import WardReport

/// `ward check --cache DIR`: one JSON file per obligation result, named by the SHA-256 of
/// everything the verdict depends on — the Ward and Z3 versions, the build of the running
/// executable (a hash of its bytes: a rebuilt Ward with different engines must not reuse the old
/// one's verdicts, whatever its version string says), the obligation's file, line
/// and exact text, and the path and bytes of the model file and of every file it imports
/// (`Model.sourceFiles`). Editing any of them gives a new key, so a stale entry is never read.
/// Only definite outcomes (passed, failed) are stored: an unknown may be decided on a retry,
/// and an invalid obligation is cheap to diagnose again.
struct CheckCache: Sendable {
    static let format = "ward-check-cache/1"

    let directory: String
    let wardVersion: String
    let solverVersion: String
    /// The executable's build (`executableHash` unless a test sets it).
    var build: String = Self.executableHash

    func key(_ o: Obligation, model: Model, paths: CheckPaths) -> String {
        var h = CheckSHA256()
        h.field(Self.format)
        h.field(wardVersion)
        h.field(build)
        h.field(solverVersion)
        h.field(o.file)
        h.field(String(o.location.line))
        h.field(o.text)
        for f in model.sourceFiles {
            h.field(paths.relative(f))
            h.field(FileManager.default.contents(atPath: paths.absolute(f)).map { Array($0) } ?? Array("<unreadable>".utf8))
        }
        return CheckSHA256.hex(h.finalize())
    }

    /// FNV-1a (64-bit) of the running executable's bytes, computed once; unreadable: a value of
    /// its own per process, so nothing is reused rather than something stale.
    static let executableHash: String = {
        guard let data = FileManager.default.contents(atPath: "/proc/self/exe")
                ?? Bundle.main.executablePath.flatMap({ FileManager.default.contents(atPath: $0) }) else {
            return "unreadable-\(UUID().uuidString)"
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        return String(hash, radix: 16)
    }()

    func url(_ key: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent(key + ".json")
    }

    /// The stored result, if there is one for this key and obligation.
    func lookup(_ key: String, id: String) -> ObligationResult? {
        guard let data = FileManager.default.contents(atPath: url(key).path),
              let r = try? JSONDecoder().decode(ObligationResult.self, from: data), r.id == id else { return nil }
        return r
    }

    /// Stores a result; a cache that cannot be written only costs time, so failures are ignored.
    func store(_ key: String, _ result: ObligationResult) {
        var r = result
        r.cached = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(r) else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? data.write(to: url(key), options: .atomic)
    }
}
