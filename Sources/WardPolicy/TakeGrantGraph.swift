// The Take-Grant protection graph (Jones, Lipton & Snyder 1976): vertices are subjects (active,
// may apply rules) or objects (passive), and a directed edge x → y carries the set of rights x
// holds over y. Two rights are special: take (t) and grant (g); all others (r, w, map, ...) are
// inert tokens that the rules only move around.

/// Namespace of the Take-Grant model: graph, de jure rules, decision procedures and explorer.
public enum TakeGrant {}

extension TakeGrant {
    /// A right, named by a short identifier. `t` and `g` drive the rules; any other name is inert.
    public struct Right: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public init(stringLiteral name: String) { self.name = name }

        public static let take = Right("t")
        public static let grant = Right("g")
        public static let read = Right("r")
        public static let write = Right("w")

        public var description: String { name }

        /// t first, then g, then the inert rights alphabetically: the order of the textbook figures.
        public static func < (a: Right, b: Right) -> Bool {
            func rank(_ r: Right) -> Int { r == .take ? 0 : r == .grant ? 1 : 2 }
            return (rank(a), a.name) < (rank(b), b.name)
        }
    }

    /// A set of rights: the label of an edge, or the α of a rule.
    public struct RightSet: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral, CustomStringConvertible {
        public private(set) var members: Set<Right>

        public init() { members = [] }
        public init<S: Sequence>(_ rights: S) where S.Element == Right { members = Set(rights) }
        public init(arrayLiteral rights: Right...) { members = Set(rights) }

        public var isEmpty: Bool { members.isEmpty }
        public var count: Int { members.count }
        public func contains(_ right: Right) -> Bool { members.contains(right) }
        public func isSubset(of other: RightSet) -> Bool { members.isSubset(of: other.members) }
        public func union(_ other: RightSet) -> RightSet { RightSet(members.union(other.members)) }
        public func subtracting(_ other: RightSet) -> RightSet { RightSet(members.subtracting(other.members)) }
        public mutating func formUnion(_ other: RightSet) { members.formUnion(other.members) }

        /// Members in `Right` order, so printing and iteration are deterministic.
        public var sorted: [Right] { members.sorted() }
        public func makeIterator() -> IndexingIterator<[Right]> { sorted.makeIterator() }
        public var description: String { sorted.map(\.name).joined(separator: ",") }
    }

    public enum VertexKind: String, Hashable, Sendable {
        case subject, object
    }

    /// A vertex's position in its graph. Stable: vertices are never renumbered (`create` appends).
    public struct VertexID: Hashable, Comparable, Sendable, CustomStringConvertible {
        public let index: Int
        public init(_ index: Int) { self.index = index }
        public static func < (a: VertexID, b: VertexID) -> Bool { a.index < b.index }
        public var description: String { "#\(index)" }
    }

    public struct Vertex: Hashable, Sendable {
        public let name: String
        public let kind: VertexKind
        public var isSubject: Bool { kind == .subject }
    }

    public struct Edge: Hashable, Sendable {
        public let from: VertexID
        public let to: VertexID
        public let rights: RightSet
    }

    public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
        case duplicateVertex(String)
        case unknownVertex(String)
        case selfLoop(String)
        case emptyRights(from: String, to: String)

        public var description: String {
            switch self {
            case .duplicateVertex(let n): "vertex '\(n)' is declared twice"
            case .unknownVertex(let n): "unknown vertex '\(n)' (declare it with `subject \(n)` or `object \(n)`)"
            case .selfLoop(let n): "edge from '\(n)' to itself: the rules act on distinct vertices, so a vertex never holds rights over itself"
            case .emptyRights(let f, let t): "edge \(f) -> \(t) has no rights"
            }
        }
    }

    /// A protection graph. Edges with an empty label do not exist; there are no self-loops, since
    /// every rule names three distinct vertices and so can never create one.
    public struct Graph: Hashable, Sendable, CustomStringConvertible {
        public private(set) var vertices: [Vertex] = []
        private var idByName: [String: VertexID] = [:]
        private var labels: [Pair: RightSet] = [:]

        struct Pair: Hashable, Sendable { let from: Int; let to: Int }

        public init() {}

        /// Parses the text form (see `TakeGrantText.swift`).
        public init(parsing text: String) throws(ParseError) {
            var parser = Parser(text)
            self = try parser.parse()
        }

        public var vertexIDs: [VertexID] { vertices.indices.map(VertexID.init) }
        public var vertexCount: Int { vertices.count }
        public var edgeCount: Int { labels.count }

        public subscript(id: VertexID) -> Vertex { vertices[id.index] }
        public func id(_ name: String) -> VertexID? { idByName[name] }
        public func name(_ id: VertexID) -> String { vertices[id.index].name }
        public func isSubject(_ id: VertexID) -> Bool { vertices[id.index].isSubject }

        @discardableResult
        public mutating func addVertex(_ name: String, kind: VertexKind) throws(GraphError) -> VertexID {
            guard idByName[name] == nil else { throw .duplicateVertex(name) }
            let id = VertexID(vertices.count)
            vertices.append(Vertex(name: name, kind: kind))
            idByName[name] = id
            return id
        }

        /// Adds `rights` to the label of `from → to` (creating the edge if needed).
        public mutating func addRights(_ rights: RightSet, from: VertexID, to: VertexID) throws(GraphError) {
            guard from != to else { throw .selfLoop(name(from)) }
            guard !rights.isEmpty else { throw .emptyRights(from: name(from), to: name(to)) }
            labels[Pair(from: from.index, to: to.index), default: RightSet()].formUnion(rights)
        }

        /// Name-based convenience for building graphs by hand.
        public mutating func addRights(_ rights: RightSet, from: String, to: String) throws(GraphError) {
            guard let f = id(from) else { throw .unknownVertex(from) }
            guard let t = id(to) else { throw .unknownVertex(to) }
            try addRights(rights, from: f, to: t)
        }

        /// Removes `rights` from the label of `from → to`; an emptied label deletes the edge.
        mutating func removeRights(_ rights: RightSet, from: VertexID, to: VertexID) {
            let key = Pair(from: from.index, to: to.index)
            guard let old = labels[key] else { return }
            let rest = old.subtracting(rights)
            labels[key] = rest.isEmpty ? nil : rest
        }

        /// The label of `from → to` (empty when there is no edge).
        public func rights(from: VertexID, to: VertexID) -> RightSet {
            labels[Pair(from: from.index, to: to.index)] ?? RightSet()
        }

        public func has(_ right: Right, from: VertexID, to: VertexID) -> Bool {
            labels[Pair(from: from.index, to: to.index)]?.contains(right) ?? false
        }

        /// Visits every edge once, in no particular order: O(E), for the linear-time procedures.
        func forEachEdge(_ body: (VertexID, VertexID, RightSet) -> Void) {
            for (key, label) in labels { body(VertexID(key.from), VertexID(key.to), label) }
        }

        /// All edges, ordered by (from, to).
        public var edges: [Edge] {
            labels.map { Edge(from: VertexID($0.key.from), to: VertexID($0.key.to), rights: $0.value) }
                .sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        }

        /// Every right that appears on some edge.
        public var rightsInUse: RightSet {
            labels.values.reduce(into: RightSet()) { $0.formUnion($1) }
        }

        /// A name not yet used in the graph, for vertices made by `create`.
        public func freshName(_ stem: String = "new") -> String {
            var i = vertices.count
            while idByName["\(stem)\(i)"] != nil { i += 1 }
            return "\(stem)\(i)"
        }
    }
}
