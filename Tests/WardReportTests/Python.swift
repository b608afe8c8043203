import Foundation
import XCTest

/// Runs `python3 -c script args…` for checks that need an implementation independent of
/// ours (JSON Schema validation, FNV-1a). CI installs python3 and jsonschema, so a
/// missing interpreter or module fails the test loudly instead of skipping it.
enum Python {
    struct Result {
        var status: Int32
        var output: String
    }

    /// Exit status the scripts use when `import jsonschema` fails.
    static let missingModule: Int32 = 3

    static func run(_ script: String, _ arguments: [String],
                    file: StaticString = #filePath, line: UInt = #line) -> Result? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        // One pipe for both streams, read to EOF before waiting: no deadlock on a full buffer.
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
            XCTFail("python3 not found on PATH; install python3 and `pip install jsonschema`. Output: \(output)",
                    file: file, line: line)
            return nil
        }
        if process.terminationStatus == missingModule {
            XCTFail("python3 module missing; run `pip install jsonschema`. Output: \(output)", file: file, line: line)
            return nil
        }
        return Result(status: process.terminationStatus, output: output)
    }

    /// Writes `text` to a fresh temporary file (UTF-8) and returns its path.
    static func temporaryFile(_ text: String, suffix: String) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ward-report-\(UUID().uuidString)\(suffix)")
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
