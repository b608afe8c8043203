import WardIR
import WardISA
import WardReport
import WardSolver

/// A classify obligation's `expect divergent { ... }`: the generic trap-and-emulate VMM run
/// against native execution, by exploration at the reduced width and by the per-instruction Z3
/// proof at full width (`Equivalence`). An instruction diverges when exploration finds a state in
/// which the VM and the native machine differ, or, where exploration could not run it (too many
/// states), when Z3 finds a counterexample. Where both engines decided they must agree; a Z3 that
/// gave up, or anything else, leaves the verdict undecided (the obligation is then unknown, never passed).
struct VMMDivergence: Sendable {
    var divergent: [String] = []
    var undecided: [String] = []
    /// The divergent instructions' results, for the report's evidence.
    var evidence: [InstructionEquivalence] = []

    static func check(reduced: Model, full: Model, timeoutMilliseconds: UInt32, queryLog: QueryLog?) -> VMMDivergence {
        var d = VMMDivergence()
        let report: EquivalenceReport
        do {
            report = try Equivalence.check(model: reduced, fullWidthModel: full,
                                           options: EquivalenceOptions(timeoutMilliseconds: timeoutMilliseconds, queryLog: queryLog))
        } catch {
            d.undecided = ["the VMM could not be built: \(error)"]
            return d
        }
        for i in report.instructions {
            let explored = i.explored ? (i.divergence != nil || i.resourceControl != nil) : nil
            let proved: Bool? = i.proof == "proved" ? false : i.proof == "counterexample" ? true : nil
            switch (explored, proved) {
            case (_, nil) where i.proof.hasPrefix("unknown"):
                // Z3 gave up (a timeout, a limit, an error): the full-width half of the verdict is
                // missing, and a solver fault must never let the obligation pass.
                d.undecided.append("\(i.name): Z3 at full width \(i.proof)"
                                   + (explored.map { ", though exploration at this width says it \($0 ? "diverges" : "is equivalent")" } ?? ""))
            case (let e?, let p?) where e != p:
                d.undecided.append("\(i.name): exploration says it \(e ? "diverges" : "is equivalent"), Z3 at full width \(p ? "finds a counterexample" : "proves it")")
            case (let e?, _), (nil, let e?):
                if e { d.divergent.append(i.name); d.evidence.append(i) }
            case (nil, nil):
                d.undecided.append("\(i.name): not explored at this width and Z3 \(i.proof)")
            }
        }
        return d
    }

    func findings(paths: CheckPaths, model: Model) -> [Finding] {
        evidence.map { i in
            let location = model.actions.first { $0.name == i.name }.map { paths.report($0.location) }
            let program = i.observableProgram.map { ": shortest program in which the guest sees it: " + $0.joined(separator: "; ")
                + (i.observableDifference.isEmpty ? "" : " (" + i.observableDifference.joined(separator: ", ") + ")") } ?? ""
            let witnesses = [i.divergence, i.resourceControl, i.proofCounterexample].compactMap { $0 }
            return Finding(message: "the generic VMM diverges from native execution on \(i.name)\(program)",
                           location: location,
                           evidence: witnesses.isEmpty ? nil : witnesses.flatMap(ClassifyRendering.render).joined(separator: "\n"),
                           key: "divergent:\(i.name)")
        }
    }
}
