// The structure Lipton and Snyder read off a protection graph before deciding anything:
// adjacency by path letter, and islands — maximal sets of subjects connected by t- or g-edges
// (in either direction) that run between subjects. Within an island any subject can come to hold
// any right another holds (Lipton & Snyder's island lemma), so islands are the unit of sharing.

extension TakeGrant {
    public struct Island: Hashable, Sendable {
        /// Position in `Analysis.islands`.
        public let index: Int
        /// The island's subjects, in vertex order.
        public let members: [VertexID]

        public func describe(in graph: Graph) -> String {
            "I\(index + 1) {" + members.map(graph.name).joined(separator: ", ") + "}"
        }
    }

    /// A graph with its islands and adjacency lists computed once, in O(V + E), so that many
    /// `canShare`/`canSteal` questions about the same graph each cost one more O(V + E) search.
    public struct Analysis: Sendable {
        public let graph: Graph
        public let islands: [Island]
        let adjacency: Adjacency
        let islandIndex: [Int]  // per vertex; -1 for objects
        /// Per vertex, which class of "joined by a chain of islands and bridges" it is in; -1 for
        /// objects. Bridges read backwards are bridges, so the relation is an equivalence.
        let chainClass: [Int]

        public init(_ graph: Graph) {
            self.graph = graph
            adjacency = Adjacency(graph)
            (islands, islandIndex) = Self.findIslands(adjacency)
            chainClass = Self.findChainClasses(adjacency)
        }

        /// Whether subjects u and v are joined by a chain of islands and bridges (n ≥ 1 islands).
        public func areLinked(_ u: VertexID, _ v: VertexID) -> Bool {
            chainClass[u.index] >= 0 && chainClass[u.index] == chainClass[v.index]
        }

        /// One island-chain search per class, all sharing a visited set: O(V + E) in total. A later
        /// search may meet a node inside a bridge that an earlier one visited; nothing beyond that
        /// node is a subject, or the later start would itself have been reached (the relation is
        /// symmetric), so skipping it loses nothing.
        private static func findChainClasses(_ adjacency: Adjacency) -> [Int] {
            let atIsland = Shapes.atIsland
            var search = ProductSearch(adjacency, Shapes.islandChain)
            var classOf = Array(repeating: -1, count: adjacency.vertexCount)
            var next = 0
            for v in 0..<adjacency.vertexCount where adjacency.isSubject[v] && classOf[v] < 0 {
                for n in search.reach(from: [.init(vertex: v, state: atIsland)]) where n.state == atIsland {
                    classOf[n.vertex] = next
                }
                next += 1
            }
            return classOf
        }

        /// The island a subject belongs to; nil for objects.
        public func island(of v: VertexID) -> Island? {
            islandIndex[v.index] >= 0 ? islands[islandIndex[v.index]] : nil
        }

        /// Connected components of the subject-only tg-subgraph, by breadth-first search.
        private static func findIslands(_ adjacency: Adjacency) -> ([Island], [Int]) {
            let n = adjacency.vertexCount
            var index = Array(repeating: -1, count: n)
            var islands: [Island] = []
            for root in 0..<n where adjacency.isSubject[root] && index[root] < 0 {
                let id = islands.count
                index[root] = id
                var members = [root]
                var head = 0
                while head < members.count {
                    let v = members[head]; head += 1
                    for step in Step.allCases {
                        for w in adjacency.neighbours(v, step) where adjacency.isSubject[w] && index[w] < 0 {
                            index[w] = id
                            members.append(w)
                        }
                    }
                }
                islands.append(Island(index: id, members: members.sorted().map(VertexID.init)))
            }
            return (islands, index)
        }
    }
}

extension TakeGrant.Graph {
    /// The islands of this graph (computes an `Analysis`).
    public var islands: [TakeGrant.Island] { TakeGrant.Analysis(self).islands }
}
