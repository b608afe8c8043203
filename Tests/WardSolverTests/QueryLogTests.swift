import XCTest
@testable import WardSolver

/// A context's query log keeps every check as a script that states the query decided.
final class QueryLogTests: XCTestCase {
    func testEveryCheckIsRecordedWithItsVerdictAndAssumptions() throws {
        let log = QueryLog()
        let z3 = try Z3Context(queryLog: log)
        let x = try z3.constant("x", try z3.bvSort(8))
        let solver = try Z3Solver(z3)
        try solver.assert(z3.bvult(x, z3.bv(3, width: 8)))
        XCTAssertEqual(try solver.check(), .sat)
        // The assumption makes it unsat; the recorded script must say so on its own.
        XCTAssertEqual(try solver.check(assuming: [z3.eq(x, z3.bv(9, width: 8))]), .unsat)
        let entries = log.entries
        XCTAssertEqual(entries.map(\.sequence), [1, 2])
        XCTAssertEqual(entries.map(\.status), ["sat", "unsat"])
        for e in entries {
            XCTAssertTrue(e.script.contains("(set-info :status \(e.status))"), e.script)
            let fresh = try Z3Context()
            let again = try Z3Solver(fresh)
            for t in try fresh.parseSMTLIB2(e.script) { try again.assert(t) }
            XCTAssertEqual(try again.check().smtlibStatus, e.status, e.script)
        }
        // A context without a log records nothing anywhere.
        let other = try Z3Context()
        XCTAssertEqual(try Z3Solver(other).check(), .sat)
        XCTAssertEqual(log.entries.count, 2)
    }
}
