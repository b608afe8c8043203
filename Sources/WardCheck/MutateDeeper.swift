import WardConcrete
import WardIR

extension MutateCommand {
    /// Steps beyond the compared depth that a survivor's states may take the model to reach.
    static let deeperSlack = 2
    /// The most states a deeper graph may have (states only, no transitions): about 1 GB for
    /// the platform model's 150-slot states.
    static let deeperStates = 1 << 20

    /// A survivor that differs from the model within depth d may only reach the same states by
    /// other paths: a wrap-around buffer mapped in one call where the model needs two, a cache
    /// entry left as a flush would leave it. When every state it reaches within d steps the model
    /// reaches within d + slack, and every state the model reaches within d it reaches within
    /// d + slack, no invariant can tell them apart at this bound: it is set aside as equivalent,
    /// with that evidence. One that reaches no new state but misses some of the model's is still
    /// a survivor that removes behaviour. When the graphs at d + slack would be too large, the
    /// comparison is made at the largest smaller d whose graphs fit, and the evidence says so.
    static func lookDeeper(_ report: inout MutationReport, _ model: Model, _ byID: [String: Mutant],
                           reference full: StateGraph, depth compared: Int, jobs: Int) {
        let survivors = report.results.indices.filter { report.results[$0].status == .survived }
        guard !survivors.isEmpty, let depth = comparableDepth(full, depth: compared), let machine = try? Machine(model) else { return }
        let deep = depth + deeperSlack
        guard let deepReference = try? StateGraph(machine: machine, maxDepth: deep, maxStates: deeperStates, keepEdges: false) else { return }
        let reference = full.states.indices.filter { full.depthOf[$0] <= depth }.map { full.states[$0] }
        let lowered = depth < compared
            ? " (compared at depth \(depth), not \(compared): the graphs at depth \(compared + deeperSlack) are too large to build)" : ""
        let ids = survivors.map { report.results[$0].mutant.id }
        let verdicts = MutatePool.map(ids, jobs: jobs) { id -> (MutantResult.Status, String)? in
            guard let variant = byID[id] else { return nil }
            let mutated = variant.apply(to: model)
            guard let m = try? Machine(mutated), let graph = try? StateGraph(machine: m, maxDepth: depth, keepEdges: false),
                  graph.states.allSatisfy({ deepReference.contains($0) }) else { return nil }
            let reached = "every state it reaches within depth \(depth) the model reaches within depth \(deep)"
            if let deepMutant = try? StateGraph(machine: m, maxDepth: deep, maxStates: deeperStates, keepEdges: false),
               reference.allSatisfy({ deepMutant.contains($0) }) {
                return (.equivalent, reached + ", and every state the model reaches within depth \(depth) it reaches within depth \(deep): "
                        + "the same states by other paths, which no invariant can see" + lowered)
            }
            return (.survived, "only removes or delays behaviour: " + reached + ", but not the other way round; "
                    + "no invariant can catch it; 'expect live', 'expect reachable' or 'expect recoverable' can" + lowered)
        }
        for (i, v) in zip(survivors, verdicts) {
            guard let (status, why) = v else { continue }
            report.results[i].status = status
            report.results[i].evidence = [why] + report.results[i].evidence
        }
    }

    /// The largest depth d ≤ `depth` whose graph at d + slack is predicted to fit `cap` states:
    /// the levels the reference graph has are counted, the deeper ones extrapolated by its last
    /// growth ratio (a platform's state count grows about six-fold per step).
    static func comparableDepth(_ reference: StateGraph, depth: Int, cap: Int = deeperStates) -> Int? {
        var levels = [Int](repeating: 0, count: depth + 1)
        for d in reference.depthOf { levels[Int(d)] += 1 }
        if reference.complete { return depth }
        let growth = depth > 0 ? Double(levels[depth]) / Double(max(1, levels[depth - 1])) : 1
        for d in stride(from: depth, through: 0, by: -1) {
            var total = Double(levels[0...min(depth, d + deeperSlack)].reduce(0, +))
            var last = Double(levels[depth])
            if d + deeperSlack > depth {
                for _ in depth + 1...d + deeperSlack { last *= growth; total += last }
            }
            if total <= Double(cap) { return d }
        }
        return nil
    }
}
