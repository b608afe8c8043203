import CZ3

// Bit-vector operations, with SMT-LIB semantics (e.g. `bvudiv x 0 = ~0`, `bvurem x 0 = x`,
// shifts by ≥ width give 0, or all sign bits for `bvashr`). Operands must have equal widths;
// Z3 reports a mismatch, which is thrown as `Z3Error`.
extension Z3Context {
    public func bvadd(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvadd") { Z3_mk_bvadd($0, $1, $2) } }
    public func bvsub(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvsub") { Z3_mk_bvsub($0, $1, $2) } }
    public func bvmul(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvmul") { Z3_mk_bvmul($0, $1, $2) } }
    public func bvudiv(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvudiv") { Z3_mk_bvudiv($0, $1, $2) } }
    public func bvurem(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvurem") { Z3_mk_bvurem($0, $1, $2) } }
    public func bvand(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvand") { Z3_mk_bvand($0, $1, $2) } }
    public func bvor(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvor") { Z3_mk_bvor($0, $1, $2) } }
    public func bvxor(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvxor") { Z3_mk_bvxor($0, $1, $2) } }
    public func bvshl(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvshl") { Z3_mk_bvshl($0, $1, $2) } }
    public func bvlshr(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvlshr") { Z3_mk_bvlshr($0, $1, $2) } }
    public func bvashr(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvashr") { Z3_mk_bvashr($0, $1, $2) } }

    // Comparisons (Boolean results).
    public func bvult(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvult") { Z3_mk_bvult($0, $1, $2) } }
    public func bvule(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvule") { Z3_mk_bvule($0, $1, $2) } }
    public func bvugt(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvugt") { Z3_mk_bvugt($0, $1, $2) } }
    public func bvuge(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvuge") { Z3_mk_bvuge($0, $1, $2) } }
    public func bvslt(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvslt") { Z3_mk_bvslt($0, $1, $2) } }
    public func bvsle(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvsle") { Z3_mk_bvsle($0, $1, $2) } }
    public func bvsgt(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvsgt") { Z3_mk_bvsgt($0, $1, $2) } }
    public func bvsge(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term { try binary(a, b, "bvsge") { Z3_mk_bvsge($0, $1, $2) } }

    public func bvneg(_ a: Z3Term) throws -> Z3Term {
        try own(a)
        return try term("Z3_mk_bvneg") { c in Z3_mk_bvneg(c, a.raw) }
    }

    public func bvnot(_ a: Z3Term) throws -> Z3Term {
        try own(a)
        return try term("Z3_mk_bvnot") { c in Z3_mk_bvnot(c, a.raw) }
    }

    /// Bits `hi` down to `lo` of `a` (width `hi - lo + 1`); needs `0 ≤ lo ≤ hi < width`.
    public func extract(_ hi: Int, _ lo: Int, _ a: Z3Term) throws -> Z3Term {
        try own(a)
        guard lo >= 0, hi >= 0, hi <= Int(UInt32.max) else {
            throw Z3Error.invalidArgument("extract bounds [\(hi):\(lo)] must be non-negative")
        }
        return try term("Z3_mk_extract") { c in Z3_mk_extract(c, UInt32(hi), UInt32(lo), a.raw) }
    }

    /// `a` in the high bits, `b` in the low bits.
    public func concat(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term {
        try binary(a, b, "concat") { Z3_mk_concat($0, $1, $2) }
    }

    public func zeroExtend(_ by: Int, _ a: Z3Term) throws -> Z3Term {
        try own(a)
        guard by >= 0, by <= Int(UInt32.max) else { throw Z3Error.invalidArgument("zeroExtend by \(by)") }
        return try term("Z3_mk_zero_ext") { c in Z3_mk_zero_ext(c, UInt32(by), a.raw) }
    }

    public func signExtend(_ by: Int, _ a: Z3Term) throws -> Z3Term {
        try own(a)
        guard by >= 0, by <= Int(UInt32.max) else { throw Z3Error.invalidArgument("signExtend by \(by)") }
        return try term("Z3_mk_sign_ext") { c in Z3_mk_sign_ext(c, UInt32(by), a.raw) }
    }

    private func binary(_ a: Z3Term, _ b: Z3Term, _ what: String,
                        _ make: (Z3_context, Z3_ast, Z3_ast) -> Z3_ast?) throws -> Z3Term {
        try own([a, b])
        return try term(what) { c in make(c, a.raw, b.raw) }
    }
}
