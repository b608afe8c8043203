import XCTest
@testable import WardSolver

final class ArrayQuantifierTests: XCTestCase {
    func testStoreSelectAndConstArray() throws {
        let z3 = try Z3Context()
        let bv64 = try z3.bvSort(64), bv8 = try z3.bvSort(8)
        let zeroes = try z3.constArray(bv64, z3.bv(0, width: 8))
        let mem = try z3.store(zeroes, z3.bv(0x1000, width: 64), z3.bv(0xAA, width: 8))
        XCTAssertEqual(z3.numeral(try z3.simplify(z3.select(mem, z3.bv(0x1000, width: 64)))), 0xAA)
        XCTAssertEqual(z3.numeral(try z3.simplify(z3.select(mem, z3.bv(0x1001, width: 64)))), 0)

        // Symbolic: reading back a stored address gives the stored byte; other addresses
        // keep the old contents.
        let m = try z3.constant("m", z3.arraySort(bv64, bv8))
        let a = try z3.constant("a", bv64), b = try z3.constant("b", bv64), v = try z3.constant("v", bv8)
        let solver = try Z3Solver(z3)
        try solver.assert(z3.not(z3.eq(z3.select(z3.store(m, a, v), a), v)))
        XCTAssertEqual(try solver.check(), .unsat)

        let solver2 = try Z3Solver(z3)
        try solver2.assert(z3.not(z3.eq(a, b)))
        try solver2.assert(z3.eq(z3.select(m, b), z3.bv(7, width: 8)))
        try solver2.assert(z3.eq(z3.select(z3.store(m, a, v), b), z3.bv(9, width: 8)))
        XCTAssertEqual(try solver2.check(), .unsat)

        // Model evaluation of array reads.
        let solver3 = try Z3Solver(z3)
        try solver3.assert(z3.eq(z3.select(m, a), z3.bv(0x5A, width: 8)))
        try solver3.assert(z3.eq(a, z3.bv(0xFFFF_FFFF_FFFF_FFFF, width: 64)))
        XCTAssertEqual(try solver3.check(), .sat)
        let model = try solver3.model()
        XCTAssertEqual(try model.uint64(z3.select(m, z3.bv(.max, width: 64))), 0x5A)
        XCTAssertEqual(try model.uint64(z3.select(z3.store(m, a, z3.bv(1, width: 8)), a)), 1)

        assertZ3Error { try z3.select(m, v) }                    // index sort mismatch
        assertZ3Error { try z3.store(m, a, a) }                  // value sort mismatch
    }

    func testForallAndExists() throws {
        let z3 = try Z3Context()
        let bv8 = try z3.bvSort(8)
        let x = try z3.fresh("x", bv8), y = try z3.constant("y", bv8)
        // ∀x. x + 0 = x  is valid.
        let s1 = try Z3Solver(z3)
        try s1.assert(z3.not(z3.forall([x], z3.eq(z3.bvadd(x, z3.bv(0, width: 8)), x))))
        XCTAssertEqual(try s1.check(), .unsat)
        // ∃x. x * 2 = 7  is false at width 8 (odd numbers are not even multiples).
        let s2 = try Z3Solver(z3)
        try s2.assert(z3.exists([x], z3.eq(z3.bvmul(x, z3.bv(2, width: 8)), z3.bv(7, width: 8))))
        XCTAssertEqual(try s2.check(), .unsat)
        // ∀x. x ≤u y  forces y = 255.
        let s3 = try Z3Solver(z3)
        try s3.assert(z3.forall([x], z3.bvule(x, y)))
        XCTAssertEqual(try s3.check(), .sat)
        XCTAssertEqual(try s3.model().uint64(y), 255)
        // Two bound variables.
        let z = try z3.fresh("z", bv8)
        let s4 = try Z3Solver(z3)
        try s4.assert(z3.forall([x, z], z3.eq(z3.bvadd(x, z), z3.bvadd(z, x))))
        XCTAssertEqual(try s4.check(), .sat)
        // No bound constants: the body itself.
        let body = try z3.bvult(y, z3.bv(3, width: 8))
        XCTAssertTrue(try z3.forall([], body) === body)
        XCTAssertEqual(z3.boolValue(try z3.exists([], z3.bool(false))), false)

        assertZ3Error(code: 3) { try z3.forall([z3.bvadd(x, y)], z3.bool(true)) }  // not a constant
        assertZ3Error(code: 3) { try z3.forall([x], x) }                           // body not Boolean
    }

    /// `arrayForm` names how an array term is built at its top; `apply` reads a lambda's
    /// element without a select; equal terms are one `Z3Term` value (hash-consing).
    func testArrayFormAndLambdaApplication() throws {
        let z3 = try Z3Context()
        let bv8 = try z3.bvSort(8)
        let m = try z3.constant("m", z3.arraySort(bv8, bv8))
        let a = try z3.constant("a", bv8), v = try z3.constant("v", bv8), c = try z3.constant("c", z3.boolSort())
        let stored = try z3.store(m, a, v)
        guard case .store(let base, let index, let value)? = z3.arrayForm(stored) else { return XCTFail("store") }
        XCTAssert(base == m && index == a && value == v)
        XCTAssertEqual(Set([stored, try z3.store(m, a, v), m]).count, 2)
        guard case .ite(let cond, let then, let otherwise)? = z3.arrayForm(try z3.ite(c, stored, m)) else { return XCTFail("ite") }
        XCTAssert(cond == c && then == stored && otherwise == m)
        guard case .constant(let leaf)? = z3.arrayForm(try z3.constArray(bv8, v)) else { return XCTFail("const") }
        XCTAssert(leaf == v)
        XCTAssertNil(z3.arrayForm(m))
        XCTAssertNil(z3.arrayForm(try z3.select(try z3.constant("mm", z3.arraySort(bv8, z3.arraySort(bv8, bv8))), a)))

        // lambda u. u + m[u]: its element at a is a + m[a], with no select of the lambda.
        let u = try z3.fresh("u", bv8)
        let lambda = try z3.lambda([u], try z3.bvadd(u, try z3.select(m, u)))
        guard case .lambda? = z3.arrayForm(lambda) else { return XCTFail("lambda") }
        let element = try z3.apply(lambda, a)
        XCTAssertFalse(element.description.contains("lambda"), element.description)
        let s = try Z3Solver(z3)
        try s.assert(z3.not(z3.eq(element, try z3.select(lambda, a))))
        XCTAssertEqual(try s.check(), .unsat)
        XCTAssertThrowsError(try z3.apply(m, a))
    }
}
