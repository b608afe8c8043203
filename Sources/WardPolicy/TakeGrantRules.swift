// The four de jure rules of the Take-Grant model, in Bishop's phrasing ("Computer Security: Art and
// Science", ch. 3). Each names distinct vertices and requires its actor to be a subject:
//
//   take:   x takes (α to y) from z     x -t-> z, z -β-> y, α ⊆ β   ⇒  add α to x → y
//   grant:  z grants (α to y) to x      z -g-> x, z -β-> y, α ⊆ β   ⇒  add α to x → y
//   create: x creates (α to new vertex) y                          ⇒  new y, x -α-> y
//   remove: x removes (α to) y          x -β-> y                    ⇒  x → y labelled β − α
//
// Take, grant and create only ever add edges, and every precondition asks for edges to exist, so
// the rules are monotone; remove never enables anything. The explorer relies on this.

extension TakeGrant {
    public enum Rule: Hashable, Sendable, CustomStringConvertible {
        /// `actor` takes (`rights` to `target`) from `source`.
        case take(actor: VertexID, rights: RightSet, target: VertexID, source: VertexID)
        /// `actor` grants (`rights` to `target`) to `recipient`.
        case grant(actor: VertexID, rights: RightSet, target: VertexID, recipient: VertexID)
        /// `actor` creates (`rights` to new vertex `name`), a subject or an object.
        case create(actor: VertexID, rights: RightSet, kind: VertexKind, name: String)
        /// `actor` removes (`rights` to) `target`.
        case remove(actor: VertexID, rights: RightSet, target: VertexID)

        public var actor: VertexID {
            switch self {
            case .take(let a, _, _, _), .grant(let a, _, _, _), .create(let a, _, _, _), .remove(let a, _, _): a
            }
        }

        /// The rule in the textbook's words, with vertex names from `graph`. Vertices that the
        /// rule itself creates are not in `graph` yet, so they print as their index.
        public func describe(in graph: Graph) -> String {
            func n(_ v: VertexID) -> String { v.index < graph.vertexCount ? graph.name(v) : v.description }
            switch self {
            case let .take(x, α, y, z): return "\(n(x)) takes (\(α) to \(n(y))) from \(n(z))"
            case let .grant(z, α, y, x): return "\(n(z)) grants (\(α) to \(n(y))) to \(n(x))"
            case let .create(x, α, kind, y): return "\(n(x)) creates (\(α) to new \(kind.rawValue)) \(y)"
            case let .remove(x, α, y): return "\(n(x)) removes (\(α) to) \(n(y))"
            }
        }

        public var description: String {
            switch self {
            case let .take(x, α, y, z): "\(x) takes (\(α) to \(y)) from \(z)"
            case let .grant(z, α, y, x): "\(z) grants (\(α) to \(y)) to \(x)"
            case let .create(x, α, kind, y): "\(x) creates (\(α) to new \(kind.rawValue)) \(y)"
            case let .remove(x, α, y): "\(x) removes (\(α) to) \(y)"
            }
        }
    }

    public enum RuleError: Error, Equatable, Sendable, CustomStringConvertible {
        case unknownVertex(VertexID)
        case notDistinct(String)
        case actorNotSubject(String)
        case missingRight(needed: String)
        case emptyRights
        case graph(GraphError)

        public var description: String {
            switch self {
            case .unknownVertex(let v): "no vertex \(v)"
            case .notDistinct(let why): "the rule needs distinct vertices: \(why)"
            case .actorNotSubject(let n): "'\(n)' is an object; only subjects apply rules"
            case .missingRight(let what): "precondition fails: needs \(what)"
            case .emptyRights: "a rule moves a non-empty set of rights"
            case .graph(let e): e.description
            }
        }
    }
}

extension TakeGrant.Graph {
    public typealias Rule = TakeGrant.Rule
    public typealias RuleError = TakeGrant.RuleError

    /// Applies one de jure rule, or explains which precondition fails. Returns the created vertex
    /// for `create`, nil otherwise.
    @discardableResult
    public mutating func apply(_ rule: Rule) throws(RuleError) -> TakeGrant.VertexID? {
        switch rule {
        case let .take(x, α, y, z):
            try check([x, y, z], actor: x, rights: α)
            guard has(.take, from: x, to: z) else { throw .missingRight(needed: "\(name(x)) -t-> \(name(z))") }
            guard α.isSubset(of: rights(from: z, to: y)) else {
                throw .missingRight(needed: "\(name(z)) -\(α)-> \(name(y))")
            }
            try add(α, from: x, to: y)
        case let .grant(z, α, y, x):
            try check([z, y, x], actor: z, rights: α)
            guard has(.grant, from: z, to: x) else { throw .missingRight(needed: "\(name(z)) -g-> \(name(x))") }
            guard α.isSubset(of: rights(from: z, to: y)) else {
                throw .missingRight(needed: "\(name(z)) -\(α)-> \(name(y))")
            }
            try add(α, from: x, to: y)
        case let .create(x, α, kind, newName):
            try check([x], actor: x, rights: α)
            let y: TakeGrant.VertexID
            do { y = try addVertex(newName, kind: kind) } catch { throw .graph(error) }
            try add(α, from: x, to: y)
            return y
        case let .remove(x, α, y):
            try check([x, y], actor: x, rights: α)
            removeRights(α, from: x, to: y)
        }
        return nil
    }

    /// The graph after `rules`, applied in order.
    public func applying(_ rules: [Rule]) throws(RuleError) -> Self {
        var g = self
        for rule in rules { try g.apply(rule) }
        return g
    }

    private func check(_ vs: [TakeGrant.VertexID], actor: TakeGrant.VertexID, rights: TakeGrant.RightSet) throws(RuleError) {
        for v in vs where !(0..<vertexCount).contains(v.index) { throw .unknownVertex(v) }
        guard Set(vs).count == vs.count else { throw .notDistinct(vs.map(name).joined(separator: ", ")) }
        guard isSubject(actor) else { throw .actorNotSubject(name(actor)) }
        guard !rights.isEmpty else { throw .emptyRights }
    }

    private mutating func add(_ α: TakeGrant.RightSet, from: TakeGrant.VertexID, to: TakeGrant.VertexID) throws(RuleError) {
        do { try addRights(α, from: from, to: to) } catch { throw .graph(error) }
    }
}
