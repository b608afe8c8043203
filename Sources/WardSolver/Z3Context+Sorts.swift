import CZ3

// Sorts.
extension Z3Context {
    public func boolSort() -> Z3Sort {
        mustSucceed("boolSort") { try sort("Z3_mk_bool_sort") { c in Z3_mk_bool_sort(c) } }
    }

    /// `(_ BitVec width)`; width ≥ 1.
    public func bvSort(_ width: Int) throws -> Z3Sort {
        guard width >= 1, width <= Int(UInt32.max) else {
            throw Z3Error.invalidArgument("bit-vector width \(width) must be at least 1")
        }
        return try sort("Z3_mk_bv_sort") { c in Z3_mk_bv_sort(c, UInt32(width)) }
    }

    /// `(Array domain range)`.
    public func arraySort(_ domain: Z3Sort, _ range: Z3Sort) throws -> Z3Sort {
        try own(domain)
        try own(range)
        return try sort("Z3_mk_array_sort") { c in Z3_mk_array_sort(c, domain.raw, range.raw) }
    }

    /// An uninterpreted sort `(declare-sort name 0)`; the same name gives the same sort.
    /// Throws for names that would not survive an SMT-LIB export (see `Z3Names`).
    public func uninterpretedSort(_ name: String) throws -> Z3Sort {
        try Z3Names.check(name, .sort)
        return try sort("Z3_mk_uninterpreted_sort") { c in
            Z3_mk_uninterpreted_sort(c, Z3_mk_string_symbol(c, name))
        }
    }
}
