import XCTest
@testable import WardSolver

/// Bit-vector results, checked both with the simplifier and through a model, so the two
/// agree with SMT-LIB semantics.
final class BitVectorTests: XCTestCase {
    private var z3: Z3Context!

    override func setUpWithError() throws { z3 = try Z3Context() }
    override func tearDown() { z3 = nil }

    private typealias Op = (Z3Term, Z3Term) throws -> Z3Term

    /// `op(a, b)` at `width`: by simplifying literals, and as the model value of a fresh
    /// constant constrained to it with a, b as constants.
    private func value(_ op: Op, _ a: UInt64, _ b: UInt64, width: Int,
                       file: StaticString = #filePath, line: UInt = #line) throws -> UInt64? {
        let simplified = z3.numeral(try z3.simplify(op(z3.bv(a, width: width), z3.bv(b, width: width))))
        let sort = try z3.bvSort(width)
        let x = try z3.fresh("a", sort), y = try z3.fresh("b", sort), r = try z3.fresh("r", sort)
        let solver = try Z3Solver(z3)
        try solver.assert(z3.eq(x, z3.bv(a, width: width)))
        try solver.assert(z3.eq(y, z3.bv(b, width: width)))
        try solver.assert(z3.eq(r, op(x, y)))
        XCTAssertEqual(try solver.check(), .sat, file: file, line: line)
        let modelled = try solver.model().uint64(r)
        XCTAssertEqual(simplified, modelled, "simplify and model disagree", file: file, line: line)
        return simplified
    }

    func testArithmetic() throws {
        XCTAssertEqual(try value(z3.bvadd, 200, 100, width: 8), 44)
        XCTAssertEqual(try value(z3.bvsub, 3, 5, width: 8), 254)
        XCTAssertEqual(try value(z3.bvmul, 16, 17, width: 8), 16)
        XCTAssertEqual(try value(z3.bvudiv, 200, 7, width: 8), 28)
        XCTAssertEqual(try value(z3.bvurem, 200, 7, width: 8), 4)
        XCTAssertEqual(try value(z3.bvand, 0b1100, 0b1010, width: 4), 0b1000)
        XCTAssertEqual(try value(z3.bvor, 0b1100, 0b1010, width: 4), 0b1110)
        XCTAssertEqual(try value(z3.bvxor, 0b1100, 0b1010, width: 4), 0b0110)
        XCTAssertEqual(try value(z3.bvadd, .max, 1, width: 64), 0)
        XCTAssertEqual(try value(z3.bvmul, 1 << 32, 1 << 32, width: 64), 0)
        XCTAssertEqual(z3.numeral(try z3.simplify(z3.bvneg(z3.bv(1, width: 64)))), .max)
        XCTAssertEqual(z3.numeral(try z3.simplify(z3.bvnot(z3.bv(0b1010, width: 4)))), 0b0101)
        XCTAssertEqual(z3.numeral(try z3.bv(0x1FF, width: 8)), 0xFF)  // masked to the width
    }

    func testDivisionByZero() throws {
        // SMT-LIB: x / 0 = all ones, x % 0 = x.
        XCTAssertEqual(try value(z3.bvudiv, 7, 0, width: 8), 0xFF)
        XCTAssertEqual(try value(z3.bvurem, 7, 0, width: 8), 7)
        XCTAssertEqual(try value(z3.bvudiv, 0, 0, width: 1), 1)
        XCTAssertEqual(try value(z3.bvudiv, 123, 0, width: 64), .max)
        XCTAssertEqual(try value(z3.bvurem, 123, 0, width: 64), 123)
    }

    func testShifts() throws {
        XCTAssertEqual(try value(z3.bvshl, 0b0011, 2, width: 4), 0b1100)
        XCTAssertEqual(try value(z3.bvlshr, 0b1100, 2, width: 4), 0b0011)
        XCTAssertEqual(try value(z3.bvashr, 0b1100, 2, width: 4), 0b1111)
        // Shift amounts ≥ width: 0, or the sign bit everywhere for bvashr.
        XCTAssertEqual(try value(z3.bvshl, 0xFF, 8, width: 8), 0)
        XCTAssertEqual(try value(z3.bvlshr, 0xFF, 200, width: 8), 0)
        XCTAssertEqual(try value(z3.bvashr, 0x80, 9, width: 8), 0xFF)
        XCTAssertEqual(try value(z3.bvashr, 0x7F, 9, width: 8), 0)
        XCTAssertEqual(try value(z3.bvshl, 1, 64, width: 64), 0)
        XCTAssertEqual(try value(z3.bvashr, 1 << 63, .max, width: 64), .max)
        XCTAssertEqual(try value(z3.bvshl, 1, 1, width: 1), 0)
    }

    func testComparisons() throws {
        func holds(_ t: Z3Term) throws -> Bool? { z3.boolValue(try z3.simplify(t)) }
        let m1 = try z3.bv(0xFF, width: 8), one = try z3.bv(1, width: 8)
        XCTAssertEqual(try holds(z3.bvult(one, m1)), true)
        XCTAssertEqual(try holds(z3.bvslt(m1, one)), true)   // -1 < 1 signed
        XCTAssertEqual(try holds(z3.bvule(m1, m1)), true)
        XCTAssertEqual(try holds(z3.bvugt(one, m1)), false)
        XCTAssertEqual(try holds(z3.bvuge(m1, one)), true)
        XCTAssertEqual(try holds(z3.bvsle(one, m1)), false)
        XCTAssertEqual(try holds(z3.bvsgt(one, m1)), true)
        XCTAssertEqual(try holds(z3.bvsge(m1, m1)), true)
    }

    func testExtractConcatExtendAtWidthOneAndSixtyFour() throws {
        func num(_ t: Z3Term) throws -> UInt64? { z3.numeral(try z3.simplify(t)) }
        let w64 = try z3.bv(0x8123_4567_89AB_CDEF, width: 64)
        XCTAssertEqual(try num(z3.extract(63, 63, w64)), 1)
        XCTAssertEqual(try z3.extract(63, 63, w64).sort.bvWidth, 1)
        XCTAssertEqual(try num(z3.extract(0, 0, w64)), 1)
        XCTAssertEqual(try num(z3.extract(63, 0, w64)), 0x8123_4567_89AB_CDEF)
        XCTAssertEqual(try num(z3.extract(15, 8, w64)), 0xCD)
        let one = try z3.bv(1, width: 1)
        XCTAssertEqual(try num(z3.extract(0, 0, one)), 1)
        XCTAssertEqual(try num(z3.concat(one, z3.bv(0, width: 1))), 0b10)
        XCTAssertEqual(try num(z3.concat(z3.bv(0xDEAD_BEEF, width: 32), z3.bv(0xCAFE_F00D, width: 32))),
                       0xDEAD_BEEF_CAFE_F00D)
        XCTAssertEqual(try num(z3.signExtend(63, one)), .max)
        XCTAssertEqual(try num(z3.zeroExtend(63, one)), 1)
        XCTAssertEqual(try num(z3.signExtend(0, w64)), 0x8123_4567_89AB_CDEF)
        XCTAssertEqual(try num(z3.signExtend(32, z3.bv(0x8000_0000, width: 32))), 0xFFFF_FFFF_8000_0000)
        XCTAssertEqual(try num(z3.zeroExtend(32, z3.bv(0x8000_0000, width: 32))), 0x8000_0000)
        // Wider than 64 bits: a term but no UInt64 numeral.
        let wide = try z3.simplify(z3.zeroExtend(1, w64))
        XCTAssertEqual(wide.sort.bvWidth, 65)
        XCTAssertNil(z3.numeral(wide))
        XCTAssertNil(z3.numeral(try z3.bvadd(one, one)))  // not simplified, not a numeral
        XCTAssertEqual(try num(z3.extract(64, 1, z3.zeroExtend(1, w64))), 0x8123_4567_89AB_CDEF >> 1)

        // Through a model: recover the halves of a 64-bit constant.
        let x = try z3.constant("x", z3.bvSort(64))
        let solver = try Z3Solver(z3)
        try solver.assert(z3.eq(z3.extract(63, 32, x), z3.bv(0x1234_5678, width: 32)))
        try solver.assert(z3.eq(z3.extract(31, 0, x), z3.bv(0x9ABC_DEF0, width: 32)))
        XCTAssertEqual(try solver.check(), .sat)
        XCTAssertEqual(try solver.model().uint64(x), 0x1234_5678_9ABC_DEF0)
    }

    func testLiteralWidths() throws {
        XCTAssertEqual(z3.numeral(try z3.bv(.max, width: 64)), .max)
        XCTAssertEqual(z3.numeral(try z3.bv(3, width: 1)), 1)
        assertZ3Error(code: 3) { try z3.bv(0, width: 0) }
        assertZ3Error(code: 3) { try z3.bv(0, width: 65) }
        assertZ3Error { try z3.bvSort(0) }
    }
}
