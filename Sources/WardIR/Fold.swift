/// Folding of Boolean structure over constants while lowering. A function inlined with a
/// constant argument (an enum case, say `seg_value(CS)`) leaves comparisons of constants and
/// choices on them; folding them here drops the dead branch from the IR, so neither engine
/// evaluates it and the fields only it reads leave the instruction's footprint (which is what
/// the enumerator enumerates). Only exact identities: the folded IR means what the unfolded one did.
extension Expr {
    static func folded(_ op: BinaryOp, _ a: Expr, _ b: Expr) -> Expr {
        switch (op, a.constantValue, b.constantValue) {
        case (.eq, let x?, let y?): return x == y ? .true : .false
        case (.ne, let x?, let y?): return x != y ? .true : .false
        case (.and, let x?, _): return x != 0 ? b : .false
        case (.and, _, let y?): return y != 0 ? a : .false
        case (.or, let x?, _): return x != 0 ? .true : b
        case (.or, _, let y?): return y != 0 ? .true : a
        case (.implies, let x?, _): return x != 0 ? b : .true
        default: return Expr(.binary(op, a, b), .bool)
        }
    }

    static func foldedNot(_ a: Expr) -> Expr {
        if let x = a.constantValue { return x != 0 ? .false : .true }
        return Expr(.unary(.not, a), .bool)
    }

    static func foldedIte(_ c: Expr, _ a: Expr, _ b: Expr) -> Expr {
        if let x = c.constantValue { return x != 0 ? a : b }
        return Expr(.ite(c, a, b), a.type)
    }
}
