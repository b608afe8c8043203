// SARIF locations: repository-relative URIs against %SRCROOT% and regions that stay
// within the schema's constraints (all line/column numbers are >= 1).

enum SARIFLocation {
    static let srcRoot = "%SRCROOT%"

    static func physical(_ l: SourceLocation) -> JSONValue {
        .object([
            ("artifactLocation", artifact(l.file)),
            ("region", region(l)),
        ])
    }

    static func artifact(_ path: String) -> JSONValue {
        var p = String(path.map { $0 == "\\" ? "/" : $0 })
        // An absolute path cannot be expressed relative to %SRCROOT%; keep it usable
        // as a file URI rather than silently making it relative.
        if p.hasPrefix("/") {
            return .object([("uri", .string("file://" + percentEncode(p)))])
        }
        while p.hasPrefix("./") { p.removeFirst(2) }
        return .object([("uri", .string(percentEncode(p))), ("uriBaseId", .string(srcRoot))])
    }

    /// nil when the line is unknown (< 1): SARIF then means "the whole file".
    static func region(_ l: SourceLocation) -> JSONValue? {
        guard l.line >= 1 else { return nil }
        let endLine = l.endLine.flatMap { $0 >= l.line ? $0 : nil }
        return .object([
            ("startLine", .int(l.line)),
            ("startColumn", l.column >= 1 ? .int(l.column) : nil),
            ("endLine", endLine.map(JSONValue.int)),
            ("endColumn", l.endColumn.flatMap { $0 >= 1 ? .int($0) : nil }),
        ])
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, "/" and a few
    /// path-safe sub-delimiters, byte by byte over UTF-8.
    static func percentEncode(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~/!$&'()*+,;=:@".contains(c) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
