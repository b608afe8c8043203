/// Anything that turns a report into the text of one output file.
public protocol ReportWriter: Sendable {
    func render(_ report: CheckReport) -> String
}
