/// Diagnostics with file:line:column and a caret line, shared by every front-end stage.

public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file; self.line = line; self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    /// The offending source line, captured when the diagnostic is made so it renders without the file.
    public var lineText: String?
    public var notes: [String]

    public init(_ message: String, at location: SourceLocation?, lineText: String? = nil, notes: [String] = []) {
        self.message = message; self.location = location; self.lineText = lineText; self.notes = notes
    }

    /// `file:line:col: error: message`, then the source line and a caret under the column.
    public var description: String {
        var out = location.map { "\($0): error: \(message)" } ?? "error: \(message)"
        if let text = lineText, let loc = location {
            out += "\n  " + text + "\n  " + String(repeating: " ", count: max(0, loc.column - 1)) + "^"
        }
        for note in notes { out += "\n  note: " + note }
        return out
    }
}

/// One or more diagnostics; thrown by the parser and the elaborator (exit code 65).
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ d: Diagnostic) { self.diagnostics = [d] }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A loaded source file; knows how to turn an offset into a location and a diagnostic.
public struct SourceFile: Sendable {
    public let path: String
    public let text: [UInt8]
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = Array(text.utf8)
        var starts = [0]
        for (i, b) in self.text.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    public func location(at offset: Int) -> SourceLocation {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(file: path, line: lo + 1, column: offset - lineStarts[lo] + 1)
    }

    public func lineText(_ line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : text.count
        if end > start, text[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: text[start..<max(start, end)], as: UTF8.self)
    }

    public func diagnostic(_ message: String, at location: SourceLocation, notes: [String] = []) -> Diagnostic {
        Diagnostic(message, at: location, lineText: lineText(location.line), notes: notes)
    }
}
