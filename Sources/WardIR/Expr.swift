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
    /// Height of the tree rooted here (a leaf is 1). The elaborator keeps it at most
    /// `Elaborator.maxExprDepth`, so the engines' recursive passes stay within the stack.
    public let depth: Int
    /// Nodes of the tree rooted here, counting a shared subtree once per use (what a recursive
    /// pass visits), saturating at Int.max. The elaborator bounds it (`Elaborator.maxNodes`).
    public let size: Int
    public init(_ kind: Kind, _ type: IRType) {
        self.kind = kind; self.type = type
        func sum(_ xs: Expr...) -> Int {
            var total = 1
            for x in xs { total = total.addingReportingOverflow(x.size).overflow ? Int.max : total + x.size }
            return total
        }
        switch kind {
        case .constant, .field, .param, .local: depth = 1; size = 1
        case .unary(_, let a), .extract(_, _, let a), .zeroExtend(_, let a), .signExtend(_, let a),
             .quantifier(_, _, _, let a): depth = a.depth + 1; size = sum(a)
        case .index(let a, let b), .binary(_, let a, let b), .concat(let a, let b): depth = max(a.depth, b.depth) + 1; size = sum(a, b)
        case .ite(let c, let a, let b): depth = max(c.depth, a.depth, b.depth) + 1; size = sum(c, a, b)
        }
    }

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
    /// Set for a parallel update (`forall p: T { m[k][p] = e }`): the assignment writes, for every
    /// value of `domain` bound to local `local`, the place its keys name. One key is exactly the
    /// bound local and the keys before it do not mention it, so the places are distinct; every key
    /// and value is computed on the state before the assignment (the elaborator guarantees that no
    /// assignment of one `forall` reads a field an earlier one wrote, so a sequence of these is a
    /// simultaneous update). Z3 encodes it as an array lambda, the emulator as a loop.
    public var forEach: Binder?
    public init(field: Int, keys: [Expr], forEach: Binder? = nil) {
        self.field = field; self.keys = keys; self.forEach = forEach
    }

    /// The key position that the bound local indexes (for a parallel update).
    public var boundKeyPosition: Int? {
        guard let b = forEach else { return nil }
        return keys.firstIndex { if case .local(let l) = $0.kind { l == b.local } else { false } }
    }
}

/// The variable of a parallel update and the type it ranges over.
public struct Binder: Sendable {
    public var local: Int
    public var domain: IRType
    public init(local: Int, domain: IRType) { self.local = local; self.domain = domain }
}

extension Expr {
    /// Whether the expression reads local slot `slot`.
    public func mentions(local slot: Int) -> Bool {
        switch kind {
        case .local(let l): l == slot
        case .constant, .field, .param: false
        case .index(let a, let b), .binary(_, let a, let b), .concat(let a, let b):
            a.mentions(local: slot) || b.mentions(local: slot)
        case .unary(_, let a), .extract(_, _, let a), .zeroExtend(_, let a), .signExtend(_, let a):
            a.mentions(local: slot)
        case .ite(let c, let a, let b): c.mentions(local: slot) || a.mentions(local: slot) || b.mentions(local: slot)
        case .quantifier(_, _, _, let body): body.mentions(local: slot)
        }
    }
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
