import CZ3

// Boolean connectives, equality and if-then-else.
extension Z3Context {
    public func not(_ a: Z3Term) throws -> Z3Term {
        try own(a)
        return try term("Z3_mk_not") { c in Z3_mk_not(c, a.raw) }
    }

    /// Conjunction; `[]` is `true`, `[x]` is `x`.
    public func and(_ xs: [Z3Term]) throws -> Z3Term {
        try nary(xs, empty: true, "Z3_mk_and") { c, n, args in Z3_mk_and(c, n, args) }
    }

    /// Disjunction; `[]` is `false`, `[x]` is `x`.
    public func or(_ xs: [Z3Term]) throws -> Z3Term {
        try nary(xs, empty: false, "Z3_mk_or") { c, n, args in Z3_mk_or(c, n, args) }
    }

    public func implies(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term {
        try own([a, b])
        return try term("Z3_mk_implies") { c in Z3_mk_implies(c, a.raw, b.raw) }
    }

    public func eq(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term {
        try own([a, b])
        return try term("Z3_mk_eq") { c in Z3_mk_eq(c, a.raw, b.raw) }
    }

    /// Pairwise distinctness; fewer than two terms give `true`.
    public func distinct(_ xs: [Z3Term]) throws -> Z3Term {
        try own(xs)
        if xs.count < 2 { return bool(true) }
        let raws: [Z3_ast?] = xs.map { $0.raw }
        return try term("Z3_mk_distinct") { c in Z3_mk_distinct(c, UInt32(raws.count), raws) }
    }

    public func ite(_ cond: Z3Term, _ then: Z3Term, _ otherwise: Z3Term) throws -> Z3Term {
        try own([cond, then, otherwise])
        return try term("Z3_mk_ite") { c in Z3_mk_ite(c, cond.raw, then.raw, otherwise.raw) }
    }

    private func nary(_ xs: [Z3Term], empty: Bool, _ what: String,
                      _ make: (Z3_context, UInt32, UnsafePointer<Z3_ast?>) -> Z3_ast?) throws -> Z3Term {
        try own(xs)
        switch xs.count {
        case 0:
            return bool(empty)
        case 1:
            try requireBool(xs[0], "argument of \(what)")
            return xs[0]
        default:
            let raws: [Z3_ast?] = xs.map { $0.raw }
            return try raws.withUnsafeBufferPointer { buffer in
                try term(what) { c in make(c, UInt32(buffer.count), buffer.baseAddress!) }
            }
        }
    }
}
