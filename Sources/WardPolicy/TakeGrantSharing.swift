// can_share(α, x, y, G0): can x come to hold α over y by the de jure rules? Lipton & Snyder's
// characterisation (as restated in Bishop's textbook, ch. 3): yes iff x -α-> y is in G0, or
//   (a) some vertex s has s -α-> y in G0,
//   (b) some subject x' is x or initially spans to x,
//   (c) some subject s' is s or terminally spans to s, and
//   (d) islands I1 ∋ x', …, In ∋ s' are joined in sequence by bridges.
// Why it suffices: s' takes α over y from s, the right crosses each island and bridge, and x'
// grants it to x. Each condition is one search, so the whole decision is O(V + E): the owners are
// a scan of the edges, (b) and (c) are backwards span searches from x and from all owners at once,
// and (d) compares classes of subjects joined by islands and bridges, which `Analysis` computes
// once; a last island-chain search from the chosen x' to s' recovers the chain for the witness.

extension TakeGrant {
    /// A decision with its evidence: the witness when the answer is yes, the failed condition when no.
    public enum Verdict<Witness: Hashable & Sendable>: Hashable, Sendable {
        case yes(Witness)
        case no(reason: String)

        public var holds: Bool { if case .yes = self { true } else { false } }
        public var witness: Witness? { if case .yes(let w) = self { w } else { nil } }
    }

    /// Why x can come to hold α over y.
    public struct SharingWitness: Hashable, Sendable {
        public enum Route: Hashable, Sendable {
            /// x -α-> y is already an edge.
            case existingEdge
            /// Theorem case 2: `owner` (s) holds α over y; `initialSpan` runs x' ⇝ x (empty when
            /// x' = x); `terminalSpan` runs s' ⇝ s (empty when s' = s); `chain` joins x' to s'.
            case derived(owner: VertexID, initialSpan: Path, terminalSpan: Path, chain: IslandChain)
        }

        public let right: Right
        public let x: VertexID
        public let y: VertexID
        public let route: Route

        /// s: the vertex whose α over y ends up with x.
        public var owner: VertexID {
            if case .derived(let s, _, _, _) = route { s } else { x }
        }

        /// The rule-by-rule story, one fact per line.
        public func describe(in g: Graph) -> String {
            let head = "can_share(\(right), \(g.name(x)), \(g.name(y))): yes"
            guard case let .derived(s, initial, terminal, chain) = route else {
                return head + "\n  \(g.name(x)) -\(right)-> \(g.name(y)) is already an edge"
            }
            var lines = [head, "  owner s = \(g.name(s)): \(g.name(s)) -\(right)-> \(g.name(y))"]
            lines.append(initial.isEmpty
                ? "  x' = x = \(g.name(x)) (a subject)"
                : "  x' = \(g.name(initial.start)) initially spans to x: \(initial.describe(in: g))  [\(initial.wordDescription)]")
            lines.append(terminal.isEmpty
                ? "  s' = s = \(g.name(s)) (a subject)"
                : "  s' = \(g.name(terminal.start)) terminally spans to s: \(terminal.describe(in: g))  [\(terminal.wordDescription)]")
            lines.append(TakeGrant.describe(chain, in: g))
            return lines.joined(separator: "\n")
        }
    }

    static func describe(_ chain: IslandChain, in g: Graph) -> String {
        var text = "  islands: " + chain.islands[0].describe(in: g)
        for (bridge, island) in zip(chain.bridges, chain.islands.dropFirst()) {
            text += "\n    bridge \(bridge.describe(in: g))  [\(bridge.wordDescription)]\n    " + island.describe(in: g)
        }
        return text
    }
}

extension TakeGrant.Analysis {
    public typealias Right = TakeGrant.Right

    /// can_share(`right`, `x`, `y`, G0): whether an edge x → y carrying `right` can come to
    /// exist. O(V + E).
    public func canShare(right α: Right, from x: VertexID, to y: VertexID) -> TakeGrant.Verdict<TakeGrant.SharingWitness> {
        let g = graph
        if x == y { return .no(reason: "a vertex never holds rights over itself: the rules act on distinct vertices") }
        if g.has(α, from: x, to: y) { return .yes(.init(right: α, x: x, y: y, route: .existingEdge)) }

        let owners = holders(of: α, over: y)
        if owners.isEmpty { return .no(reason: "no vertex holds \(α) over \(g.name(y))") }
        let receivers = TakeGrant.Spanners(initialSpansTo: [x.index], adjacency)  // candidate x'
        if receivers.members.isEmpty {
            return .no(reason: "\(g.name(x)) is an object and no subject initially spans to it (t→* g→)")
        }
        let suppliers = TakeGrant.Spanners(terminalSpansTo: owners, adjacency)  // candidate s'
        if suppliers.members.isEmpty {
            return .no(reason: "no holder of \(α) over \(g.name(y)) is a subject or terminally spanned by one (t→*)")
        }
        // (d): some x' and some s' in the same class of islands joined by bridges.
        var receiverInClass = Array(repeating: -1, count: g.vertexCount)
        for xPrime in receivers.members where receiverInClass[chainClass[xPrime]] < 0 {
            receiverInClass[chainClass[xPrime]] = xPrime
        }
        guard let sPrime = suppliers.members.first(where: { receiverInClass[chainClass[$0]] >= 0 }) else {
            return .no(reason: "no chain of bridges joins the islands of a candidate x' "
                + names(receivers.members) + " to those of a candidate s' " + names(suppliers.members))
        }
        let xPrime = receiverInClass[chainClass[sPrime]]
        let terminal = suppliers.path(from: sPrime)
        return .yes(.init(right: α, x: x, y: y, route: .derived(
            owner: terminal.end, initialSpan: receivers.path(from: xPrime), terminalSpan: terminal,
            chain: chain(from: VertexID(xPrime), to: VertexID(sPrime))!)))
    }

    /// The vertices with an edge carrying `α` into `y`, in index order. O(V + E).
    func holders(of α: Right, over y: VertexID) -> [Int] {
        var holds = Array(repeating: false, count: graph.vertexCount)
        graph.forEachEdge { from, to, rights in
            if to == y && rights.contains(α) { holds[from.index] = true }
        }
        return holds.indices.filter { holds[$0] }
    }

    /// "{a, b, c}", shortened after eight names so that reasons stay readable on large graphs.
    func names(_ vs: [Int]) -> String {
        let shown = vs.prefix(8).map { graph.name(VertexID($0)) } + (vs.count > 8 ? ["… \(vs.count - 8) more"] : [])
        return "{" + shown.joined(separator: ", ") + "}"
    }
}

extension TakeGrant.Graph {
    /// can_share(`right`, `x`, `y`, self); see `TakeGrant.Analysis.canShare`.
    public func canShare(right: TakeGrant.Right, from x: TakeGrant.VertexID, to y: TakeGrant.VertexID)
        -> TakeGrant.Verdict<TakeGrant.SharingWitness> {
        TakeGrant.Analysis(self).canShare(right: right, from: x, to: y)
    }
}
