import WardReport
import XCTest

final class SummaryTests: XCTestCase {
    func report(_ outcomes: [Outcome]) -> CheckReport {
        CheckReport(toolName: "ward", toolVersion: "0", solverVersion: "z", obligations: outcomes.enumerated().map {
            ObligationResult(id: "p:\($0.offset)", name: "n", kind: "k",
                             obligationLocation: SourceLocation(file: "p", line: 1, column: 1),
                             model: "m", expected: "holds", actual: "holds", outcome: $0.element)
        })
    }

    func testCounts() {
        let s = report([.passed, .passed, .failed, .unknown, .error, .error]).summary
        XCTAssertEqual(s, ReportSummary(passed: 2, failed: 1, unknown: 1, error: 2))
        XCTAssertEqual(s.total, 6)
        XCTAssertEqual(s.line, "2 passed, 1 failed, 1 unknown, 2 error")
    }

    func testExitCodePrecedenceErrorThenFailedThenUnknown() {
        XCTAssertEqual(report([]).exitCode, 0)
        XCTAssertEqual(report([.passed, .passed]).exitCode, 0)
        XCTAssertEqual(report([.passed, .unknown]).exitCode, 2)
        XCTAssertEqual(report([.unknown, .failed]).exitCode, 1)
        XCTAssertEqual(report([.failed, .passed]).exitCode, 1)
        XCTAssertEqual(report([.failed, .unknown, .error]).exitCode, 65)
        XCTAssertEqual(report([.error]).exitCode, 65)
        XCTAssertEqual(report([.unknown, .error]).exitCode, 65)
        XCTAssertEqual([ExitCode.success, ExitCode.failed, ExitCode.unknown, ExitCode.invalidInput], [0, 1, 2, 65])
    }
}
