// can_steal(α, x, y, G0) (Snyder, "Theft and conspiracy in the Take-Grant protection model", 1981;
// restated in Bishop's "Computer Security: Art and Science", ch. 3): x comes to hold
// α over y although no vertex that holds α over y in G0 (an "owner") ever grants α over y. It
// holds iff
//   (a) x -α-> y is not in G0,
//   (b) some subject x' is x or initially spans to x,
//   (c) some vertex s has s -α-> y in G0, and
//   (d) can_share(t, x', s, G0).
// Why it suffices: x' comes to hold t over s, takes α over y from s, and passes it on to x. (If
// x' is itself an owner it may not grant α over y, but it can create a fresh subject, grant it
// t over s and g over x, and let that subject take and grant instead.)
//
// Deciding (d) for each pair (x', s) would be quadratic. Instead all pairs are tried at once,
// unfolding can_share(t, x', s) into its own conditions: some x' -t-> s directly, or a chain of
// bridges from a subject x'' that is some x' or initially spans to one, to a subject s'' that
// holds t over some owner or terminally spans to such a holder. Each is one search: O(V + E).

extension TakeGrant {
    /// Why x can steal α over y.
    public struct StealingWitness: Hashable, Sendable {
        public let right: Right
        public let x: VertexID
        public let y: VertexID
        /// s: holds α over y in G0; x' takes it from s.
        public let owner: VertexID
        /// x' ⇝ x, an initial span; empty when x' = x.
        public let initialSpan: Path
        /// can_share(t, x', s): how x' comes to hold t over the owner.
        public let takeOverOwner: SharingWitness

        public var xPrime: VertexID { initialSpan.start }

        public func describe(in g: Graph) -> String {
            var lines = ["can_steal(\(right), \(g.name(x)), \(g.name(y))): yes",
                         "  owner s = \(g.name(owner)): \(g.name(owner)) -\(right)-> \(g.name(y))"]
            lines.append(initialSpan.isEmpty
                ? "  x' = x = \(g.name(x)) (a subject)"
                : "  x' = \(g.name(xPrime)) initially spans to x: \(initialSpan.describe(in: g))  [\(initialSpan.wordDescription)]")
            lines.append("  x' comes to hold t over s, takes \(right) over \(g.name(y)) from s"
                + (initialSpan.isEmpty ? "" : " and passes it to x") + ", because")
            lines.append(contentsOf: takeOverOwner.describe(in: g).split(separator: "\n").map { "  " + $0 })
            return lines.joined(separator: "\n")
        }
    }
}

extension TakeGrant.Analysis {
    /// can_steal(`right`, `x`, `y`, G0). O(V + E).
    public func canSteal(right α: Right, from x: VertexID, to y: VertexID) -> TakeGrant.Verdict<TakeGrant.StealingWitness> {
        let g = graph
        if x == y { return .no(reason: "a vertex never holds rights over itself: the rules act on distinct vertices") }
        if g.has(α, from: x, to: y) {
            return .no(reason: "\(g.name(x)) already holds \(α) over \(g.name(y)); stealing is about a right not yet held")
        }
        let owners = holders(of: α, over: y)
        if owners.isEmpty { return .no(reason: "no vertex holds \(α) over \(g.name(y))") }
        let receivers = TakeGrant.Spanners(initialSpansTo: [x.index], adjacency)  // candidate x'
        if receivers.members.isEmpty {
            return .no(reason: "\(g.name(x)) is an object and no subject initially spans to it (t→* g→)")
        }
        func witness(xPrime: Int, owner s: Int, _ sharing: TakeGrant.SharingWitness) -> TakeGrant.Verdict<TakeGrant.StealingWitness> {
            .yes(.init(right: α, x: x, y: y, owner: VertexID(s),
                       initialSpan: receivers.path(from: xPrime), takeOverOwner: sharing))
        }

        // x' -t-> s already.
        var isOwner = Array(repeating: false, count: g.vertexCount)
        for s in owners { isOwner[s] = true }
        for xPrime in receivers.members {
            if let s = adjacency.neighbours(xPrime, .takeForward).first(where: { isOwner[$0] }) {
                let sharing = TakeGrant.SharingWitness(right: .take, x: VertexID(xPrime), y: VertexID(s), route: .existingEdge)
                return witness(xPrime: xPrime, owner: s, sharing)
            }
        }

        // Otherwise can_share(t, x', s) by its case 2, where the "owner" is a holder of t over s.
        var ownerTakenFrom = Array(repeating: -1, count: g.vertexCount)  // t-holder → an owner it holds t over
        for s in owners {
            for holder in adjacency.neighbours(s, .takeBackward) where ownerTakenFrom[holder] < 0 { ownerTakenFrom[holder] = s }
        }
        let takers = ownerTakenFrom.indices.filter { ownerTakenFrom[$0] >= 0 }
        if takers.isEmpty { return .no(reason: "no vertex holds t over a holder of \(α) over \(g.name(y))") }
        let suppliers = TakeGrant.Spanners(terminalSpansTo: takers, adjacency)  // candidate s''
        if suppliers.members.isEmpty {
            return .no(reason: "no holder of t over a holder of \(α) over \(g.name(y)) is a subject or terminally spanned by one")
        }
        let pullers = TakeGrant.Spanners(initialSpansTo: receivers.members, adjacency)  // candidate x''
        var isSupplier = Array(repeating: false, count: g.vertexCount)
        for s in suppliers.members { isSupplier[s] = true }
        guard let link = linkIslands(from: pullers.members, to: isSupplier) else {
            return .no(reason: "no x' " + names(receivers.members) + " can come to hold t over a holder "
                + names(owners) + " of \(α) over \(g.name(y)): no chain of bridges joins them")
        }
        let toXPrime = pullers.path(from: link.from)  // x'' ⇝ x'
        let terminal = suppliers.path(from: link.to)  // s'' ⇝ holder of t over s
        let s = ownerTakenFrom[terminal.end.index]
        let sharing = TakeGrant.SharingWitness(right: .take, x: toXPrime.end, y: VertexID(s), route: .derived(
            owner: terminal.end, initialSpan: toXPrime, terminalSpan: terminal, chain: link.chain))
        return witness(xPrime: toXPrime.end.index, owner: s, sharing)
    }
}

extension TakeGrant.Graph {
    /// can_steal(`right`, `x`, `y`, self); see `TakeGrant.Analysis.canSteal`.
    public func canSteal(right: TakeGrant.Right, from x: TakeGrant.VertexID, to y: TakeGrant.VertexID)
        -> TakeGrant.Verdict<TakeGrant.StealingWitness> {
        TakeGrant.Analysis(self).canSteal(right: right, from: x, to: y)
    }
}
