/// Turns source bytes into tokens; reports lexical errors with their location.
public struct Lexer {
    private let file: SourceFile
    private var bytes: [UInt8] { file.text }
    private var pos = 0

    public init(_ file: SourceFile) { self.file = file }

    // Longest symbols first: the lexer tries them in this order.
    private static let symbols: [String] = [
        "==>", "...", "::", "->", "==", "!=", "<=", ">=", "&&", "||", "<<", "..",
        "{", "}", "(", ")", "[", "]", "<", ">", "=", "+", "-", "*", "/", "%", "&", "|", "^", "~", "!",
        ",", ";", ":", ".", "?", "@",
    ].sorted { $0.count > $1.count }

    public mutating func tokenize() throws(DiagnosticError) -> [Token] {
        var tokens: [Token] = []
        var sawTrivia = true
        while true {
            let before = pos
            try skipTrivia()
            if pos != before { sawTrivia = true }
            guard pos < bytes.count else {
                tokens.append(Token(kind: .eof, offset: pos, length: 0, adjacent: false))
                return tokens
            }
            let start = pos
            let kind = try lexToken()
            tokens.append(Token(kind: kind, offset: start, length: pos - start, adjacent: !sawTrivia))
            sawTrivia = false
        }
    }

    private func error(_ message: String, at offset: Int) -> DiagnosticError {
        DiagnosticError(file.diagnostic(message, at: file.location(at: offset)))
    }

    private mutating func skipTrivia() throws(DiagnosticError) {
        while pos < bytes.count {
            let c = bytes[pos]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                pos += 1
            } else if c == UInt8(ascii: "/"), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "/") {
                while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
            } else if c == UInt8(ascii: "/"), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "*") {
                let start = pos
                pos += 2
                while true {
                    guard pos + 1 < bytes.count else { throw error("unterminated block comment", at: start) }
                    if bytes[pos] == UInt8(ascii: "*"), bytes[pos + 1] == UInt8(ascii: "/") { pos += 2; break }
                    pos += 1
                }
            } else {
                return
            }
        }
    }

    private static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_")
    }
    private static func isIdentBody(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 0x30 && c <= 0x39) }

    private mutating func lexToken() throws(DiagnosticError) -> TokenKind {
        let c = bytes[pos]
        if Self.isIdentStart(c) {
            let start = pos
            while pos < bytes.count, Self.isIdentBody(bytes[pos]) { pos += 1 }
            return .identifier(String(decoding: bytes[start..<pos], as: UTF8.self))
        }
        if c >= 0x30 && c <= 0x39 { return try lexNumber() }
        if c == UInt8(ascii: "\"") {
            let start = pos
            pos += 1
            var out: [UInt8] = []
            while true {
                guard pos < bytes.count, bytes[pos] != 0x0A else { throw error("unterminated string literal", at: start) }
                if bytes[pos] == UInt8(ascii: "\"") { pos += 1; break }
                out.append(bytes[pos]); pos += 1
            }
            return .string(String(decoding: out, as: UTF8.self))
        }
        for sym in Self.symbols {
            let u = Array(sym.utf8)
            if pos + u.count <= bytes.count, Array(bytes[pos..<pos + u.count]) == u {
                pos += u.count
                return .symbol(sym)
            }
        }
        let scalar = String(decoding: bytes[pos..<min(bytes.count, pos + 4)], as: UTF8.self).unicodeScalars.first
        throw error("unexpected character '\(scalar.map(String.init) ?? "?")'", at: pos)
    }

    private mutating func lexNumber() throws(DiagnosticError) -> TokenKind {
        let start = pos
        var radix: UInt64 = 10
        if bytes[pos] == UInt8(ascii: "0"), pos + 1 < bytes.count {
            switch bytes[pos + 1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): radix = 16; pos += 2
            case UInt8(ascii: "b"), UInt8(ascii: "B"): radix = 2; pos += 2
            default: break
            }
        }
        var value: UInt64 = 0
        var digits = 0
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "_") { pos += 1; continue }
            let d: UInt64
            switch c {
            case 0x30...0x39: d = UInt64(c - 0x30)
            case 0x61...0x66: d = UInt64(c - 0x61 + 10)
            case 0x41...0x46: d = UInt64(c - 0x41 + 10)
            default: d = 99
            }
            if d >= radix {
                if Self.isIdentBody(c) { throw error("invalid digit '\(Character(UnicodeScalar(c)))' in number", at: pos) }
                break
            }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (s, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { throw error("integer literal does not fit in 64 bits", at: start) }
            value = s; digits += 1; pos += 1
        }
        if digits == 0 { throw error("number has no digits", at: start) }
        return .integer(value)
    }
}
