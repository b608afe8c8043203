import XCTest
@testable import WardSolver

/// The fault plan itself: it counts checks, faults exactly the one it is armed for, with the
/// answer each kind stands for, and is off again afterwards.
final class SolverFaultsTests: XCTestCase {
    /// Three satisfiable checks on a fresh context; their answers (a thrown error as its message).
    func threeChecks() throws -> [String] {
        let z3 = try Z3Context()
        let solver = try Z3Solver(z3)
        try solver.assert(try z3.eq(try z3.constant("x", try z3.bvSort(8)), try z3.bv(7, width: 8)))
        return (0..<3).map { _ in
            do { return "\(try solver.check())" } catch { return "\(error)" }
        }
    }

    func testCountsAndInjectsEachKindAtTheArmedCheckOnly() throws {
        let clean = try SolverFaults.count(threeChecks)
        XCTAssertEqual(clean.checks, 3)
        XCTAssertFalse(clean.injected)
        XCTAssertEqual(clean.value, ["sat", "sat", "sat"])
        for fault in SolverFault.allCases {
            let run = try SolverFaults.inject(fault, atCheck: 2, threeChecks)
            XCTAssertTrue(run.injected)
            XCTAssertEqual(run.checks, 3)
            XCTAssertEqual(run.value[0], "sat")
            XCTAssertEqual(run.value[2], "sat")
            XCTAssert(run.value[1].contains(fault.reason), "\(fault): \(run.value[1])")
            XCTAssertEqual(run.value[1].hasPrefix("Z3 error"), fault == .error, run.value[1])
        }
        XCTAssertFalse(try SolverFaults.inject(.timeout, atCheck: 4, threeChecks).injected)
        // Off again: no fault, nothing counted outside a run.
        XCTAssertEqual(try threeChecks(), ["sat", "sat", "sat"])
        XCTAssertEqual(try SolverFaults.count { 0 }.checks, 0)
    }

    func testOffAgainWhenTheBodyThrows() throws {
        struct Boom: Error {}
        XCTAssertThrowsError(try SolverFaults.inject(.canceled, atCheck: 1) { _ = try threeChecks(); throw Boom() })
        XCTAssertEqual(try threeChecks(), ["sat", "sat", "sat"])
    }

    func testSweepVisitsEveryCheckAndKind() throws {
        var seen: [String] = []
        let n = try SolverFaults.sweep(threeChecks) { run in
            XCTAssertTrue(run.injected)
            XCTAssertEqual(run.faultFree, ["sat", "sat", "sat"])
            seen.append("\(run.check) \(run.fault)")
        }
        XCTAssertEqual(n, 3)
        XCTAssertEqual(seen, (1...3).flatMap { k in SolverFault.allCases.map { "\(k) \($0)" } })
    }
}
