// Lipton and Snyder describe spans and bridges by the word a tg-path spells: each edge on the
// path contributes t or g, with an arrow saying whether the edge points along the reading
// direction (→) or against it (←). For example a -t-> b <-g- c spells t→ g←.

extension TakeGrant {
    /// One letter of a path word.
    public enum Step: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
        case takeForward, takeBackward, grantForward, grantBackward

        public var right: Right { self == .takeForward || self == .takeBackward ? .take : .grant }
        public var isForward: Bool { self == .takeForward || self == .grantForward }

        /// The letter of the same edge read in the other direction.
        public var reversed: Step {
            switch self {
            case .takeForward: .takeBackward
            case .takeBackward: .takeForward
            case .grantForward: .grantBackward
            case .grantBackward: .grantForward
            }
        }

        public var description: String { "\(right)\(isForward ? "→" : "←")" }
    }

    /// A path v0 … vn with the word of its n edges. The decision procedures find these with an
    /// automaton search, so a path may be a walk (a vertex may recur); TakeGrantSpans.swift explains
    /// why walks, not only simple paths, are the right notion.
    public struct Path: Hashable, Sendable {
        public let vertices: [VertexID]
        public let word: [Step]

        public init(vertices: [VertexID], word: [Step]) {
            precondition(vertices.count == word.count + 1, "a path has one more vertex than letters")
            self.vertices = vertices
            self.word = word
        }

        /// The empty path at `v` (the word ν).
        public init(at v: VertexID) { self.init(vertices: [v], word: []) }

        public var start: VertexID { vertices[0] }
        public var end: VertexID { vertices[vertices.count - 1] }
        public var isEmpty: Bool { word.isEmpty }

        /// The same edges read from the other end.
        public func reversed() -> Path {
            Path(vertices: vertices.reversed(), word: word.reversed().map(\.reversed))
        }

        /// The word, e.g. "t→ t→ g→", or "ν" for the empty word.
        public var wordDescription: String { word.isEmpty ? "ν" : word.map(\.description).joined(separator: " ") }

        /// The path drawn with edge directions, e.g. "a -t-> b <-g- c".
        public func describe(in graph: Graph) -> String {
            var text = graph.name(vertices[0])
            for (i, step) in word.enumerated() {
                let r = step.right.name
                text += step.isForward ? " -\(r)-> " : " <-\(r)- "
                text += graph.name(vertices[i + 1])
            }
            return text
        }

        /// Whether every letter is an edge of `graph` as the word claims.
        public func isValid(in graph: Graph) -> Bool {
            word.indices.allSatisfy { i in
                let (a, b) = (vertices[i], vertices[i + 1])
                return word[i].isForward ? graph.has(word[i].right, from: a, to: b)
                                         : graph.has(word[i].right, from: b, to: a)
            }
        }
    }
}
