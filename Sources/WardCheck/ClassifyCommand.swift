import Foundation
import WardISA
import WardIR

public struct ClassifyCommandOptions: Sendable {
    public var modelPath: String
    public var classifier: ClassifierOptions
    public var json = false
    public var allWitnesses = false
    /// Another revision of the ISA: report where changed instructions trap differently from it.
    public var against: String?
    public init(modelPath: String, classifier: ClassifierOptions) { self.modelPath = modelPath; self.classifier = classifier }
}

/// `ward classify`: exit 0 when the ISA is virtualizable (Theorem 1 holds), 1 when it has a
/// hole or an instruction leaves the valid states, 2 when an engine could not decide or the
/// engines disagree, 65 for an invalid model.
public enum ClassifyCommand {
    public static func run(_ options: ClassifyCommandOptions) -> CommandOutput {
        let c: Classification
        do {
            c = try Classifier.classify(path: options.modelPath, options: options.classifier, against: options.against)
        } catch {
            return CommandOutput(stderr: error.description, exitCode: .invalidInput)
        }
        let text = options.json ? ClassifyRendering.json(c) : ClassifyRendering.text(c, allWitnesses: options.allWitnesses)
        return CommandOutput(stdout: text, exitCode: exitCode(c))
    }

    public static func exitCode(_ c: Classification) -> ExitCode {
        if !c.disagreements.isEmpty || !c.unknown.isEmpty { return .unknown }
        return c.vmm.holds && c.closed ? .ok : .violated
    }
}

enum ClassifyRendering {
    static func classes(_ v: InstructionVerdict) -> String {
        var parts: [String] = []
        if v.controlSensitive { parts.append("control") }
        if v.behaviorSensitive { parts.append("behavior: " + (v.behaviorKinds.isEmpty ? "?" : v.behaviorKinds.joined(separator: ", "))) }
        return parts.isEmpty ? "innocuous" : parts.joined(separator: "; ")
    }

    static func text(_ c: Classification, allWitnesses: Bool) -> String {
        let engines: String = switch c.engine {
        case .both: c.disagreements.isEmpty ? "enumeration and Z3 (they agree)" : "enumeration and Z3 (THEY DISAGREE)"
        case .enumerate: "enumeration"
        case .smt: "Z3"
        }
        var lines = ["isa \(c.model.name) (\(c.model.file))" + (c.width.map { " at width \($0)" } ?? "") + ", by \(engines)", ""]
        let rows = [["instruction", "privileged", "sensitivity", "user-sensitive", "hole"]] + c.instructions.map { v in
            [v.name, v.privileged ? "yes" : "no", classes(v), v.userSensitive ? "yes" : "no",
             v.vmmHole ? (v.hybridHole ? "VMM, hybrid" : "VMM") : (v.hybridHole ? "hybrid" : "-")]
        }
        let widths = (0..<5).map { col in rows.map { $0[col].count }.max() ?? 0 }
        for r in rows {
            lines.append(zip(r, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces))
        }
        lines.append("")
        lines.append("Theorem 1 (VMM):        " + theorem(c, c.vmm, holds: "every sensitive instruction is privileged"))
        lines.append("Theorem 3 (hybrid VMM): " + theorem(c, c.hybrid, holds: "every user-sensitive instruction is privileged"))
        lines.append("Theorem 2 (recursive):  " + c.recursive)
        if let line = closureLine(c) { lines.append(line) }
        for d in c.disagreements { lines.append("DISAGREEMENT: \(d)") }
        for u in c.unknown { lines.append("UNKNOWN: \(u)") }
        lines += trapLines(c)
        if let b = c.baseline {
            lines.append("")
            lines.append("against \(b): " + (c.trapDifferences.isEmpty
                ? "every instruction traps in the same valid states, with the same kinds"
                : (c.trapDifferences.count == 1 ? "1 instruction traps" : "\(c.trapDifferences.count) instructions trap") + " differently (a state and operands each):"))
            lines += c.trapDifferences.map { "  " + $0.description }
        }
        let shown = c.instructions.filter {
            allWitnesses ? !$0.witnesses.isEmpty || !$0.traps.entries.isEmpty : ($0.vmmHole || $0.hybridHole || !$0.breaks.isEmpty)
        }
        if !shown.isEmpty {
            lines.append("")
            lines.append(allWitnesses ? "witnesses:" : "witnesses for the holes and broken invariants (--all-witnesses for every finding):")
        }
        for v in shown {
            lines.append("  \(v.name) (\(v.location)): \(classes(v))\(v.privileged ? ", privileged" : ", not privileged")")
            for w in v.witnesses { lines += render(w).map { "    " + $0 } }
            if allWitnesses { for e in v.traps.entries { for w in e.witnesses { lines += render(w).map { "    " + $0 } } } }
        }
        return lines.joined(separator: "\n")
    }

    /// "holds", "fails" or "unknown". A hole comes with its witnesses, so it stands whatever
    /// else was left undecided; "holds" needs every question decided (a question an engine gave
    /// up on, or one on which the engines disagree, could hide a hole).
    static func status(_ c: Classification, _ t: TheoremVerdict) -> String {
        !t.holds ? "fails" : c.unknown.isEmpty && c.disagreements.isEmpty ? "holds" : "unknown"
    }

    static func theorem(_ c: Classification, _ t: TheoremVerdict, holds: String) -> String {
        switch status(c, t) {
        case "holds": "holds: " + holds
        case "unknown": "unknown: no hole found, but \(c.unknown.count + c.disagreements.count) question(s) undecided (below)"
        default: "fails; holes: " + t.holes.joined(separator: ", ")
        }
    }

    /// Whether every run from a valid state ends in one; nil for a model without invariants.
    static func closureLine(_ c: Classification) -> String? {
        guard !c.model.invariants.isEmpty else { return nil }
        if c.closed { return "Valid states:           closed: no run from a valid state breaks an invariant" }
        let broken = c.instructions.filter { !$0.breaks.isEmpty }.map { "\($0.name) breaks " + $0.breaks.joined(separator: ", ") }
        return "Valid states:           NOT closed (the theorems assume they are): " + broken.joined(separator: "; ")
    }

    /// The trap profiles, one line each: what a VMM's dispatcher receives, per mode.
    static func trapLines(_ c: Classification) -> [String] {
        guard c.instructions.contains(where: { !$0.traps.entries.isEmpty }) else { return [] }
        let width = c.instructions.map(\.name.count).max() ?? 0
        return ["", "traps (kind in modes, [forms] where not every form of the instruction; from valid states):"]
            + c.instructions.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.traps.summary }
    }

    static func render(_ w: Witness) -> [String] {
        var out = ["- \(w.finding)" + (w.operands.isEmpty ? "" : "; operands: " + w.operands.joined(separator: ", "))]
        for (k, s) in w.states.enumerated() {
            let label = w.states.count > 1 ? "state \(k + 1)" : "state"
            out.append("    \(label): " + s.joined(separator: ", "))
            if k < w.results.count { out.append("    \(w.states.count > 1 ? "result \(k + 1)" : "result"): " + w.results[k].joined(separator: ", ")) }
        }
        return out
    }

    /// `holds` is null when the status is unknown.
    static func theoremJSON(_ c: Classification, _ t: TheoremVerdict) -> [String: Any] {
        let status = status(c, t)
        return ["status": status, "holds": status == "unknown" ? NSNull() : t.holds as Any, "holes": t.holes]
    }

    static func json(_ c: Classification) -> String {
        func witness(_ w: Witness) -> [String: Any] {
            ["finding": w.finding, "operands": w.operands, "states": w.states, "results": w.results]
        }
        let instructions: [[String: Any]] = c.instructions.map { v in
            ["name": v.name, "privileged": v.privileged, "controlSensitive": v.controlSensitive,
             "behaviorSensitive": v.behaviorSensitive, "behaviorKinds": v.behaviorKinds, "userSensitive": v.userSensitive,
             "innocuous": v.innocuous, "vmmHole": v.vmmHole, "hybridHole": v.hybridHole, "breaks": v.breaks,
             "location": ["file": v.location.file, "line": v.location.line, "column": v.location.column],
             "witnesses": v.witnesses.map(witness),
             "traps": v.traps.entries.map { e -> [String: Any] in
                 ["form": e.form, "mode": e.mode, "kinds": e.kinds, "always": e.always, "witnesses": e.witnesses.map(witness)]
             }]
        }
        var root: [String: Any] = [
            "model": c.model.name, "file": c.model.file, "engine": c.engine.rawValue, "instructions": instructions,
            "theorems": ["vmm": theoremJSON(c, c.vmm), "hybrid": theoremJSON(c, c.hybrid),
                         "recursive": ["status": c.recursive]],
            "closed": c.closed, "disagreements": c.disagreements, "unknown": c.unknown,
            "exitCode": Int(ClassifyCommand.exitCode(c).rawValue),
        ]
        if let w = c.width { root["width"] = w }
        if let b = c.baseline {
            root["against"] = ["file": b, "trapDifferences": c.trapDifferences.map { d -> [String: Any] in
                ["instruction": d.instruction, "operands": d.operands, "state": d.state, "baseline": d.baseline, "now": d.now]
            }]
        }
        // Counts only (no timings), so that the same inputs still give byte-identical JSON.
        var counts: [String: Int] = [:]
        for k in ["enumeratedStates", "smtQueries"] { if let v = c.statistics[k] { counts[k] = Int(v) } }
        root["statistics"] = counts
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
