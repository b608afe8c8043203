/// A summary for humans at a terminal or in a CI log:
///
///     OBLIGATION                     KIND          EXPECTED            ACTUAL    OUTCOME  CACHED  TIME
///     Proofs/isa/x86-legacy.proof:3  isa.classify  holes {POPF, SGDT}  holds     failed   no      0.120s
///
///     failed Proofs/isa/x86-legacy.proof:3 — x86 legacy is not virtualizable
///       Models/isa/x86.ward:12:5: SGDT reads sensitive state [hole:SGDT]
///
///     0 passed, 1 failed, 0 unknown, 0 error
///
/// Rows are in source order (file, then line); every obligation that did not pass is detailed below the
/// table. Cells are single-line (control characters become spaces) and cut to
/// `maxCellWidth` so one long verdict cannot push the table off screen.
public struct TextReportWriter: ReportWriter {
    /// Wrap outcomes and the summary counts in ANSI colors.
    public var colored: Bool
    public var maxCellWidth: Int

    private static let outcomeColumn = 4   // index of OUTCOME in the header below

    public init(colored: Bool = false, maxCellWidth: Int = 48) {
        self.colored = colored
        self.maxCellWidth = max(maxCellWidth, 4)
    }

    public func render(_ report: CheckReport) -> String {
        let obligations = report.canonicalObligations
        let header = ["OBLIGATION", "KIND", "EXPECTED", "ACTUAL", "OUTCOME", "CACHED", "TIME"]
        let rows = obligations.map { o in
            [o.id, o.kind, o.expected, o.actual, o.outcome.rawValue, o.cached ? "yes" : "no",
             JUnitWriter.seconds(o.durationSeconds) + "s"].map(cell)
        }
        // Widths are measured on the uncolored text; escape codes take no columns.
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max()! }
        var lines = [layout(header, widths: widths, outcome: nil)]
        lines += zip(rows, obligations).map { layout($0, widths: widths, outcome: $1.outcome) }

        for o in obligations where o.outcome != .passed {
            lines.append("")
            // Engine-supplied text goes through oneLine so it cannot break the layout
            // or smuggle terminal escape sequences into the log.
            lines.append(paint(o.outcome.rawValue, o.outcome) + " " + oneLine("\(o.id) — \(o.name)"))
            if !o.message.isEmpty { lines.append("  " + oneLine(o.message)) }
            for f in o.canonicalFindings {
                let at = f.location.map { "\($0.file):\($0.line):\($0.column): " } ?? ""
                lines.append("  " + oneLine("\(at)\(f.message) [\(f.key)]"))
            }
        }

        let s = report.summary
        lines.append("")
        lines.append(Outcome.allCases.map { outcome in
            let text = "\(s[outcome]) \(outcome.rawValue)"
            return s[outcome] > 0 ? paint(text, outcome) : text
        }.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }

    private func layout(_ cells: [String], widths: [Int], outcome: Outcome?) -> String {
        var line = ""
        for (i, text) in cells.enumerated() {
            let last = i == cells.count - 1
            let shown = i == Self.outcomeColumn ? outcome.map { paint(text, $0) } ?? text : text
            // No padding after the last column: trailing spaces only add noise to logs.
            line += last ? shown : shown + String(repeating: " ", count: widths[i] - text.count + 2)
        }
        return line
    }

    private func cell(_ text: String) -> String {
        let flat = oneLine(text)
        return flat.count <= maxCellWidth ? flat : String(flat.prefix(maxCellWidth - 1)) + "…"
    }

    /// C0, DEL and C1 controls (C1 includes CSI, U+009B, which some terminals obey)
    /// and Unicode line/paragraph separators become spaces.
    private func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            switch $0.value {
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: " "
            default: $0
            }
        }))
    }

    private func paint(_ text: String, _ outcome: Outcome) -> String {
        guard colored else { return text }
        let code = switch outcome {
        case .passed: "32"   // green
        case .failed: "31"   // red
        case .unknown: "33"  // yellow
        case .error: "35"    // magenta
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
