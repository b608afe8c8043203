import WardConcrete
import WardIR
import WardSyntax

/// A guest program for the emulator: one instruction and its operands a line.
///
///     // comments with // or ;
///     .state M = supervisor        initial-state settings (fields or map elements, before the first instruction)
///     .state E[3] = 7
///     loop:                        a label (its value is the index of the next instruction)
///         ADD 1                    operands separated by spaces or commas: numbers, enum cases, true/false, labels
///         JMP loop
public struct Program: Sendable {
    public struct Line: Sendable {
        public var label: Label
        public var location: SourceLocation
        public var text: String
    }
    public var lines: [Line]
    public var settings: [(slot: Int, value: UInt64)]
    public init(lines: [Line], settings: [(slot: Int, value: UInt64)]) { self.lines = lines; self.settings = settings }

    public static func parse(path: String, text: String, machine: Machine) throws(DiagnosticError) -> Program {
        let model = machine.model
        let source = SourceFile(path: path, text: text)
        var labels: [String: Int] = [:]
        var pending: [(line: Int, column: Int, words: [(String, Int)], raw: String)] = []
        var settings: [(Int, UInt64)] = []
        var rawSettings: [(line: Int, column: Int, text: String)] = []
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(rawLine)
            for marker in ["//", ";"] { if let r = line.range(of: marker) { line = String(line[..<r.lowerBound]) } }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let column = (line.firstIndex { $0 != " " && $0 != "\t" }).map { line.distance(from: line.startIndex, to: $0) + 1 } ?? 1
            if trimmed.hasPrefix(".state") {
                rawSettings.append((n + 1, column, String(trimmed.dropFirst(6))))
                continue
            }
            var rest = Substring(trimmed)
            if let colon = rest.firstIndex(of: ":") {
                let name = rest[..<colon].trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw DiagnosticError(source.diagnostic("malformed label '\(name)'", at: SourceLocation(file: path, line: n + 1, column: column)))
                }
                if labels[name] != nil {
                    throw DiagnosticError(source.diagnostic("label '\(name)' is defined twice", at: SourceLocation(file: path, line: n + 1, column: column)))
                }
                labels[name] = pending.count
                rest = rest[rest.index(after: colon)...]
                if rest.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            }
            var words: [(String, Int)] = []
            var col = column + trimmed.distance(from: trimmed.startIndex, to: rest.startIndex)
            var current = ""
            var start = col
            for ch in rest {
                if ch == " " || ch == "\t" || ch == "," {
                    if !current.isEmpty { words.append((current, start)); current = "" }
                } else {
                    if current.isEmpty { start = col }
                    current.append(ch)
                }
                col += 1
            }
            if !current.isEmpty { words.append((current, start)) }
            pending.append((n + 1, words.first?.1 ?? column, words, trimmed))
        }
        func diag(_ m: String, _ line: Int, _ column: Int, notes: [String] = []) -> DiagnosticError {
            DiagnosticError(source.diagnostic(m, at: SourceLocation(file: path, line: line, column: column), notes: notes))
        }
        func value(_ word: String, _ type: IRType, _ line: Int, _ column: Int) throws(DiagnosticError) -> UInt64 {
            if let l = labels[word], case .bits = type {
                guard UInt64(l) & ~type.mask == 0 else { throw diag("label '\(word)' (\(l)) does not fit in \(type)", line, column) }
                return UInt64(l)
            }
            switch type {
            case .bool:
                if word == "true" { return 1 }
                if word == "false" { return 0 }
            case .enumeration(let e):
                if let i = e.cases.firstIndex(of: word) { return UInt64(i) }
                throw diag("'\(word)' is not a case of \(e.name) (\(e.cases.joined(separator: ", ")))", line, column)
            default: break
            }
            let digits = word.replacingOccurrences(of: "_", with: "")
            let parsed = digits.hasPrefix("0x") ? UInt64(digits.dropFirst(2), radix: 16) : UInt64(digits)
            guard let v = parsed else { throw diag("expected a value of type \(type), found '\(word)'", line, column) }
            guard v & ~type.mask == 0 else { throw diag("\(v) does not fit in \(type)", line, column) }
            return v
        }
        for s in rawSettings {
            let parts = s.text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw diag(".state takes FIELD = VALUE", s.line, s.column) }
            var target = parts[0]
            var keys: [String] = []
            while let open = target.lastIndex(of: "["), target.hasSuffix("]") {
                keys.insert(String(target[target.index(after: open)..<target.index(before: target.endIndex)]), at: 0)
                target = String(target[..<open])
            }
            guard let f = model.fieldIndex(target) else {
                throw diag("unknown field '\(target)'", s.line, s.column)
            }
            var type = model.fields[f].type
            var slot = machine.layout.offsets[f]
            for k in keys {
                guard case .map(let kt, let vt) = type else { throw diag("'\(target)' has no element '\(k)'", s.line, s.column) }
                slot += Int(try value(k, kt, s.line, s.column)) * (StateLayout.slots(vt) ?? 1)
                type = vt
            }
            guard type.isScalar else { throw diag("set map elements one at a time", s.line, s.column) }
            settings.append((slot, try value(parts[1], type, s.line, s.column)))
        }
        var lines: [Line] = []
        for p in pending {
            let (name, column) = p.words[0]
            guard let a = model.actionIndex(name) else {
                throw diag("unknown instruction '\(name)'", p.line, column,
                           notes: model.actions.map(\.name).filter { $0.lowercased() == name.lowercased() }.map { "did you mean '\($0)'?" })
            }
            let params = model.actions[a].params
            let operands = Array(p.words.dropFirst())
            guard operands.count == params.count else {
                throw diag("\(name) takes \(params.count) operand\(params.count == 1 ? "" : "s") (\(params.map(\.name).joined(separator: ", "))), found \(operands.count)", p.line, column)
            }
            var values: [UInt64] = []
            for (param, (word, col)) in zip(params, operands) { values.append(try value(word, param.type, p.line, col)) }
            lines.append(Line(label: Label(action: a, params: values), location: SourceLocation(file: path, line: p.line, column: column), text: p.raw))
        }
        return Program(lines: lines, settings: settings)
    }
}
