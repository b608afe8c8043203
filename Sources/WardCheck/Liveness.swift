import WardConcrete
import WardIR

/// `expect live { A, ... }`: every named action changes the state in some reachable state, found
/// by breadth-first search on the emulator (so its witness is a shortest trace). Invariants say
/// nothing bad is reachable; they hold just as well for a model whose service refuses every
/// request. Liveness catches that: a guard that can never pass, an update that was dropped.
struct Liveness: Sendable {
    /// The actions with an effect, each with the depth of its first effect.
    var live: [(action: String, depth: Int)] = []
    /// The actions that never change the state within the bound.
    var dead: [String] = []
    /// The state graph could not be built (too many states, a domain too large to enumerate).
    var undecided: String?
    /// The depth bound, nil when the whole reachable state space was explored.
    var depth: Int?
    var complete = true

    static func check(_ actions: [String], in model: Model, depth: Int?) -> Liveness {
        var out = Liveness(depth: depth)
        do {
            let graph = try StateGraph(machine: try Machine(model), maxDepth: depth)
            out.complete = graph.complete
            for name in actions {
                guard let a = model.actionIndex(name) else { continue }
                if let e = graph.firstEffect(of: a) {
                    out.live.append((name, Int(graph.depthOf[Int(e.from)]) + 1))
                } else {
                    out.dead.append(name)
                }
            }
        } catch {
            out.undecided = "liveness not decided: \(error)"
        }
        return out
    }

    /// "within depth 3" or "in any reachable state".
    var bound: String { complete ? "in any reachable state" : "within depth \(depth ?? 0)" }
}
