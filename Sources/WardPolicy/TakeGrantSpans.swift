// Spans and bridges: the path shapes of the can_share theorem (Lipton & Snyder 1977; Bishop,
// "Computer Security: Art and Science", ch. 3), each found by one automaton-product search.
//
//   initial span   x' ⇝ x   t→* g→     x' can take its way to a g over x, then grant x anything
//   terminal span  s' ⇝ s   t→*        s' can take its way to t over s, then take what s holds
//   bridge         u ⇝ v    t→*  |  t←*  |  t→* g→ t←*  |  t→* g← t←*, between two subjects
//
// Walks, not simple paths. Textbook statements define a tg-path as a sequence of *distinct*
// vertices, but the rules do not need distinctness, and some graphs share only through a walk:
//
//   subject a; object x, u; a -> x : t; x -> u : t; u -> x : g; a -> u : r
//
// Here a takes t over u from x, then g over x from u, then grants r over u to x; yet the only simple
// path from a to x spells t→, which is no initial span. Likewise a bridge t→* g→ t←* can double
// back through a vertex shared by both t-runs (see the tests). Every walk of these shapes does
// give the transfer (cut cycles inside a t-run; a vertex shared by the two runs still lets each
// end take its way to the g-edge's ends), so the searches below accept walks, which is also what a
// product search naturally finds; the randomized cross-check against the explorer confirms it.

extension TakeGrant {
    /// Islands I1 … In joined in sequence by bridges: `bridges[j]` runs from a subject of
    /// `islands[j]` to a subject of `islands[j + 1]`.
    public struct IslandChain: Hashable, Sendable {
        public let islands: [Island]
        public let bridges: [Path]
    }

    /// The automata, each for the words of one path shape.
    enum Shapes {
        typealias Move = PathAutomaton.Move

        /// t→* g→ read backwards from the spanned vertex: g← once, then t← any number of times.
        /// State 0 is the spanned vertex itself (the empty word ν), state 1 "after the g".
        static let initialSpanBackwards = PathAutomaton(moves: [
            [Move(step: .grantBackward, to: 1)],
            [Move(step: .takeBackward, to: 1)],
        ])

        /// t→* read backwards from the spanned vertex.
        static let terminalSpanBackwards = PathAutomaton(moves: [[Move(step: .takeBackward, to: 0)]])

        // Bridge states: at a subject (A), inside t→+ (T), inside t←+ (U), after the g (G), and
        // for a lone bridge its end (E).
        static let atIsland = 0, inTakeForward = 1, inTakeBackward = 2, afterGrant = 3, bridgeEnd = 4

        /// One bridge, from a subject to a subject, through any vertices (the definition).
        static let bridge: PathAutomaton = {
            func step(_ s: Step, _ q: Int) -> Move { Move(step: s, to: q) }
            let end = Move(step: nil, to: bridgeEnd, arrival: .subject)
            return PathAutomaton(moves: [
                [step(.takeForward, inTakeForward), step(.takeBackward, inTakeBackward),
                 step(.grantForward, afterGrant), step(.grantBackward, afterGrant)],
                [step(.takeForward, inTakeForward), step(.grantForward, afterGrant), step(.grantBackward, afterGrant), end],
                [step(.takeBackward, inTakeBackward), end],
                [step(.takeBackward, afterGrant), end],
                [],
            ])
        }()

        /// Islands joined by bridges, any number of each. State A at subject v means "v's island
        /// is reached". A bridge that meets a subject splits there into two bridges (every prefix
        /// and suffix of a bridge word at a subject is again a bridge word), so here bridges pass
        /// only through objects and end at the first subject they meet; that loses no chain and
        /// makes the explanation name every island crossed. A letter from A to a subject is a
        /// step inside the island.
        static let islandChain: PathAutomaton = {
            // Reading `s` leads to state `q` at an object, or back to A at a subject.
            func step(_ s: Step, _ q: Int) -> [Move] {
                [Move(step: s, to: atIsland, arrival: .subject), Move(step: s, to: q, arrival: .object)]
            }
            return PathAutomaton(moves: [
                step(.takeForward, inTakeForward) + step(.takeBackward, inTakeBackward)
                    + step(.grantForward, afterGrant) + step(.grantBackward, afterGrant),
                step(.takeForward, inTakeForward) + step(.grantForward, afterGrant) + step(.grantBackward, afterGrant),
                step(.takeBackward, inTakeBackward),
                step(.takeBackward, afterGrant),
            ])
        }()
    }

    /// The subjects that initially (or terminally) span to any of some target vertices, each
    /// with a path: one backwards search from all targets at once.
    struct Spanners {
        private var search: ProductSearch
        private let initial: Bool
        private let isTarget: [Bool]
        private(set) var members: [Int] = []

        init(initialSpansTo targets: [Int], _ adjacency: Adjacency) {
            self.init(adjacency, initial: true, targets)
        }

        init(terminalSpansTo targets: [Int], _ adjacency: Adjacency) {
            self.init(adjacency, initial: false, targets)
        }

        private init(_ adjacency: Adjacency, initial: Bool, _ targets: [Int]) {
            self.initial = initial
            search = ProductSearch(adjacency, initial ? Shapes.initialSpanBackwards : Shapes.terminalSpanBackwards)
            _ = search.run(from: targets.map { .init(vertex: $0, state: 0) })
            var isTarget = Array(repeating: false, count: adjacency.vertexCount)
            for t in targets { isTarget[t] = true }
            self.isTarget = isTarget
            members = (0..<adjacency.vertexCount).filter { contains($0) }
        }

        /// Whether subject v spans to some target (the empty word ν counts: a subject target spans to itself).
        func contains(_ v: Int) -> Bool {
            guard search.adjacency.isSubject[v] else { return false }
            return isTarget[v] || search.visited(v, initial ? 1 : 0)
        }

        /// A span from member v to the target it reaches, read forwards.
        func path(from v: Int) -> Path {
            if isTarget[v] { return Path(at: VertexID(v)) }
            return search.path(to: .init(vertex: v, state: initial ? 1 : 0)).reversed()
        }
    }
}

extension TakeGrant.Analysis {
    public typealias Path = TakeGrant.Path
    public typealias VertexID = TakeGrant.VertexID

    /// A witness that subject `xPrime` initially spans to `x` (word t→* g→, or ν when equal).
    public func initialSpan(from xPrime: VertexID, to x: VertexID) -> Path? {
        let spanners = TakeGrant.Spanners(initialSpansTo: [x.index], adjacency)
        return spanners.contains(xPrime.index) ? spanners.path(from: xPrime.index) : nil
    }

    /// A witness that subject `sPrime` terminally spans to `s` (word t→*, or ν when equal).
    public func terminalSpan(from sPrime: VertexID, to s: VertexID) -> Path? {
        let spanners = TakeGrant.Spanners(terminalSpansTo: [s.index], adjacency)
        return spanners.contains(sPrime.index) ? spanners.path(from: sPrime.index) : nil
    }

    /// A bridge from subject `u` to subject `v`, if one exists.
    public func bridge(from u: VertexID, to v: VertexID) -> Path? {
        typealias S = TakeGrant.Shapes
        guard graph.isSubject(u), graph.isSubject(v) else { return nil }
        var search = TakeGrant.ProductSearch(adjacency, S.bridge)
        let goal = search.run(from: [.init(vertex: u.index, state: S.atIsland)]) {
            $0.vertex == v.index && $0.state == S.bridgeEnd
        }
        return goal.map { search.path(to: $0) }
    }

    /// A chain of islands and bridges from subject `u` to subject `v`, by one island-chain search.
    public func chain(from u: VertexID, to v: VertexID) -> TakeGrant.IslandChain? {
        typealias S = TakeGrant.Shapes
        guard graph.isSubject(u), graph.isSubject(v) else { return nil }
        var search = TakeGrant.ProductSearch(adjacency, S.islandChain)
        guard let goal = search.run(from: [.init(vertex: u.index, state: S.atIsland)], until: {
            $0.state == S.atIsland && $0.vertex == v.index
        }) else { return nil }
        let trace = search.trace(to: goal)

        // Cut the route into island steps and bridges: a bridge starts when the route leaves
        // state A and ends when it returns there, at a subject.
        var steps: [(bridge: Path, reached: TakeGrant.Island)] = []
        var pending = Path(at: u)
        for (previous, current) in zip(trace, trace.dropFirst()) {
            let (from, to) = (previous.node, current.node)
            if from.state == S.atIsland { pending = Path(at: VertexID(from.vertex)) }
            pending = Path(vertices: pending.vertices + [VertexID(to.vertex)], word: pending.word + [current.step!])
            if to.state == S.atIsland { steps.append((pending, islands[islandIndex[to.vertex]])) }
        }
        return Self.chain(from: island(of: u)!, steps)
    }

    /// The same chain described with this graph's islands, when it was found in a subgraph with
    /// smaller islands: consecutive pieces of one island merge, and loops are cut.
    func regrouped(_ chain: TakeGrant.IslandChain) -> TakeGrant.IslandChain {
        let mapped = chain.islands.map { island(of: $0.members[0])! }
        return Self.chain(from: mapped[0], Array(zip(chain.bridges, mapped.dropFirst())))
    }

    /// A chain from `first` along (bridge, island reached) steps. A step into the current island
    /// (a move inside it, or a bridge that comes back) is dropped; a step back to an earlier
    /// island cuts the loop out of the chain.
    private static func chain(from first: TakeGrant.Island, _ steps: [(bridge: Path, reached: TakeGrant.Island)])
        -> TakeGrant.IslandChain {
        var islands = [first]
        var bridges: [Path] = []
        for (bridge, next) in steps {
            if let k = islands.firstIndex(of: next) {
                islands.removeSubrange((k + 1)...)
                bridges.removeSubrange(k...)
            } else {
                islands.append(next)
                bridges.append(bridge)
            }
        }
        return TakeGrant.IslandChain(islands: islands, bridges: bridges)
    }
}
