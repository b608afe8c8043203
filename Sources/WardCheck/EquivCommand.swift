import Foundation
import WardISA
import WardIR
import WardSyntax

/// `ward equiv`: the generic VMM against native execution, by exhaustive exploration at a
/// reduced width and (unless nested) a per-instruction Z3 proof at the model's full width.
public enum EquivCommand {
    public static func run(modelPath: String, options: EquivalenceOptions, json: Bool) -> CommandOutput {
        let report: EquivalenceReport
        do {
            let full = try ModelLoader().load(path: modelPath)
            guard full.kind == .isa else {
                return CommandOutput(stderr: "error: '\(full.name)' is not an isa model", exitCode: .invalidInput)
            }
            var overrides: [String: UInt64] = [:]
            for n in full.widthNames { overrides[n] = options.width ?? Classifier.defaultReducedWidth }
            let reduced = try ModelLoader(constantOverrides: overrides).load(path: modelPath)
            var o = options
            o.width = full.widthNames.isEmpty ? nil : (options.width ?? Classifier.defaultReducedWidth)
            report = try Equivalence.check(model: reduced, fullWidthModel: options.nested ? nil : full, options: o)
        } catch let e as DiagnosticError {
            return CommandOutput(stderr: e.description, exitCode: .invalidInput)
        } catch {
            return CommandOutput(stderr: "error: \(error)", exitCode: .unknown)
        }
        let code: ExitCode = !report.divergent.isEmpty || report.instructions.contains { $0.proof == "counterexample" } ? .violated
            : (!report.unknown.isEmpty || report.instructions.contains { $0.proof.hasPrefix("unknown") } ? .unknown : .ok)
        return CommandOutput(stdout: json ? renderJSON(report, code) : render(report), exitCode: code)
    }

    static func render(_ r: EquivalenceReport) -> String {
        var lines = ["\(r.nested ? "nested VMM (L2 on L1 on L0)" : "trap-and-emulate VMM") for \(r.model.name)"
                     + (r.width.map { ", explored at width \($0)" } ?? "")]
        for i in r.instructions {
            var status = !i.explored ? "not explored at this width (see UNKNOWN below)"
                : i.divergence == nil && i.resourceControl == nil ? "equivalent on every valid state" : "DIVERGES"
            if !r.nested { status += "; Z3 at full width: \(i.proof)" }
            lines.append("  \(i.name): \(status)")
            if let program = i.observableProgram {
                lines.append("    shortest program in which the guest sees it: " + program.joined(separator: "; ")
                             + " — " + i.observableDifference.joined(separator: ", "))
            } else if i.divergence != nil {
                lines.append("    (no program of length ≤ \(r.depth) from the divergent state lets the guest see it)")
            }
            for w in [i.divergence, i.resourceControl, i.proofCounterexample].compactMap({ $0 }) {
                lines.append("    - \(w.finding)" + (w.operands.isEmpty ? "" : "; operands: " + w.operands.joined(separator: ", ")))
                for s in w.states { lines.append("      state: " + s.joined(separator: ", ")) }
                for res in w.results { lines.append("      " + res.joined(separator: ", ")) }
            }
        }
        let c = r.counts
        let total = max(c.direct + c.trapped, 1)
        lines.append(String(format: "explored %d states, %d one-instruction programs in %.2f s (%.0f programs/s); efficiency: %.1f%% run directly",
                            r.states, r.programs, r.seconds, Double(r.programs) / max(r.seconds, 1e-9), 100.0 * Double(c.direct) / Double(total)))
        lines.append("VMM counts: \(c.direct) direct, \(c.trapped) trapped, \(c.emulated) emulated, \(c.reflected) reflected")
        if r.divergent.isEmpty {
            lines.append(r.validityPreserved
                         ? "no divergence for programs of any length: every step is equivalent from every valid state, and steps keep states valid"
                         : "no single-step divergence; some step leaves the valid states, so longer programs are not covered by induction")
        } else {
            lines.append("divergent instructions (each a shortest divergent program of length 1): " + r.divergent.joined(separator: ", "))
        }
        for u in r.unknown { lines.append("UNKNOWN: \(u)") }
        return lines.joined(separator: "\n")
    }

    static func renderJSON(_ r: EquivalenceReport, _ code: ExitCode) -> String {
        let root: [String: Any] = [
            "model": r.model.name, "nested": r.nested, "exitCode": Int(code.rawValue),
            "divergent": r.divergent, "states": r.states, "programs": r.programs, "validityPreserved": r.validityPreserved,
            "instructions": r.instructions.map { ["name": $0.name, "diverges": $0.divergence != nil || $0.resourceControl != nil, "explored": $0.explored, "proof": $0.proof,
                                                  "observableProgram": $0.observableProgram ?? []] },
            "counts": ["direct": r.counts.direct, "trapped": r.counts.trapped, "emulated": r.counts.emulated, "reflected": r.counts.reflected],
            "unknown": r.unknown,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
