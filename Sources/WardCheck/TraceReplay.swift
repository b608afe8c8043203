import WardConcrete
import WardIR

/// Replays a counterexample on the concrete machine (the emulator): every step must be an
/// enabled, non-trapping action giving exactly the next state, and the last state must break
/// the property. A trace from Z3 is only reported after it passes this check.
public enum TraceReplay {
    public static func validate(_ trace: Trace, on machine: Machine) -> String? {
        guard trace.initial.count == machine.layout.slotCount else { return "the initial state has the wrong size" }
        if let initial = try? machine.initialStates(), !initial.contains(trace.initial) {
            return "the trace does not start in an initial state"
        }
        var state = trace.initial
        for (i, step) in trace.steps.enumerated() {
            guard case .next(let next) = machine.step(state, step.label) else {
                return "step \(i + 1) is not enabled, or traps, on the emulator"
            }
            guard next == step.state else { return "step \(i + 1) reaches a different state on the emulator" }
            state = next
        }
        return machine.holds(trace.property, in: state) ? "the final state satisfies the property" : nil
    }
}
