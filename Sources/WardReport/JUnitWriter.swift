/// JUnit XML, the lowest common denominator of CI test dashboards.
///
/// `<testsuites>` with one `<testsuite name="ward check">`; one `<testcase>` per
/// obligation (in source order: file, then line) with `classname` = kind and `name` = id (stable, so CI
/// history lines up across runs). failed → `<failure type="failed">`;
/// unknown/error → `<error type="unknown"|"error">`; the element's text holds the
/// expected/actual verdicts and the findings. Suite counts: `errors` = unknown + error.
public struct JUnitWriter: ReportWriter {
    /// Emit `time` attributes (seconds, 3 decimals). Turn off for reproducible output.
    public var includeTimings: Bool

    public init(includeTimings: Bool = true) {
        self.includeTimings = includeTimings
    }

    public func render(_ report: CheckReport) -> String {
        let obligations = report.canonicalObligations
        let s = report.summary
        let counts = #"tests="\#(s.total)" failures="\#(s.failed)" errors="\#(s.unknown + s.error)" skipped="0""#
        let time = includeTimings ? #" time="\#(Self.seconds(obligations.map(\.durationSeconds).reduce(0, +)))""# : ""
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += #"<testsuites name="\#(XMLEscaping.attribute(report.toolName))" \#(counts)\#(time)>"# + "\n"
        out += #"  <testsuite name="ward check" \#(counts)\#(time)>"# + "\n"
        out += "    <properties>\n"
        for (name, value) in [("toolName", report.toolName), ("toolVersion", report.toolVersion),
                              ("solverVersion", report.solverVersion)] {
            out += #"      <property name="\#(name)" value="\#(XMLEscaping.attribute(value))"/>"# + "\n"
        }
        out += "    </properties>\n"
        for o in obligations { out += testcase(o) }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private func testcase(_ o: ObligationResult) -> String {
        let a = XMLEscaping.attribute
        let time = includeTimings ? #" time="\#(Self.seconds(o.durationSeconds))""# : ""
        let open = #"    <testcase classname="\#(a(o.kind))" name="\#(a(o.id))"\#(time)"#
        let element: String
        switch o.outcome {
        case .passed: return open + "/>\n"
        case .failed: element = "failure"
        case .unknown, .error: element = "error"
        }
        let message = o.message.isEmpty ? "expected \(o.expected), actual \(o.actual)" : o.message
        return open + ">\n"
            + #"      <\#(element) message="\#(a(message))" type="\#(o.outcome.rawValue)">"#
            + XMLEscaping.text(details(o))
            + "</\(element)>\n    </testcase>\n"
    }

    private func details(_ o: ObligationResult) -> String {
        var lines = [o.name, "obligation: \(o.id)", "model: \(o.model)",
                     "expected: \(o.expected)", "actual: \(o.actual)"]
        if !o.message.isEmpty { lines.append(o.message) }
        for f in o.canonicalFindings {
            let at = f.location.map { "\($0.file):\($0.line):\($0.column): " } ?? ""
            lines.append("- \(at)\(f.message) [\(f.key)]")
            if let evidence = f.evidence {
                lines += evidence.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Fixed three decimals without Foundation's locale-sensitive formatting.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0.000" }
        guard value < 1e12 else { return "999999999999.999" }  // keeps the Int conversion in range
        let millis = Int((value * 1000).rounded())
        let frac = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}
