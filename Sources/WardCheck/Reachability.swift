import WardConcrete
import WardIR
import WardReport

/// A model's state graph, explored once per obligation for all its graph conditions
/// (`expect live`, `reachable`, `recoverable`), with the machine that evaluates predicates on it.
struct ExploredGraph: Sendable {
    let machine: Machine
    let graph: StateGraph

    static func build(_ model: Model, depth: Int?) -> Result<ExploredGraph, GraphError> {
        do {
            let machine = try Machine(model)
            return .success(ExploredGraph(machine: machine, graph: try StateGraph(machine: machine, maxDepth: depth)))
        } catch {
            return .failure(GraphError(message: "\(error)"))
        }
    }
}

struct GraphError: Error, Sendable {
    var message: String
}

/// `expect reachable { R }` and `expect recoverable { R } within K`. Invariants say nothing bad
/// is reachable; they hold just as well for a model that never reaches the states they talk
/// about (an IOTLB that never caches makes "no reuse before the flush" vacuous) or that gets
/// stuck (a page pinned for good). A cover catches the first, recovery the second.
struct Reachability: Sendable {
    /// Predicates reached, each with the depth of the first state satisfying it.
    var reached: [(name: String, depth: Int)] = []
    /// Predicates no explored state satisfies.
    var unreached: [String] = []
    /// Predicates reachable again within `within` steps from every state checked.
    var recovered: [(name: String, checked: Int)] = []
    /// Predicates with a state (a shortest trace to it) from which none satisfying them is
    /// reachable within `within` steps.
    var stuck: [(name: String, trace: Trace)] = []
    var within = 0
    var undecided: String?
    var depth: Int?
    var complete = true

    static func check(reachable: [String], recoverable: (names: [String], within: Int)?, in model: Model,
                      graph built: Result<ExploredGraph, GraphError>, depth: Int?) -> Reachability {
        var out = Reachability(within: recoverable?.within ?? 0, depth: depth)
        let explored: ExploredGraph
        switch built {
        case .failure(let e): out.undecided = "reachability not decided: \(e.message)"; return out
        case .success(let g): explored = g
        }
        let graph = explored.graph
        out.complete = graph.complete
        func goal(_ name: String) -> Int? { model.reachables.firstIndex { $0.name == name } }
        for name in reachable {
            guard let g = goal(name) else { continue }
            if let i = graph.states.firstIndex(where: { explored.machine.reaches(g, in: $0) }) {
                out.reached.append((name, Int(graph.depthOf[i])))
            } else {
                out.unreached.append(name)
            }
        }
        guard let (names, k) = recoverable else { return out }
        let predecessors = Predecessors(graph)
        // Every path of at most k steps from a state within depth - k stays within the explored
        // depth, and every state on it but the last was expanded: the search below is complete.
        let limit = graph.complete ? Int32.max : Int32((depth ?? 0) - k)
        let checked = graph.depthOf.lazy.filter { $0 <= limit }.count
        for name in names {
            guard let g = goal(name) else { continue }
            let back = predecessors.within(k, of: graph.states.indices.filter { explored.machine.reaches(g, in: graph.states[$0]) })
            if let i = graph.states.indices.first(where: { graph.depthOf[$0] <= limit && !back[$0] }) {
                out.stuck.append((name, graph.trace(to: Int32(i))))
            } else {
                out.recovered.append((name, checked))
            }
        }
        return out
    }

    /// "within depth 3" or "in any reachable state".
    var bound: String { complete ? "in any reachable state" : "within depth \(depth ?? 0)" }

    /// The states checked for recovery: "every reachable state" or "every state within depth 1".
    var checkedStates: String { complete ? "every reachable state" : "every state within depth \((depth ?? 0) - within)" }
}

/// The graph's transitions reversed (compressed rows: the predecessors of state s are
/// `sources[start[s]..<start[s + 1]]`), for searching backwards from the goal states.
struct Predecessors {
    var start: [Int32]
    var sources: [Int32]

    init(_ graph: StateGraph) {
        let n = graph.states.count
        var count = [Int32](repeating: 0, count: n + 1)
        for e in graph.edges { count[Int(e.to) + 1] += 1 }
        for i in 0..<n { count[i + 1] += count[i] }
        start = count
        var fill = count
        sources = [Int32](repeating: 0, count: graph.edges.count)
        for e in graph.edges {
            sources[Int(fill[Int(e.to)])] = e.from
            fill[Int(e.to)] += 1
        }
    }

    /// Which states reach one of `goals` in at most `k` transitions (breadth-first, backwards).
    func within(_ k: Int, of goals: [Int]) -> [Bool] {
        var seen = [Bool](repeating: false, count: start.count - 1)
        var frontier = goals
        for g in goals { seen[g] = true }
        for _ in 0..<k where !frontier.isEmpty {
            var next: [Int] = []
            for s in frontier {
                for p in sources[Int(start[s])..<Int(start[s + 1])] where !seen[Int(p)] {
                    seen[Int(p)] = true
                    next.append(Int(p))
                }
            }
            frontier = next
        }
        return seen
    }
}

/// All of an obligation's graph conditions, decided on one exploration.
struct GraphConditions: Sendable {
    var liveness: Liveness?
    var reachability: Reachability?

    static func check(_ o: Obligation, in model: Model) -> GraphConditions {
        let live = o.liveTargets, reach = o.reachableGoals, recover = o.recoverableGoals
        guard live != nil || reach != nil || recover != nil else { return GraphConditions() }
        let built = ExploredGraph.build(model, depth: o.depth)
        var out = GraphConditions()
        if let live { out.liveness = Liveness.check(live, in: model, graph: built, depth: o.depth) }
        if reach != nil || recover != nil {
            out.reachability = Reachability.check(reachable: reach ?? [], recoverable: recover, in: model, graph: built, depth: o.depth)
        }
        return out
    }
}

/// What one graph condition adds to a verify obligation's judgement (CheckRunner.judge).
struct ConditionJudgement {
    var failed: [String] = []       // definite differences
    var undecided: [String] = []    // no verdict where one was needed
    var why: [String] = []          // what passed, for the message
    var actual = ""                 // appended to the actual verdict: ", dead {...}"
    var findings: [Finding] = []
}

extension Reachability {
    /// Unreached and unrecoverable predicates fail the obligation, each a finding at its declaration;
    /// an unrecoverable one carries the trace to the stuck state.
    func judgement(_ model: Model, paths: CheckPaths, fallback: WardReport.SourceLocation?, formatter: ValueFormatter?) -> ConditionJudgement {
        var j = ConditionJudgement()
        if let why = undecided { j.undecided.append(why) }
        func declaration(_ n: String) -> WardReport.SourceLocation? {
            model.reachables.first { $0.name == n }.map { paths.report($0.location) } ?? fallback
        }
        if !unreached.isEmpty {
            j.failed.append("never reached \(bound): " + unreached.joined(separator: ", "))
            j.actual += ", unreached " + Obligation.set(unreached)
            for n in unreached {
                j.findings.append(Finding(message: "reachable \(n) is never reached \(bound)", location: declaration(n), key: "unreached:\(n)"))
            }
        }
        if !stuck.isEmpty {
            let steps = CheckRunner.steps
            j.failed.append("not recoverable within \(steps(within)) from \(checkedStates): " + stuck.map(\.name).joined(separator: ", "))
            j.actual += ", unrecoverable " + Obligation.set(stuck.map(\.name))
            for (n, trace) in stuck {
                let closing = "from here no state satisfying '\(n)' is reachable within \(steps(within))"
                j.findings.append(Finding(message: "reachable \(n) is not recoverable: from a state \(steps(trace.steps.count)) in (the trace), no state satisfying it is reachable within \(steps(within))",
                                          location: declaration(n), evidence: formatter.map { $0.render(trace, closing: closing) }, key: "unrecoverable:\(n)"))
            }
        }
        if !reached.isEmpty { j.why.append("reached: " + reached.map { "\($0.name) (at depth \($0.depth))" }.joined(separator: ", ")) }
        if !recovered.isEmpty {
            j.why.append("recoverable within \(CheckRunner.steps(within)) from \(checkedStates): "
                         + recovered.map { "\($0.name) (\($0.checked) states)" }.joined(separator: ", "))
        }
        return j
    }
}
