import CZ3

// Literals and constants.
extension Z3Context {
    public func bool(_ value: Bool) -> Z3Term {
        mustSucceed("bool(_:)") { try term("Z3_mk_true/false") { c in value ? Z3_mk_true(c) : Z3_mk_false(c) } }
    }

    /// A bit-vector literal of the given width (1...64); `value` is masked to the width.
    public func bv(_ value: UInt64, width: Int) throws -> Z3Term {
        guard (1...64).contains(width) else {
            throw Z3Error.invalidArgument("bit-vector literal width \(width) is outside 1...64")
        }
        let masked = width == 64 ? value : value & ((1 << UInt64(width)) - 1)
        let sort = try bvSort(width)
        return try term("Z3_mk_unsigned_int64") { c in Z3_mk_unsigned_int64(c, masked, sort.raw) }
    }

    /// The constant `name` of `sort`; the same name and sort give the same term.
    /// Throws for a name already used at another sort, or one that would not survive an
    /// SMT-LIB export (empty, reserved word, `|`, leading digit, `x!3`; see `Z3Names`).
    public func constant(_ name: String, _ sort: Z3Sort) throws -> Z3Term {
        try own(sort)
        try Z3Names.check(name, .constant)
        return try withLock {
            let sortText = sort.description
            if let previous = declaredConstants[name], previous != sortText {
                throw Z3Error.invalidArgument(
                    "constant \"\(name)\" already has sort \(previous); cannot redeclare it as \(sortText)")
            }
            let t = try term("Z3_mk_const") { c in Z3_mk_const(c, Z3_mk_string_symbol(c, name), sort.raw) }
            declaredConstants[name] = sortText
            return t
        }
    }

    /// A new constant that differs from every other, named "prefix!N".
    public func fresh(_ prefix: String, _ sort: Z3Sort) throws -> Z3Term {
        try own(sort)
        try Z3Names.check(prefix, .freshPrefix)
        return try term("Z3_mk_fresh_const") { c in Z3_mk_fresh_const(c, prefix, sort.raw) }
    }
}
