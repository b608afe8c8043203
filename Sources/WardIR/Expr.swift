/// Typed IR expressions: the one semantics that both engines interpret.

public enum UnaryOp: String, Sendable {
    case not          // bool
    case bvnot, bvneg // bits
}

public enum BinaryOp: String, Sendable {
    // bool
    case and, or, implies, eq, ne
    // bits (results masked to the operand width); SMT-LIB semantics for division by zero
    case add, sub, mul, udiv, urem, band, bor, bxor, shl, lshr, ashr
    // bits comparisons (bool results)
    case ult, ule, ugt, uge, slt, sle, sgt, sge
}

public final class Expr: Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case constant(UInt64)
        case field(Int)
        case param(Int)
        case local(Int)
        /// Read of a map element; the base is a map-typed field or a nested index.
        case index(Expr, Expr)
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        case ite(Expr, Expr, Expr)
        case extract(hi: Int, lo: Int, Expr)
        case zeroExtend(Int, Expr)     // by this many bits
        case signExtend(Int, Expr)
        case concat(Expr, Expr)
        /// Bound variable `local` ranges over every value of `domain` (a finite scalar type).
        case quantifier(forall: Bool, local: Int, domain: IRType, body: Expr)
    }
    public let kind: Kind
    public let type: IRType
    public init(_ kind: Kind, _ type: IRType) { self.kind = kind; self.type = type }

    public static func constant(_ v: UInt64, _ t: IRType) -> Expr { Expr(.constant(v & t.mask), t) }
    public static let `true` = Expr(.constant(1), .bool)
    public static let `false` = Expr(.constant(0), .bool)

    public var constantValue: UInt64? { if case .constant(let v) = kind { v } else { nil } }

    public var description: String {
        switch kind {
        case .constant(let v): type == .bool ? (v == 1 ? "true" : "false") : "\(v)"
        case .field(let i): "f\(i)"
        case .param(let i): "p\(i)"
        case .local(let i): "l\(i)"
        case .index(let m, let k): "\(m)[\(k)]"
        case .unary(let op, let a): "(\(op.rawValue) \(a))"
        case .binary(let op, let a, let b): "(\(op.rawValue) \(a) \(b))"
        case .ite(let c, let a, let b): "(ite \(c) \(a) \(b))"
        case .extract(let hi, let lo, let a): "\(a)[\(hi):\(lo)]"
        case .zeroExtend(let n, let a): "(zext \(n) \(a))"
        case .signExtend(let n, let a): "(sext \(n) \(a))"
        case .concat(let a, let b): "(concat \(a) \(b))"
        case .quantifier(let fa, let l, let d, let b): "(\(fa ? "forall" : "exists") l\(l):\(d) \(b))"
        }
    }
}

/// An assignable place: a field, or an element of a map field (one key per map level).
public struct LValue: Sendable {
    public var field: Int
    public var keys: [Expr]
    public init(field: Int, keys: [Expr]) { self.field = field; self.keys = keys }
}

public indirect enum Stmt: Sendable {
    case assign(LValue, Expr)
    case bind(Int, Expr)              // let: local slot
    case ifElse(Expr, [Stmt], [Stmt])
    /// Ends the action: the instruction traps, the state is left as it was.
    case trap(Int)                    // index into Model.trapKinds
    /// The action is not enabled when this is false (HRU conditions, guards).
    case require(Expr)
}
