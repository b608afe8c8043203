import WardIR

/// The mutable context of one evaluation: state slots, parameters and locals.
public final class Frame {
    public var state: [UInt64]
    public var params: [UInt64]
    public var locals: [UInt64]
    public init(state: [UInt64], params: [UInt64] = [], locals: Int = 0) {
        self.state = state; self.params = params; self.locals = Array(repeating: 0, count: max(locals, 1))
    }
}

public typealias Evaluator = (Frame) -> UInt64
/// 0: go on; -1: the action is not enabled (a `require` failed); k > 0: trap kind k - 1.
public typealias Executor = (Frame) -> Int32

@inline(__always) func widthMask(_ n: Int) -> UInt64 { n >= 64 ? ~0 : (UInt64(1) << UInt64(n)) - 1 }
@inline(__always) func signExtend64(_ x: UInt64, _ n: Int) -> Int64 {
    n >= 64 ? Int64(bitPattern: x) : Int64(bitPattern: x << UInt64(64 - n)) >> Int64(64 - n)
}

/// Compiles IR into closures once, so exploration does no tree walking or lookups per state.
public struct Compiler {
    public let layout: StateLayout
    let fieldTypes: [IRType]
    public init(model: Model, layout: StateLayout) { self.layout = layout; self.fieldTypes = model.fields.map(\.type) }

    public func compile(_ e: Expr) -> Evaluator {
        switch e.kind {
        case .constant(let v): return { _ in v }
        case .field(let i):
            let off = layout.offsets[i]
            return { $0.state[off] }
        case .param(let i): return { $0.params[i] }
        case .local(let i): return { $0.locals[i] }
        case .index:
            let addr = address(e)
            return { $0.state[addr($0)] }
        case .unary(let op, let a):
            let x = compile(a), m = e.type.mask
            switch op {
            case .not: return { x($0) ^ 1 }
            case .bvnot: return { ~x($0) & m }
            case .bvneg: return { (0 &- x($0)) & m }
            }
        case .binary(let op, let a, let b):
            return binary(op, compile(a), compile(b), width: a.type.bitWidth)
        case .ite(let c, let a, let b):
            let cc = compile(c), x = compile(a), y = compile(b)
            return { cc($0) != 0 ? x($0) : y($0) }
        case .extract(let hi, let lo, let a):
            let x = compile(a), m = widthMask(hi - lo + 1), s = UInt64(lo)
            return { (x($0) >> s) & m }
        case .zeroExtend(_, let a): return compile(a)
        case .signExtend(_, let a):
            let x = compile(a), n = a.type.bitWidth, m = e.type.mask
            return { UInt64(bitPattern: signExtend64(x($0), n)) & m }
        case .concat(let a, let b):
            let x = compile(a), y = compile(b), s = UInt64(b.type.bitWidth)
            return { (x($0) << s) | y($0) }
        case .quantifier(let isForall, let local, let domain, let body):
            let p = compile(body), card = domain.cardinality ?? 0
            if isForall {
                return { f in
                    var v: UInt64 = 0
                    while v < card { f.locals[local] = v; if p(f) == 0 { return 0 }; v += 1 }
                    return 1
                }
            }
            return { f in
                var v: UInt64 = 0
                while v < card { f.locals[local] = v; if p(f) != 0 { return 1 }; v += 1 }
                return 0
            }
        }
    }

    /// Slot address of a field or of a (possibly nested) map element.
    func address(_ e: Expr) -> (Frame) -> Int {
        switch e.kind {
        case .field(let i):
            let off = layout.offsets[i]
            return { _ in off }
        case .index(let base, let key):
            let b = address(base), k = compile(key), stride = StateLayout.slots(e.type) ?? 1
            return { b($0) + Int(k($0)) &* stride }
        default:
            fatalError("address of a non-place expression")
        }
    }

    func binary(_ op: BinaryOp, _ x: @escaping Evaluator, _ y: @escaping Evaluator, width n: Int) -> Evaluator {
        let m = widthMask(n)
        switch op {
        case .and: return { x($0) & y($0) }
        case .or: return { x($0) | y($0) }
        case .implies: return { (x($0) ^ 1) | y($0) }
        case .eq: return { x($0) == y($0) ? 1 : 0 }
        case .ne: return { x($0) != y($0) ? 1 : 0 }
        case .add: return { (x($0) &+ y($0)) & m }
        case .sub: return { (x($0) &- y($0)) & m }
        case .mul: return { (x($0) &* y($0)) & m }
        case .udiv: return { f in let d = y(f); return d == 0 ? m : x(f) / d }
        case .urem: return { f in let a = x(f), d = y(f); return d == 0 ? a : a % d }
        case .band: return { x($0) & y($0) }
        case .bor: return { x($0) | y($0) }
        case .bxor: return { x($0) ^ y($0) }
        case .shl: return { f in let a = x(f), s = y(f); return s >= UInt64(n) ? 0 : (a << s) & m }
        case .lshr: return { f in let a = x(f), s = y(f); return s >= UInt64(n) ? 0 : a >> s }
        case .ashr:
            return { f in
                let a = signExtend64(x(f), n), s = y(f)
                return UInt64(bitPattern: a >> Int64(min(s, 63))) & m
            }
        case .ult: return { x($0) < y($0) ? 1 : 0 }
        case .ule: return { x($0) <= y($0) ? 1 : 0 }
        case .ugt: return { x($0) > y($0) ? 1 : 0 }
        case .uge: return { x($0) >= y($0) ? 1 : 0 }
        case .slt: return { signExtend64(x($0), n) < signExtend64(y($0), n) ? 1 : 0 }
        case .sle: return { signExtend64(x($0), n) <= signExtend64(y($0), n) ? 1 : 0 }
        case .sgt: return { signExtend64(x($0), n) > signExtend64(y($0), n) ? 1 : 0 }
        case .sge: return { signExtend64(x($0), n) >= signExtend64(y($0), n) ? 1 : 0 }
        }
    }

    public func compile(_ stmts: [Stmt]) -> Executor {
        let parts = stmts.map(compile(statement:))
        if parts.count == 1 { return parts[0] }
        return { f in
            for p in parts { let r = p(f); if r != 0 { return r } }
            return 0
        }
    }

    /// `forall p: T { m[k][p] = e }`: every place and value computed first, then written.
    func compileParallel(_ lv: LValue, _ value: Expr, _ binder: Binder) -> Executor {
        let v = compile(value)
        var addr: (Frame) -> Int = { [off = layout.offsets[lv.field]] _ in off }
        var type = fieldTypes[lv.field]
        for k in lv.keys {
            guard case .map(_, let vt) = type else { break }
            let base = addr, key = compile(k), stride = StateLayout.slots(vt) ?? 1
            addr = { base($0) + Int(key($0)) &* stride }
            type = vt
        }
        let place = addr, slot = binder.local, card = Int(binder.domain.cardinality ?? 0)
        return { f in
            var places = [Int](repeating: 0, count: card)
            var values = [UInt64](repeating: 0, count: card)
            for q in 0..<card {
                f.locals[slot] = UInt64(q)
                places[q] = place(f)
                values[q] = v(f)
            }
            for q in 0..<card { f.state[places[q]] = values[q] }
            return 0
        }
    }

    func compile(statement s: Stmt) -> Executor {
        switch s {
        case .assign(let lv, let value) where lv.forEach != nil:
            return compileParallel(lv, value, lv.forEach!)
        case .assign(let lv, let value):
            let v = compile(value)
            var addr: (Frame) -> Int = { [off = layout.offsets[lv.field]] _ in off }
            var type = fieldTypes[lv.field]
            for k in lv.keys {
                guard case .map(_, let vt) = type else { break }
                let base = addr, key = compile(k), stride = StateLayout.slots(vt) ?? 1
                addr = { base($0) + Int(key($0)) &* stride }
                type = vt
            }
            let place = addr
            return { f in f.state[place(f)] = v(f); return 0 }
        case .bind(let slot, let value):
            let v = compile(value)
            return { f in f.locals[slot] = v(f); return 0 }
        case .ifElse(let c, let t, let e):
            let cc = compile(c), tt = compile(t), ee = compile(e)
            return { cc($0) != 0 ? tt($0) : ee($0) }
        case .trap(let k):
            let code = Int32(k + 1)
            return { _ in code }
        case .require(let c):
            let cc = compile(c)
            return { cc($0) != 0 ? 0 : -1 }
        }
    }
}
