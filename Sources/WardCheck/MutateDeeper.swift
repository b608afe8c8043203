import WardConcrete
import WardIR

extension MutateCommand {
    /// Steps beyond the compared depth that a survivor's states may take the model to reach.
    static let deeperSlack = 2

    /// A survivor that differs from the model within depth d may only reach the same states by
    /// other paths: a wrap-around buffer mapped in one call where the model needs two, a cache
    /// entry left as a flush would leave it. When every state it reaches within d steps the model
    /// reaches within d + slack, and every state the model reaches within d it reaches within
    /// d + slack, no invariant can tell them apart at this bound: it is set aside as equivalent,
    /// with that evidence. One that reaches no new state but misses some of the model's is still
    /// a survivor that removes behaviour. Graphs too large to build leave the verdict as it was.
    static func lookDeeper(_ report: inout MutationReport, _ model: Model, _ byID: [String: Mutant],
                           reference: StateGraph, depth: Int, jobs: Int) {
        let survivors = report.results.indices.filter { report.results[$0].status == .survived }
        let deep = depth + deeperSlack
        guard !survivors.isEmpty, let machine = try? Machine(model),
              let deepReference = try? StateGraph(machine: machine, maxDepth: deep, keepEdges: false) else { return }
        let ids = survivors.map { report.results[$0].mutant.id }
        let verdicts = MutatePool.map(ids, jobs: jobs) { id -> (MutantResult.Status, String)? in
            guard let variant = byID[id] else { return nil }
            let mutated = variant.apply(to: model)
            guard let m = try? Machine(mutated), let graph = try? StateGraph(machine: m, maxDepth: depth),
                  graph.states.allSatisfy({ deepReference.contains($0) }) else { return nil }
            let reached = "every state it reaches within depth \(depth) the model reaches within depth \(deep)"
            if let deepMutant = try? StateGraph(machine: m, maxDepth: deep, keepEdges: false),
               reference.states.allSatisfy({ deepMutant.contains($0) }) {
                return (.equivalent, reached + ", and every state the model reaches within depth \(depth) it reaches within depth \(deep): "
                        + "the same states by other paths, which no invariant can see")
            }
            return (.survived, "only removes or delays behaviour: " + reached + ", but not the other way round; "
                    + "no invariant can catch it; 'expect live', 'expect reachable' or 'expect recoverable' can")
        }
        for (i, v) in zip(survivors, verdicts) {
            guard let (status, why) = v else { continue }
            report.results[i].status = status
            report.results[i].evidence = [why]
        }
    }
}
