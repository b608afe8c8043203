import XCTest
@testable import WardSolver

/// Misuse is reported as `Z3Error`, the process keeps running, and the context stays usable.
final class ErrorTests: XCTestCase {
    func testErrorsThrowAndContextStaysUsable() throws {
        let z3 = try Z3Context()
        let a = try z3.constant("a", z3.bvSort(8)), b = try z3.constant("b", z3.bvSort(16))

        let mismatch = assertZ3Error { try z3.bvadd(a, b) }
        XCTAssertTrue(mismatch?.message.contains("does not match") ?? false, "\(String(describing: mismatch))")
        let extract = assertZ3Error { try z3.extract(2, 5, a) }   // hi < lo
        XCTAssertTrue(extract?.message.contains("extract") ?? false, "\(String(describing: extract))")
        assertZ3Error { try z3.extract(8, 0, a) }                 // hi ≥ width
        assertZ3Error(code: 3) { try z3.extract(-1, -2, a) }
        assertZ3Error { try z3.concat(a, z3.bool(true)) }
        assertZ3Error { try z3.eq(a, b) }
        assertZ3Error { try z3.not(a) }
        assertZ3Error { try z3.ite(a, a, a) }
        assertZ3Error { try z3.bvult(a, b) }
        assertZ3Error(code: 3) { try z3.zeroExtend(-1, a) }
        assertZ3Error { try Z3Solver(z3).assert(a) }              // not Boolean

        // Still works afterwards.
        let sum = try z3.simplify(z3.bvadd(z3.bv(1, width: 8), z3.bv(2, width: 8)))
        XCTAssertEqual(z3.numeral(sum), 3)
        let solver = try Z3Solver(z3)
        try solver.assert(z3.eq(a, z3.bv(5, width: 8)))
        XCTAssertEqual(try solver.check(), .sat)
        XCTAssertEqual(try solver.model().uint64(a), 5)
    }

    func testBadSMTLIBText() throws {
        let z3 = try Z3Context()
        let parseError = 4
        let syntax = assertZ3Error(code: parseError) { try z3.parseSMTLIB2("(assert (= x") }
        XCTAssertTrue(syntax?.message.contains("line") ?? false, "\(String(describing: syntax))")
        assertZ3Error(code: parseError) { try z3.parseSMTLIB2("(assert (= undeclared #x01))") }
        assertZ3Error(code: parseError) {
            try z3.parseSMTLIB2("(declare-fun x () (_ BitVec 8)) (assert (bvadd x #x0001))")
        }
        // Valid text afterwards parses fine.
        let terms = try z3.parseSMTLIB2("(declare-fun x () (_ BitVec 8)) (assert (= x #x01)) (assert true)")
        XCTAssertEqual(terms.count, 2)
    }

    func testMixingContextsIsRejected() throws {
        let z1 = try Z3Context(), z2 = try Z3Context()
        let a = try z1.bv(1, width: 8), b = try z2.bv(1, width: 8)
        assertZ3Error(code: 3) { try z1.bvadd(a, b) }
        assertZ3Error(code: 3) { try z2.constant("x", z1.boolSort()) }
        assertZ3Error(code: 3) { try Z3Solver(z2).assert(z1.bool(true)) }
        XCTAssertNil(z2.numeral(a))
    }

    func testErrorDescription() {
        let e = Z3Error(code: 4, message: "boom")
        XCTAssertEqual(e.description, "Z3 error 4: boom")
    }
}
