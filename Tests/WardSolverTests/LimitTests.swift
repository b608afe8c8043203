import Foundation
import XCTest
@testable import WardSolver

/// Timeouts, resource limits and interrupts turn a hard check into `.unknown`, never a crash.
final class LimitTests: XCTestCase {
    func testTimeoutGivesUnknown() throws {
        let z3 = try Z3Context()
        let solver = try Z3Solver(z3, timeoutMilliseconds: 100)
        try addFactoringQuery(z3, solver)
        let start = Date()
        let result = try solver.check()
        guard case .unknown(let reason) = result else { return XCTFail("expected unknown, got \(result)") }
        XCTAssertFalse(reason.isEmpty)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    func testResourceLimitGivesUnknownDeterministically() throws {
        var reasons: [String] = []
        for _ in 0..<2 {
            let z3 = try Z3Context()
            let solver = try Z3Solver(z3, rlimit: 20_000)
            try addFactoringQuery(z3, solver)
            let result = try solver.check()
            guard case .unknown(let reason) = result else { return XCTFail("expected unknown, got \(result)") }
            reasons.append(reason)
        }
        XCTAssertEqual(reasons[0], reasons[1])
        XCTAssertTrue(reasons[0].contains("resource"), reasons[0])
    }

    func testLimitsDoNotAffectEasyQueries() throws {
        let z3 = try Z3Context()
        let solver = try Z3Solver(z3, timeoutMilliseconds: 10_000, rlimit: 10_000_000)
        let x = try z3.constant("x", z3.bvSort(16))
        try solver.assert(z3.eq(z3.bvmul(x, z3.bv(3, width: 16)), z3.bv(21, width: 16)))
        XCTAssertEqual(try solver.check(), .sat)
        XCTAssertEqual(try solver.model().uint64(x), 7)
    }

    func testInterruptFromAnotherThread() throws {
        let z3 = try Z3Context()
        // The timeout only stops a broken test from hanging; the reason tells them apart.
        let solver = try Z3Solver(z3, timeoutMilliseconds: 20_000)
        try addFactoringQuery(z3, solver)
        let box = ResultBox<Result<SatResult, Z3Error>>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do { box.set(.success(try solver.check())) } catch { box.set(.failure(error as! Z3Error)) }
            done.signal()
        }
        let start = Date()
        thread.start()
        Thread.sleep(forTimeInterval: 0.1)
        z3.interrupt()
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertEqual(try box.get()?.get(), .unknown(reason: "canceled"))

        // Sticky until reset; afterwards the context works normally.
        XCTAssertTrue(z3.isInterrupted)
        XCTAssertEqual(try Z3Solver(z3).check(), .unknown(reason: "canceled"))
        z3.resetInterrupt()
        let easy = try Z3Solver(z3)
        try easy.assert(z3.eq(z3.constant("p", z3.bvSort(64)), z3.bv(3, width: 64)))
        XCTAssertEqual(try easy.check(), .sat)
        XCTAssertEqual(z3.numeral(try z3.simplify(z3.bvadd(z3.bv(1, width: 8), z3.bv(1, width: 8)))), 2)
    }

    /// Interrupts landing just before, at, or just after the start of a check are all honoured.
    func testInterruptRacingTheStartOfACheck() throws {
        for delay in [0, 0, 100, 500, 1_000, 3_000] as [UInt32] {
            let z3 = try Z3Context()
            let solver = try Z3Solver(z3, timeoutMilliseconds: 20_000)
            try addFactoringQuery(z3, solver)
            let box = ResultBox<SatResult>()
            let done = DispatchSemaphore(value: 0)
            Thread {
                box.set((try? solver.check()) ?? .unknown(reason: "threw"))
                done.signal()
            }.start()
            usleep(delay)
            z3.interrupt()
            XCTAssertEqual(done.wait(timeout: .now() + 10), .success, "delay \(delay) µs")
            XCTAssertEqual(box.get(), .unknown(reason: "canceled"), "delay \(delay) µs")
        }
    }

    func testInterruptBeforeCheckIsNotLost() throws {
        let z3 = try Z3Context()
        let solver = try Z3Solver(z3)
        try addFactoringQuery(z3, solver)
        z3.interrupt()
        XCTAssertEqual(try solver.check(), .unknown(reason: "canceled"))
        z3.resetInterrupt()
        let fast = try Z3Solver(z3, rlimit: 20_000)
        try addFactoringQuery(z3, fast)
        guard case .unknown(let reason) = try fast.check() else { return XCTFail("expected unknown") }
        XCTAssertTrue(reason.contains("resource"), reason)  // ran again, was not canceled
    }
}
