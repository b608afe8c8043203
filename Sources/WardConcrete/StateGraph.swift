import WardIR

/// The reachable transition graph of a model, built breadth-first on the emulator (the same IR
/// the explorer compiles), with every state-changing transition kept. It answers the questions
/// that state invariants cannot: does an action ever have an effect (liveness), and does one
/// model reach exactly the states and transitions of another (mutation testing's equivalence).
/// Transitions that leave the state as it was (a disabled guard's twin, a trap, a no-op) are
/// stutters: no property over states can see them, so they are left out.
public struct StateGraph: Sendable {
    public struct Edge: Hashable, Sendable {
        public var from: Int32
        public var to: Int32
        public var label: Int32
    }

    public let labels: [Label]
    /// In BFS order; `states[i]` was discovered at `depthOf[i]`.
    public private(set) var states: [[UInt64]] = []
    public private(set) var depthOf: [Int32] = []
    /// The least (predecessor, label) reaching each state; -1 for an initial state, whose label
    /// field is then its index among the initial states.
    public private(set) var parent: [(state: Int32, label: Int32)] = []
    /// State-changing transitions out of the states expanded, in BFS order (source, then label).
    public private(set) var edges: [Edge] = []
    public private(set) var index: [[UInt64]: Int32] = [:]
    public let initial: [[UInt64]]
    /// false: the depth bound cut the search (states at the last depth were not expanded).
    public private(set) var complete = true
    public let maxDepth: Int?

    /// Explores up to `maxDepth` steps; throws when the state space has more than `maxStates` states.
    /// Without `keepEdges` only the states are kept (for `contains`): a deep graph's transitions
    /// outnumber its states by the number of labels, and cost most of its memory.
    public init(machine: Machine, maxDepth: Int? = nil, maxStates: Int = 1 << 21, keepEdges: Bool = true) throws(ConcreteLimitError) {
        labels = try machine.labels()
        initial = try machine.initialStates()
        self.maxDepth = maxDepth
        for (i, s) in initial.enumerated() where index[s] == nil {
            add(s, depth: 0, parent: (-1, Int32(i)))
        }
        var next = 0
        while next < states.count {
            let d = Int(depthOf[next])
            if let maxDepth, d >= maxDepth { complete = false; break }
            let source = states[next]
            for (l, label) in labels.enumerated() {
                guard case .next(let t) = machine.step(source, label), t != source else { continue }
                let to: Int32
                if let j = index[t] { to = j } else {
                    if states.count >= maxStates {
                        throw ConcreteLimitError("more than \(maxStates) reachable states")
                    }
                    to = add(t, depth: d + 1, parent: (Int32(next), Int32(l)))
                }
                if keepEdges { edges.append(Edge(from: Int32(next), to: to, label: Int32(l))) }
            }
            next += 1
        }
    }

    @discardableResult
    private mutating func add(_ s: [UInt64], depth: Int, parent p: (Int32, Int32)) -> Int32 {
        let i = Int32(states.count)
        states.append(s); depthOf.append(Int32(depth)); parent.append(p); index[s] = i
        return i
    }

    /// The trace from an initial state to state `i` (shortest, least labels in BFS order).
    public func trace(to i: Int32, property: Int = -1) -> Trace {
        var steps: [TraceStep] = []
        var j = i
        while parent[Int(j)].state >= 0 {
            steps.append(TraceStep(label: labels[Int(parent[Int(j)].label)], state: states[Int(j)]))
            j = parent[Int(j)].state
        }
        return Trace(initial: states[Int(j)], steps: steps.reversed(), property: property)
    }

    /// The trace that ends with `edge`.
    public func trace(through edge: Edge) -> Trace {
        var t = trace(to: edge.from)
        t.steps.append(TraceStep(label: labels[Int(edge.label)], state: states[Int(edge.to)]))
        return t
    }

    /// The first transition (in BFS order: shortest trace) by which `action` changes the state.
    public func firstEffect(of action: Int) -> Edge? {
        firstEffect { $0.action == action }
    }

    /// Whether the search reached state `s`.
    public func contains(_ s: [UInt64]) -> Bool { index[s] != nil }

    /// The first state-changing transition (in breadth-first order) whose label passes `matches`.
    public func firstEffect(where matches: (Label) -> Bool) -> Edge? {
        edges.first { matches(labels[Int($0.label)]) }
    }

    /// How `other` (another model over the same fields and labels, e.g. a mutant) relates to this graph.
    public enum Relation: Sendable {
        /// The same states and the same state-changing transitions: no property over states,
        /// and no property over traces up to stuttering, tells the two apart.
        case equivalent
        /// The same states, but other transitions between them: no invariant tells the two apart.
        /// `extra`: a shortest trace in `other` ending with a transition this graph lacks;
        /// `missing`: how many of this graph's transitions `other` lacks.
        case sameStates(extra: Trace?, missing: Int)
        /// `other` reaches only some of these states (and no other): every invariant of this
        /// graph holds for it; only liveness can catch it.
        case fewerStates(missing: Int, example: Int32?)
        /// `other` reaches a state this graph never does (a shortest trace in `other`).
        case newState(Trace)
    }

    /// Compares the graphs; both must be explored with the same depth bound. An edge is the same
    /// when its label is the same and it joins the same states.
    public func relation(to other: StateGraph) -> Relation {
        for (i, s) in other.states.enumerated() where index[s] == nil {
            return .newState(other.trace(to: Int32(i)))
        }
        if other.states.count < states.count {
            let seen = Set(other.states.map { index[$0]! })
            return .fewerStates(missing: states.count - other.states.count,
                                example: states.indices.lazy.map(Int32.init).first { !seen.contains($0) })
        }
        var mine = Set<Edge>()
        mine.reserveCapacity(edges.count)
        for e in edges { mine.insert(e) }
        // Renumber the other graph's states into this one's numbering.
        let map = other.states.map { index[$0]! }
        var covered = Set<Edge>()
        var extra: Trace?
        for e in other.edges {
            let f = Edge(from: map[Int(e.from)], to: map[Int(e.to)], label: e.label)
            if mine.contains(f) { covered.insert(f) } else if extra == nil { extra = other.trace(through: e) }
        }
        if extra == nil, covered.count == mine.count { return .equivalent }
        return .sameStates(extra: extra, missing: mine.count - covered.count)
    }
}
