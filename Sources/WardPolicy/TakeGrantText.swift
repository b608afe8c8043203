// The text form of a protection graph, small enough to write in a test or a policy file:
//
//     # comments run to the end of the line
//     subject a, b          # declarations come before use
//     object f
//     a -> b : t, g         # an edge and its rights
//     b -> f : r; a -> f : w
//
// Statements end at a newline or ';'. Names and rights are made of letters, digits, '_' and
// '\'' (so the literature's x' is a name). Repeating an edge adds to its label. The printer emits
// the same form, keeping vertex order so that parsing the output gives back equal vertex IDs.

extension TakeGrant {
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let message: String
        public var description: String { "\(line):\(column): \(message)" }
    }

    struct Parser {
        enum Kind: Equatable { case name(String), arrow, colon, comma, end, eof }
        struct Token { let kind: Kind; let line: Int; let column: Int }

        private var tokens: [Token] = []
        private var position = 0
        private var lexError: ParseError?

        init(_ text: String) {
            var line = 1, column = 1
            var chars = Array(text)[...]
            func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "'" }
            while let c = chars.first {
                let (l, col) = (line, column)
                if c == "\n" || c == ";" {
                    tokens.append(Token(kind: .end, line: l, column: col))
                    chars.removeFirst()
                    if c == "\n" { line += 1; column = 1 } else { column += 1 }
                } else if c == "#" {
                    while let d = chars.first, d != "\n" { chars.removeFirst(); column += 1 }
                } else if c.isWhitespace {
                    chars.removeFirst(); column += 1
                } else if c == ":" || c == "," {
                    tokens.append(Token(kind: c == ":" ? .colon : .comma, line: l, column: col))
                    chars.removeFirst(); column += 1
                } else if c == "-", chars.dropFirst().first == ">" {
                    tokens.append(Token(kind: .arrow, line: l, column: col))
                    chars.removeFirst(2); column += 2
                } else if isNameChar(c) {
                    var name = ""
                    while let d = chars.first, isNameChar(d) { name.append(d); chars.removeFirst(); column += 1 }
                    tokens.append(Token(kind: .name(name), line: l, column: col))
                } else {
                    lexError = ParseError(line: l, column: col, message: "unexpected character '\(c)'")
                    break
                }
            }
            tokens.append(Token(kind: .eof, line: line, column: column))
        }

        mutating func parse() throws(ParseError) -> Graph {
            if let lexError { throw lexError }
            var graph = Graph()
            while true {
                let token = tokens[position]
                switch token.kind {
                case .eof:
                    return graph
                case .end:
                    position += 1
                case .name(let word) where (word == "subject" || word == "object") && !nextIsArrow:
                    position += 1
                    for (name, at) in try names(what: "vertex name") {
                        do { try graph.addVertex(name, kind: word == "subject" ? .subject : .object) }
                        catch { throw ParseError(line: at.line, column: at.column, message: error.description) }
                    }
                    try endOfStatement()
                case .name:
                    try edge(into: &graph)
                default:
                    throw unexpected(token, expected: "a declaration or an edge")
                }
            }
        }

        private var nextIsArrow: Bool { tokens[position + 1].kind == .arrow }

        /// `from -> to : r1, r2, ...`
        private mutating func edge(into graph: inout Graph) throws(ParseError) {
            let (from, fromToken) = try name(what: "vertex name")
            try expect(.arrow, "'->'")
            let (to, toToken) = try name(what: "vertex name")
            try expect(.colon, "':' before the rights")
            let rights = RightSet(try names(what: "right").map { Right($0.0) })
            guard let f = graph.id(from) else { throw positioned(fromToken, .unknownVertex(from)) }
            guard let t = graph.id(to) else { throw positioned(toToken, .unknownVertex(to)) }
            do { try graph.addRights(rights, from: f, to: t) } catch { throw positioned(fromToken, error) }
            try endOfStatement()
        }

        private mutating func name(what: String) throws(ParseError) -> (String, Token) {
            let token = tokens[position]
            guard case .name(let n) = token.kind else { throw unexpected(token, expected: what) }
            position += 1
            return (n, token)
        }

        /// One or more names separated by commas.
        private mutating func names(what: String) throws(ParseError) -> [(String, Token)] {
            var result = [try name(what: what)]
            while tokens[position].kind == .comma {
                position += 1
                result.append(try name(what: what))
            }
            return result
        }

        private mutating func expect(_ kind: Kind, _ what: String) throws(ParseError) {
            guard tokens[position].kind == kind else { throw unexpected(tokens[position], expected: what) }
            position += 1
        }

        private mutating func endOfStatement() throws(ParseError) {
            let token = tokens[position]
            guard token.kind == .end || token.kind == .eof else {
                throw unexpected(token, expected: "end of statement (newline or ';')")
            }
        }

        private func unexpected(_ token: Token, expected: String) -> ParseError {
            let found: String
            switch token.kind {
            case .name(let n): found = "'\(n)'"
            case .arrow: found = "'->'"
            case .colon: found = "':'"
            case .comma: found = "','"
            case .end: found = "end of statement"
            case .eof: found = "end of input"
            }
            return ParseError(line: token.line, column: token.column, message: "expected \(expected), found \(found)")
        }

        private func positioned(_ token: Token, _ error: GraphError) -> ParseError {
            ParseError(line: token.line, column: token.column, message: error.description)
        }
    }
}

extension TakeGrant.Graph {
    /// The text form: runs of same-kind declarations in vertex order, then edges by (from, to).
    public var description: String {
        var lines: [String] = []
        var run: (kind: TakeGrant.VertexKind, names: [String])?
        for vertex in vertices {
            if let r = run, r.kind == vertex.kind {
                run!.names.append(vertex.name)
            } else {
                if let r = run { lines.append("\(r.kind.rawValue) \(r.names.joined(separator: ", "))") }
                run = (vertex.kind, [vertex.name])
            }
        }
        if let r = run { lines.append("\(r.kind.rawValue) \(r.names.joined(separator: ", "))") }
        for edge in edges {
            let rights = edge.rights.sorted.map(\.name).joined(separator: ", ")
            lines.append("\(name(edge.from)) -> \(name(edge.to)) : \(rights)")
        }
        return lines.joined(separator: "\n")
    }
}
