// can_steal(α, x, y, G0) (Snyder, "Theft and conspiracy in the Take-Grant protection model", 1981;
// restated in Bishop's "Computer Security: Art and Science", ch. 3): x comes to hold α over y
// although no vertex that holds α over y in G0 (an "owner") ever grants α over y. Snyder's
// characterisation: it holds iff
//   (a) x -α-> y is not in G0,
//   (b) some subject x' is x or initially spans to x,
//   (c) some vertex s has s -α-> y in G0, and
//   (d) can_share(t, x', s, G0).
// Why it suffices: x' comes to hold t over s, takes α over y from s, and passes it on to x. If x'
// is itself an owner it may not grant α over y, so it creates an accomplice (a subject it holds
// t,g over, hence in its island), passes it t over s and g over x, and the accomplice takes and
// grants instead.
//
// Two readings the cross-check against the explorer forced (see the tests):
//
// 1. (d) with x' = s. No vertex can hold t over itself, yet condition (d) must then be read as
//    Lipton–Snyder's conditions for can_share(t, s, s) — some h -t-> s, with a subject tied to h
//    by a terminal span and to s by islands and bridges — not as the (always false) predicate.
//    Those conditions let s's accomplice obtain t over s. Example, a theft without any create:
//      subject v1, v2; object v0, v3; v2 -> v0 : t, r; v0 -> v2 : t; v0 -> v1 : g; v0 -> v3 : g
//    Only the owner v2 spans to v3, but v2 takes g over v1 and v3 from v0, grants v1 t over v0 and
//    g over v3; v1 takes t over v2 from v0, takes r over v0 from v2 and grants it to v3.
//
// 2. α = t or g. (d) asks for can_share without the theft restriction. That is exact for inert
//    rights (r, w, ...), which no rule consults, so forbidding their grants cannot change who comes
//    to hold t over s. For t and g it can:
//      subject v2, v3; object v0, v1; v2 -> v1 : t; v1 -> v2 : t; v2 -> v3 : t; v3 -> v0 : g; v2 -> v0 : g
//    (d) holds for x' = v3, s = v2, but only because v2 could grant t over v1 to v3, who would
//    then take t over v2 from v1 — and granting t over y = v1 is what theft forbids v2. So for t
//    and g the procedure first checks (d) in G0 with the owners' α-edges to y deleted; no
//    derivation there can grant α over y, so a yes there is certain (`isConfirmed`). A yes only
//    from (d) in G0 is Snyder's answer and may be a false alarm; a no is always right.
//
// Deciding (d) pair by pair would be quadratic. Since any pair will do, it is unfolded into
// can_share's own conditions and decided for all pairs at once: some x' -t-> s, or a subject x''
// (an x' or initially spanning to one) and a subject s'' (a holder of t over an owner, or
// terminally spanning to one) in the same class of islands joined by bridges. O(V + E).

extension TakeGrant {
    /// Why x can steal α over y.
    public struct StealingWitness: Hashable, Sendable {
        public let right: Right
        public let x: VertexID
        public let y: VertexID
        /// s: holds α over y in G0; x' (or its accomplice) takes it from s.
        public let owner: VertexID
        /// x' ⇝ x, an initial span; empty when x' = x.
        public let initialSpan: Path
        /// can_share(t, x', s) by Lipton–Snyder's conditions: how x' — or, when x' = s, an
        /// accomplice in x''s island — comes to hold t over the owner.
        public let takeOverOwner: SharingWitness
        /// True when `takeOverOwner` needs no owner to grant α over y: always for inert rights;
        /// for t and g only when it holds with the owners' α-edges to y deleted. When false the
        /// answer is Snyder's and may be a false alarm (see the file comment).
        public let isConfirmed: Bool

        public var xPrime: VertexID { initialSpan.start }

        public func describe(in g: Graph) -> String {
            var lines = ["can_steal(\(right), \(g.name(x)), \(g.name(y))): yes" + (isConfirmed ? "" : " (unconfirmed)"),
                         "  owner s = \(g.name(owner)): \(g.name(owner)) -\(right)-> \(g.name(y))"]
            lines.append(initialSpan.isEmpty
                ? "  x' = x = \(g.name(x)) (a subject)"
                : "  x' = \(g.name(xPrime)) initially spans to x: \(initialSpan.describe(in: g))  [\(initialSpan.wordDescription)]")
            if xPrime == owner {
                lines.append("  x' is the owner, so an accomplice it creates comes to hold t over s, takes \(right) over "
                    + "\(g.name(y)) from s and, given g over x by x', passes it to x, because")
            } else {
                lines.append("  x' comes to hold t over s, takes \(right) over \(g.name(y)) from s"
                    + (initialSpan.isEmpty ? "" : " and passes it to x") + ", because")
            }
            lines.append(contentsOf: takeOverOwner.describe(in: g).split(separator: "\n").map { "  " + $0 })
            if !isConfirmed {
                lines.append("  caveat: every route to t over s found needs an owner to grant \(right) over \(g.name(y)), which theft forbids")
            }
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
        func witness(_ found: TakeOver, confirmed: Bool) -> TakeGrant.Verdict<TakeGrant.StealingWitness> {
            .yes(.init(right: α, x: x, y: y, owner: VertexID(found.owner), initialSpan: receivers.path(from: found.xPrime),
                       takeOverOwner: found.sharing, isConfirmed: confirmed))
        }

        let drivesRules = α == .take || α == .grant
        if drivesRules {
            var withoutOwnersRight = g
            for s in owners { withoutOwnersRight.removeRights([α], from: VertexID(s), to: y) }
            if let found = TakeGrant.Analysis(withoutOwnersRight).takeOver(by: receivers.members, ofAny: owners) {
                return witness(found.regrouped(by: self), confirmed: true)
            }
        }
        if let found = takeOver(by: receivers.members, ofAny: owners) { return witness(found, confirmed: !drivesRules) }
        return .no(reason: "no x' " + names(receivers.members) + " can come to hold t over a holder "
            + names(owners) + " of \(α) over \(g.name(y))")
    }

    struct TakeOver {
        let xPrime: Int
        let owner: Int
        let sharing: TakeGrant.SharingWitness

        /// The witness with its islands renamed to those of `analysis`'s graph (a supergraph).
        func regrouped(by analysis: TakeGrant.Analysis) -> TakeOver {
            guard case let .derived(h, initial, terminal, chain) = sharing.route else { return self }
            return TakeOver(xPrime: xPrime, owner: owner, sharing: .init(
                right: sharing.right, x: sharing.x, y: sharing.y,
                route: .derived(owner: h, initialSpan: initial, terminalSpan: terminal, chain: analysis.regrouped(chain))))
        }
    }

    /// Some x' in `receivers` and s in `owners` satisfying Lipton–Snyder's conditions for
    /// can_share(t, x', s) (x' = s allowed, see the file comment). O(V + E).
    func takeOver(by receivers: [Int], ofAny owners: [Int]) -> TakeOver? {
        var isOwner = Array(repeating: false, count: graph.vertexCount)
        for s in owners { isOwner[s] = true }

        // x' -t-> s already.
        for xPrime in receivers {
            if let s = adjacency.neighbours(xPrime, .takeForward).first(where: { isOwner[$0] }) {
                return TakeOver(xPrime: xPrime, owner: s, sharing: .init(
                    right: .take, x: VertexID(xPrime), y: VertexID(s), route: .existingEdge))
            }
        }

        // can_share's case 2, where the "owner" of t over s is a holder h with h -t-> s.
        var ownerHeld = Array(repeating: -1, count: graph.vertexCount)  // h → an owner it holds t over
        for s in owners {
            for h in adjacency.neighbours(s, .takeBackward) where ownerHeld[h] < 0 { ownerHeld[h] = s }
        }
        let takers = ownerHeld.indices.filter { ownerHeld[$0] >= 0 }
        let suppliers = TakeGrant.Spanners(terminalSpansTo: takers, adjacency)  // candidate s''
        let pullers = TakeGrant.Spanners(initialSpansTo: receivers, adjacency)  // candidate x''
        var pullerInClass = Array(repeating: -1, count: graph.vertexCount)
        for v in pullers.members where pullerInClass[chainClass[v]] < 0 { pullerInClass[chainClass[v]] = v }
        guard let sv = suppliers.members.first(where: { pullerInClass[chainClass[$0]] >= 0 }) else { return nil }
        let xv = pullerInClass[chainClass[sv]]
        let toXPrime = pullers.path(from: xv)   // x'' ⇝ x'
        let terminal = suppliers.path(from: sv) // s'' ⇝ h
        let s = ownerHeld[terminal.end.index]
        return TakeOver(xPrime: toXPrime.end.index, owner: s, sharing: .init(
            right: .take, x: toXPrime.end, y: VertexID(s), route: .derived(
                owner: terminal.end, initialSpan: toXPrime, terminalSpan: terminal,
                chain: chain(from: VertexID(xv), to: VertexID(sv))!)))
    }
}

extension TakeGrant.Graph {
    /// can_steal(`right`, `x`, `y`, self); see `TakeGrant.Analysis.canSteal`.
    public func canSteal(right: TakeGrant.Right, from x: TakeGrant.VertexID, to y: TakeGrant.VertexID)
        -> TakeGrant.Verdict<TakeGrant.StealingWitness> {
        TakeGrant.Analysis(self).canSteal(right: right, from: x, to: y)
    }
}
