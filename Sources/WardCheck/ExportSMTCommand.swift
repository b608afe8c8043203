import Foundation
import WardIR
import WardSMT

/// `ward export-smt MODEL --out DIR`: every query `verify`'s SMT engine discharges, as a complete
/// SMT-LIB 2 script with its status (sat/unsat), so another solver can re-check the verdict.
public enum ExportSMTCommand {
    public static func run(modelPath: String, outDirectory: String, depth: Int, overrides: [String: UInt64] = [:]) -> CommandOutput {
        let model: Model
        do {
            model = try ModelLoader(constantOverrides: overrides).load(path: modelPath)
        } catch {
            return CommandOutput(stderr: error.description, exitCode: .invalidInput)
        }
        let result = ModelChecker(model: model, options: SMTOptions(maxDepth: depth), exportQueries: true).run()
        do {
            try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
            for q in result.exported {
                try q.script.write(toFile: (outDirectory as NSString).appendingPathComponent(q.name + ".smt2"), atomically: true, encoding: .utf8)
            }
        } catch {
            return CommandOutput(stderr: "error: cannot write to '\(outDirectory)': \(error.localizedDescription)", exitCode: .usage)
        }
        let verdict: String
        var code = ExitCode.ok
        switch result.verdict {
        case .proved(let k): verdict = "holds (\(k))"
        case .holdsUpTo(let d): verdict = "holds up to depth \(d)"
        case .violated: verdict = "violated"; code = .violated
        case .unknown(let why): verdict = "unknown: \(why)"; code = .unknown
        }
        return CommandOutput(stdout: "wrote \(result.exported.count) queries to \(outDirectory) (verdict: \(verdict))", exitCode: code)
    }
}
