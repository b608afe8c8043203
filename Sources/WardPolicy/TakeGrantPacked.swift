// The explorer's state: a protection graph packed into bit masks so that closing it under take
// and grant costs a few word operations per vertex pair. This is a second, independent
// implementation of the take and grant rules (the first is `Graph.apply`); the explorer can log
// every edge it adds as a `Rule`, and the tests replay those logs through `Graph.apply`, so the
// two implementations are checked against each other.

extension TakeGrant {
    /// Vertices are bit positions 0..<64. For tracked right r and vertex v, `rows[r * capacity + v]`
    /// is the set of vertices v holds r over. Right 0 is t and right 1 is g.
    struct PackedGraph: Sendable {
        static let take = 0, grant = 1

        let rights: [Right]
        let capacity: Int
        private(set) var vertexCount: Int
        private(set) var subjects: UInt64
        private(set) var rows: [UInt64]

        /// `rights` must start with t, g and include every right in use in `graph`.
        init(_ graph: Graph, rights: [Right], capacity: Int) {
            precondition(rights.count >= 2 && rights[0] == .take && rights[1] == .grant)
            precondition(graph.vertexCount <= capacity && capacity <= 64, "the explorer handles at most 64 vertices")
            self.rights = rights
            self.capacity = capacity
            vertexCount = graph.vertexCount
            subjects = 0
            rows = Array(repeating: 0, count: rights.count * capacity)
            for v in graph.vertexIDs where graph.isSubject(v) { subjects |= Self.bit(v.index) }
            let index = Dictionary(uniqueKeysWithValues: rights.enumerated().map { ($1, $0) })
            graph.forEachEdge { from, to, label in
                for right in label { rows[index[right]! * capacity + from.index] |= Self.bit(to.index) }
            }
        }

        static func bit(_ v: Int) -> UInt64 { 1 << UInt64(v) }

        func isSubject(_ v: Int) -> Bool { subjects & Self.bit(v) != 0 }
        func holds(_ right: Int, _ from: Int, _ to: Int) -> Bool { rows[right * capacity + from] & Self.bit(to) != 0 }
        func row(_ right: Int, _ v: Int) -> UInt64 { rows[right * capacity + v] }

        /// `creator` creates a new vertex, holding the rights whose indices are set in `mask`.
        mutating func create(by creator: Int, subject: Bool, rights mask: Int) -> Int {
            let v = vertexCount
            precondition(v < capacity)
            vertexCount += 1
            if subject { subjects |= Self.bit(v) }
            for r in rights.indices where mask & (1 << r) != 0 { rows[r * capacity + creator] |= Self.bit(v) }
            return v
        }

        /// can_steal's restriction: no vertex in `owners` grants right `right` over `target`.
        struct Restriction: Sendable {
            let right: Int
            let target: Int
            let owners: UInt64
        }

        /// Applies take and grant until neither adds an edge. Both rules copy a row from one
        /// vertex z to another x (minus x itself, which no vertex holds rights over):
        ///   take:  x takes from z  when x is a subject and x -t-> z;
        ///   grant: z grants to x   when z is a subject and z -g-> x.
        /// Because the rules are monotone the result does not depend on the order. Appends one
        /// single-right rule per added edge to `log` when it is non-nil.
        mutating func saturate(_ restriction: Restriction?, log: inout [Rule]?) {
            var changed = true
            while changed {
                changed = false
                for x in 0..<vertexCount {
                    for z in 0..<vertexCount where z != x {
                        if isSubject(x) && holds(Self.take, x, z) {
                            changed = copyRow(to: x, from: z, byTake: true, restriction, &log) || changed
                        }
                        if isSubject(z) && holds(Self.grant, z, x) {
                            changed = copyRow(to: x, from: z, byTake: false, restriction, &log) || changed
                        }
                    }
                }
            }
        }

        private mutating func copyRow(to x: Int, from z: Int, byTake: Bool, _ restriction: Restriction?,
                                      _ log: inout [Rule]?) -> Bool {
            var changed = false
            for r in rights.indices {
                var added = rows[r * capacity + z] & ~rows[r * capacity + x] & ~Self.bit(x)
                if !byTake, let rs = restriction, rs.right == r, rs.owners & Self.bit(z) != 0 {
                    added &= ~Self.bit(rs.target)
                }
                guard added != 0 else { continue }
                rows[r * capacity + x] |= added
                changed = true
                guard log != nil else { continue }
                var bits = added
                while bits != 0 {
                    let w = VertexID(bits.trailingZeroBitCount)
                    bits &= bits - 1
                    let (actor, source) = (VertexID(x), VertexID(z))
                    log!.append(byTake ? .take(actor: actor, rights: [rights[r]], target: w, source: source)
                                       : .grant(actor: source, rights: [rights[r]], target: w, recipient: actor))
                }
            }
            return changed
        }

        /// A hashable encoding that is equal for states differing only in the numbering of created
        /// vertices (those from `fixed` on): the least encoding over all their permutations.
        func canonicalKey(fixed: Int) -> [UInt64] {
            let created = Array(fixed..<vertexCount)
            guard created.count > 1 else { return [subjects] + rows }
            var best: [UInt64]?
            for order in Self.permutations(created) {
                var map = Array(0..<vertexCount)
                for (slot, v) in zip(created, order) { map[v] = slot }
                let encoding = encode(renaming: map)
                if best.map({ encoding.lexicographicallyPrecedes($0) }) ?? true { best = encoding }
            }
            return best!
        }

        private func encode(renaming map: [Int]) -> [UInt64] {
            func rename(_ mask: UInt64) -> UInt64 {
                var result: UInt64 = 0, bits = mask
                while bits != 0 {
                    result |= Self.bit(map[bits.trailingZeroBitCount])
                    bits &= bits - 1
                }
                return result
            }
            var out = Array(repeating: UInt64(0), count: 1 + rows.count)
            out[0] = rename(subjects)
            for r in rights.indices {
                for v in 0..<vertexCount { out[1 + r * capacity + map[v]] = rename(rows[r * capacity + v]) }
            }
            return out
        }

        private static func permutations(_ items: [Int]) -> [[Int]] {
            guard items.count > 1 else { return [items] }
            return items.indices.flatMap { i in
                var rest = items
                let head = rest.remove(at: i)
                return permutations(rest).map { [head] + $0 }
            }
        }
    }
}
