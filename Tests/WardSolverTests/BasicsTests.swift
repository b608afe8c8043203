import XCTest
@testable import WardSolver

final class BasicsTests: XCTestCase {
    func testFullVersion() {
        XCTAssertFalse(Z3Context.fullVersion.isEmpty)
        XCTAssertTrue(Z3Context.fullVersion.first!.isNumber, Z3Context.fullVersion)
    }

    func testSatAndUnsat() throws {
        let z3 = try Z3Context()
        let x = try z3.constant("x", z3.boolSort()), y = try z3.constant("y", z3.boolSort())
        let solver = try Z3Solver(z3)
        try solver.assert(z3.or([x, y]))
        XCTAssertEqual(try solver.check(), .sat)
        try solver.assert(z3.not(x))
        try solver.assert(z3.not(y))
        XCTAssertEqual(try solver.check(), .unsat)
    }

    func testPushPopAndAssumptions() throws {
        let z3 = try Z3Context()
        let bv8 = try z3.bvSort(8)
        let x = try z3.constant("x", bv8)
        let solver = try Z3Solver(z3)
        try solver.assert(z3.bvult(x, z3.bv(10, width: 8)))
        try solver.push()
        try solver.assert(z3.bvugt(x, z3.bv(20, width: 8)))
        XCTAssertEqual(try solver.check(), .unsat)
        try solver.pop()
        XCTAssertEqual(try solver.check(), .sat)
        XCTAssertEqual(try solver.check(assuming: [z3.eq(x, z3.bv(200, width: 8))]), .unsat)
        // Assumptions may be arbitrary Boolean terms, and they are not kept.
        let big = try z3.and([z3.bvuge(x, z3.bv(3, width: 8)), z3.bvule(x, z3.bv(4, width: 8))])
        XCTAssertEqual(try solver.check(assuming: [big]), .sat)
        let v = try solver.model().uint64(x)
        XCTAssertTrue((3...4).contains(v), "\(v)")
        XCTAssertEqual(try solver.check(), .sat)
        assertZ3Error { try solver.pop(5) }
        assertZ3Error { try solver.check(assuming: [x]) }  // not Boolean
        XCTAssertEqual(try solver.check(), .sat)          // still usable
    }

    func testModelEvaluation() throws {
        let z3 = try Z3Context()
        let bv32 = try z3.bvSort(32)
        let x = try z3.constant("x", bv32), y = try z3.constant("y", bv32)
        let flag = try z3.constant("flag", z3.boolSort())
        let solver = try Z3Solver(z3)
        try solver.assert(z3.eq(z3.bvadd(x, y), z3.bv(100, width: 32)))
        try solver.assert(z3.eq(x, z3.bv(58, width: 32)))
        try solver.assert(flag)
        XCTAssertEqual(try solver.check(), .sat)
        let model = try solver.model()
        XCTAssertEqual(try model.uint64(y), 42)
        XCTAssertEqual(try model.uint64(z3.bvmul(x, y)), 58 * 42)
        XCTAssertTrue(try model.bool(flag))
        XCTAssertFalse(try model.bool(z3.not(flag)))
        // A constant the model does not mention still gets a value with completion.
        let free = try z3.constant("free", bv32)
        XCTAssertNotNil(z3.numeral(try model.eval(free, completion: true)))
        assertZ3Error { try model.uint64(flag) }
        assertZ3Error { try model.bool(x) }
        // The model stays valid after the solver moves on.
        try solver.assert(z3.bool(false))
        XCTAssertEqual(try solver.check(), .unsat)
        XCTAssertEqual(try model.uint64(x), 58)
        assertZ3Error { try solver.model() }  // no model after unsat
    }

    func testBooleanHelpers() throws {
        let z3 = try Z3Context()
        let a = try z3.constant("a", z3.boolSort())
        XCTAssertEqual(z3.boolValue(try z3.and([])), true)
        XCTAssertEqual(z3.boolValue(try z3.or([])), false)
        XCTAssertTrue(try z3.and([a]) === a)
        XCTAssertEqual(z3.boolValue(try z3.simplify(z3.implies(z3.bool(false), a))), true)
        XCTAssertEqual(z3.boolValue(try z3.simplify(z3.ite(z3.bool(true), z3.bool(false), a))), false)
        let bv4 = try z3.bvSort(4)
        let lits = try (0..<3).map { try z3.bv(UInt64($0), width: 4) }
        XCTAssertEqual(z3.boolValue(try z3.simplify(z3.distinct(lits))), true)
        XCTAssertEqual(z3.boolValue(try z3.distinct([try z3.constant("d", bv4)])), true)
        XCTAssertNil(z3.boolValue(a))
        XCTAssertEqual(z3.boolValue(z3.bool(true)), true)
        assertZ3Error { try z3.and([lits[0]]) }        // not Boolean
        assertZ3Error { try z3.and([a, lits[0]]) }
    }

    func testSortsAndDescriptions() throws {
        let z3 = try Z3Context()
        XCTAssertEqual(try z3.bvSort(64).bvWidth, 64)
        XCTAssertNil(z3.boolSort().bvWidth)
        XCTAssertEqual(try z3.bvSort(8).description, "(_ BitVec 8)")
        XCTAssertEqual(try z3.bv(5, width: 8).sort.bvWidth, 8)
        XCTAssertEqual(try z3.bv(0xAB, width: 8).description, "#xab")
        let mem = try z3.arraySort(z3.bvSort(64), z3.bvSort(8))
        XCTAssertEqual(mem.description, "(Array (_ BitVec 64) (_ BitVec 8))")
        XCTAssertEqual(try z3.uninterpretedSort("Page").description, "Page")
        // Same name and sort: the same constant.
        let x1 = try z3.constant("x", z3.bvSort(8)), x2 = try z3.constant("x", z3.bvSort(8))
        XCTAssertEqual(z3.boolValue(try z3.simplify(z3.eq(x1, x2))), true)
        let f1 = try z3.fresh("t", z3.bvSort(8)), f2 = try z3.fresh("t", z3.bvSort(8))
        XCTAssertNotEqual(f1.description, f2.description)
        XCTAssertTrue(f1.description.hasPrefix("t!"), f1.description)
    }

    func testNamesThatWouldBreakExportsAreRejected() throws {
        let z3 = try Z3Context()
        let bv8 = try z3.bvSort(8)
        for bad in ["", "a|b", "back\\slash", "1x", "?x1", "$x", "@internal", "assert", "let", "_",
                    "true", "distinct", "k!12", "declare-fun"] {
            assertZ3Error(code: 3) { try z3.constant(bad, bv8) }
        }
        for bad in ["", "Bool", "BitVec", "a|b"] { assertZ3Error(code: 3) { try z3.uninterpretedSort(bad) } }
        assertZ3Error(code: 3) { try z3.fresh("9lives", bv8) }
        _ = try z3.constant("x", bv8)
        assertZ3Error(code: 3) { try z3.constant("x", z3.bvSort(16)) }  // one name, one sort
        for good in ["x", "my var", "r0@3", "mem.v1", "é", "a!b", "x!", "#x00", "("] {
            XCTAssertNoThrow(try z3.constant(good, bv8), good)
        }
        XCTAssertNoThrow(try z3.fresh("let", bv8))
    }

    func testStatistics() throws {
        let z3 = try Z3Context()
        let solver = try Z3Solver(z3)
        try solver.assert(z3.eq(z3.constant("x", z3.bvSort(8)), z3.bv(1, width: 8)))
        XCTAssertEqual(try solver.check(), .sat)
        let stats = solver.statistics
        XCTAssertFalse(stats.isEmpty)
        XCTAssertNotNil(stats["rlimit count"], "\(stats.keys.sorted())")
    }
}
