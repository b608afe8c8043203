import XCTest
@testable import WardSolver

/// `smtlib2()` scripts re-parse (in a fresh context) to problems with the same verdict.
final class SMTLIBTests: XCTestCase {
    /// Exports `solver`, re-parses the script into a fresh context and solver, and returns
    /// the script and the fresh solver's verdict.
    private func recheck(_ solver: Z3Solver, status: String? = nil) throws -> (String, SatResult) {
        let script = try solver.smtlib2(status: status)
        let fresh = try Z3Context()
        let again = try Z3Solver(fresh)
        for t in try fresh.parseSMTLIB2(script) { try again.assert(t) }
        return (script, try again.check())
    }

    /// A problem using every kind of construct: bit-vectors, arrays, const arrays, an
    /// uninterpreted sort, quoted names, fresh constants and quantifiers.
    private func buildProblem(_ z3: Z3Context, _ solver: Z3Solver) throws -> Z3Term {
        let bv8 = try z3.bvSort(8), bv64 = try z3.bvSort(64)
        let page = try z3.uninterpretedSort("Page")
        let p1 = try z3.constant("page one", page), p2 = try z3.constant("p2", page)
        let mem = try z3.constant("mem", z3.arraySort(bv64, bv8))
        let addr = try z3.constant("r0@3", bv64)
        let t = try z3.fresh("tmp", bv8), k = try z3.fresh("k", bv8)
        try solver.assert(z3.distinct([p1, p2]))
        try solver.assert(z3.eq(t, z3.select(z3.store(mem, addr, z3.bv(0x41, width: 8)), addr)))
        try solver.assert(z3.eq(z3.select(z3.constArray(bv64, z3.bv(7, width: 8)), addr),
                                z3.bvudiv(z3.bv(14, width: 8), z3.bv(2, width: 8))))
        try solver.assert(z3.forall([k], z3.bvuge(z3.bvor(k, t), t)))
        try solver.assert(z3.exists([k], z3.eq(z3.bvashr(k, z3.bv(9, width: 8)), z3.bv(0xFF, width: 8))))
        try solver.assert(z3.implies(z3.bvslt(z3.extract(7, 0, addr), z3.bv(0, width: 8)),
                                     z3.eq(z3.signExtend(56, z3.extract(7, 0, addr)), addr)))
        return t
    }

    func testExportRoundTripSat() throws {
        let z3 = try Z3Context()
        let solver = try Z3Solver(z3)
        _ = try buildProblem(z3, solver)
        XCTAssertEqual(try solver.check(), .sat)
        let (script, verdict) = try recheck(solver, status: "sat")
        XCTAssertEqual(verdict, .sat, script)
        XCTAssertTrue(script.contains("(set-info :status sat)"), script)
        XCTAssertTrue(script.contains("(declare-sort Page 0)"), script)
        XCTAssertTrue(script.contains("|page one|"), script)
        XCTAssertTrue(script.contains("(forall"), script)
        XCTAssertTrue(script.hasSuffix("(check-sat)\n"), script)
        XCTAssertFalse(script.contains(":weight"), script)
    }

    func testExportRoundTripUnsat() throws {
        let z3 = try Z3Context()
        let solver = try Z3Solver(z3)
        let t = try buildProblem(z3, solver)
        try solver.push()
        try solver.assert(z3.not(z3.eq(t, z3.bv(0x41, width: 8))))
        XCTAssertEqual(try solver.check(), .unsat)
        let (script, verdict) = try recheck(solver, status: "unsat")
        XCTAssertEqual(verdict, .unsat, script)
        // After pop the export follows the solver again.
        try solver.pop()
        XCTAssertEqual(try recheck(solver).1, .sat)
    }

    func testExportOfEmptyAndTrivialSolvers() throws {
        let z3 = try Z3Context()
        let solver = try Z3Solver(z3)
        let (empty, v1) = try recheck(solver)
        XCTAssertEqual(v1, .sat)
        XCTAssertTrue(empty.contains("(set-info :status unknown)"), empty)
        try solver.assert(z3.bool(false))
        XCTAssertEqual(try recheck(solver).1, .unsat)
        assertZ3Error(code: 3) { try solver.smtlib2(status: "maybe") }
    }

    func testParsedTermsShareDeclarationsWithTheContext() throws {
        let z3 = try Z3Context()
        let x = try z3.constant("x", z3.bvSort(8))
        let solver = try Z3Solver(z3)
        try solver.assert(z3.eq(x, z3.bv(9, width: 8)))
        // Parsing back into the same context: `x` is the same constant.
        let other = try Z3Solver(z3)
        for t in try z3.parseSMTLIB2(solver.smtlib2()) { try other.assert(t) }
        XCTAssertEqual(try other.check(), .sat)
        XCTAssertEqual(try other.model().uint64(x), 9)
    }
}
