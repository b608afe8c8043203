// Linear-time search for paths whose word lies in a regular language: breadth-first search of
// the product of the graph with a small automaton for the language. A product node is a pair
// (vertex, automaton state); a move reads one letter along one edge, or stays on the vertex (ε).
// Each product node is visited once and scans its vertex's edges once per automaton move, so a
// search costs O(|states| · |moves| · (V + E)) — linear in the graph for a fixed language —
// instead of enumerating paths, of which there can be exponentially many.

extension TakeGrant {
    /// The tg-edges of a graph as adjacency lists, one list per letter: `neighbours(v, s)` are the
    /// vertices w such that reading v then w along an edge spells the letter s.
    struct Adjacency: Sendable {
        let isSubject: [Bool]
        private let lists: [[[Int]]]  // [step][vertex]

        /// Lists come out sorted by vertex index whatever the order of the graph's edge storage
        /// (a dictionary, iterated in a per-process random order), so that searches — and the
        /// witnesses they explain — are reproducible. Two bucket passes keep this O(V + E).
        init(_ graph: Graph) {
            let n = graph.vertexCount
            var byTarget = Array(repeating: [(from: Int, rights: RightSet)](), count: n)
            graph.forEachEdge { from, to, rights in
                if rights.contains(.take) || rights.contains(.grant) { byTarget[to.index].append((from.index, rights)) }
            }
            var bySource = Array(repeating: [(to: Int, rights: RightSet)](), count: n)
            for b in 0..<n { for (a, rights) in byTarget[b] { bySource[a].append((b, rights)) } }

            var lists = Array(repeating: Array(repeating: [Int](), count: n), count: Step.allCases.count)
            for a in 0..<n {
                for (b, rights) in bySource[a] {  // visits (a, b) in increasing (a, b) order
                    if rights.contains(.take) {
                        lists[Step.takeForward.rawValue][a].append(b)
                        lists[Step.takeBackward.rawValue][b].append(a)
                    }
                    if rights.contains(.grant) {
                        lists[Step.grantForward.rawValue][a].append(b)
                        lists[Step.grantBackward.rawValue][b].append(a)
                    }
                }
            }
            self.lists = lists
            isSubject = graph.vertices.map(\.isSubject)
        }

        var vertexCount: Int { isSubject.count }
        func neighbours(_ v: Int, _ step: Step) -> [Int] { lists[step.rawValue][v] }
    }

    /// A nondeterministic automaton over path letters. A move may demand that the vertex it
    /// arrives at be a subject or an object: this is how "the ends of a bridge are subjects" is said.
    struct PathAutomaton: Sendable {
        enum Arrival: Sendable { case any, subject, object }
        struct Move: Sendable {
            let step: Step?  // nil: ε, stay on the same vertex
            let to: Int
            var arrival: Arrival = .any
        }
        let moves: [[Move]]
        var stateCount: Int { moves.count }
    }

    /// One breadth-first search of graph × automaton, remembering how each node was reached.
    struct ProductSearch {
        struct Node: Hashable { let vertex: Int; let state: Int }

        let adjacency: Adjacency
        let automaton: PathAutomaton
        private var parent: [Int]   // product index → predecessor; -1 for a source, -2 unvisited
        private var via: [Int8]     // letter used to arrive; -1 for a source or an ε-move

        init(_ adjacency: Adjacency, _ automaton: PathAutomaton) {
            self.adjacency = adjacency
            self.automaton = automaton
            let size = adjacency.vertexCount * automaton.stateCount
            parent = Array(repeating: -2, count: size)
            via = Array(repeating: -1, count: size)
        }

        private func index(_ n: Node) -> Int { n.vertex * automaton.stateCount + n.state }
        private func node(_ i: Int) -> Node { Node(vertex: i / automaton.stateCount, state: i % automaton.stateCount) }

        func visited(_ vertex: Int, _ state: Int) -> Bool { parent[vertex * automaton.stateCount + state] != -2 }

        /// Searches from `sources` until a node satisfying `isGoal` is dequeued (returned), or
        /// every reachable node has been visited (nil).
        mutating func run(from sources: [Node], until isGoal: (Node) -> Bool = { _ in false }) -> Node? {
            var visited: [Int] = []
            return run(from: sources, until: isGoal, visited: &visited)
        }

        /// Searches from `sources`, skipping nodes an earlier run visited, and returns the nodes
        /// this run visited. Repeated calls therefore cost O(V + E) in total.
        mutating func reach(from sources: [Node]) -> [Node] {
            var visited: [Int] = []
            _ = run(from: sources, until: { _ in false }, visited: &visited)
            return visited.map(node)
        }

        private mutating func run(from sources: [Node], until isGoal: (Node) -> Bool, visited queue: inout [Int]) -> Node? {
            for s in sources where parent[index(s)] == -2 {
                parent[index(s)] = -1
                queue.append(index(s))
            }
            var head = 0
            while head < queue.count {
                let current = node(queue[head]); head += 1
                if isGoal(current) { return current }
                for move in automaton.moves[current.state] {
                    let targets = move.step.map { adjacency.neighbours(current.vertex, $0) } ?? [current.vertex]
                    for w in targets {
                        let next = Node(vertex: w, state: move.to)
                        let i = index(next)
                        guard parent[i] == -2, admits(move.arrival, w) else { continue }
                        parent[i] = index(current)
                        via[i] = Int8(move.step?.rawValue ?? -1)
                        queue.append(i)
                    }
                }
            }
            return nil
        }

        private func admits(_ arrival: PathAutomaton.Arrival, _ v: Int) -> Bool {
            switch arrival {
            case .any: true
            case .subject: adjacency.isSubject[v]
            case .object: !adjacency.isSubject[v]
            }
        }

        /// The nodes from a source to `goal`, each with the letter read to reach it (nil for the
        /// source and for ε-moves).
        func trace(to goal: Node) -> [(node: Node, step: Step?)] {
            var result: [(Node, Step?)] = []
            var i = index(goal)
            while i >= 0 {
                result.append((node(i), via[i] >= 0 ? Step(rawValue: Int(via[i])) : nil))
                i = parent[i]
            }
            return result.reversed()
        }

        /// The path spelled by `trace(to:)`, dropping ε-moves.
        func path(to goal: Node) -> Path {
            let t = trace(to: goal)
            var vertices = [VertexID(t[0].node.vertex)]
            var word: [Step] = []
            for (node, step) in t.dropFirst() {
                guard let step else { continue }
                vertices.append(VertexID(node.vertex))
                word.append(step)
            }
            return Path(vertices: vertices, word: word)
        }
    }
}
