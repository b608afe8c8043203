import WardIR
import WardSolver

/// Translates IR expressions into Z3 terms: the same semantics the concrete compiler gives,
/// over bit-vectors (enums by ordinal, sets as one bit per case) and arrays (maps).
///
/// Parametric mode: an enum declared unbounded (`EnumType.unbounded`) becomes an uninterpreted
/// sort whose named cases are distinct constants (`axioms()`) among possibly many more values;
/// quantifiers over it are real quantifiers, maps over it arrays over the sort, parallel updates
/// over it lambdas. A query proved in this mode holds for any number of values of the sort.
public final class Encoder {
    public let z3: Z3Context
    public let model: Model
    public let parametric: Bool
    private var sorts: [IRType: Z3Sort] = [:]
    private var enumConstants: [EnumType: [Z3Term]] = [:]

    public init(z3: Z3Context, model: Model, parametric: Bool = false) {
        self.z3 = z3; self.model = model; self.parametric = parametric
    }

    /// A construct the parametric encoding cannot express (the caller falls back to the bundled sizes).
    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether `t` is an unbounded enum encoded as an uninterpreted sort.
    public func isOpen(_ t: IRType) -> Bool {
        if parametric, case .enumeration(let e) = t { return e.unbounded }
        return false
    }

    /// The number of values of a scalar type as this encoding sees them: nil for an open sort.
    public func finiteCardinality(_ t: IRType) -> UInt64? { isOpen(t) ? nil : t.cardinality }

    /// The unbounded enums the model uses (every one of them, in parametric mode).
    public var openEnums: [EnumType] { parametric ? model.enums.filter(\.unbounded) : [] }

    /// The named cases of every open sort are distinct values (empty outside parametric mode).
    public func axioms() throws -> Z3Term {
        var parts: [Z3Term] = []
        for e in openEnums where e.cases.count > 1 {
            parts.append(try z3.distinct(try (0..<UInt64(e.cases.count)).map { try constant($0, .enumeration(e)) }))
        }
        return try z3.and(parts)
    }

    public func sort(_ t: IRType) throws -> Z3Sort {
        if let s = sorts[t] { return s }
        let s: Z3Sort
        switch t {
        case .bool: s = z3.boolSort()
        case .map(let k, let v): s = try z3.arraySort(try sort(k), try sort(v))
        case .enumeration(let e) where isOpen(t): s = try z3.uninterpretedSort(e.name)
        case .set(let e) where parametric && e.unbounded:
            throw Unsupported(description: "a set of the unbounded sort \(e.name)")
        default: s = try z3.bvSort(t.bitWidth)
        }
        sorts[t] = s
        return s
    }

    public func constant(_ v: UInt64, _ t: IRType) throws -> Z3Term {
        if isOpen(t), case .enumeration(let e) = t {
            if enumConstants[e] == nil {
                let s = try sort(t)
                enumConstants[e] = try e.cases.map { try z3.constant("\(e.name).\($0)", s) }
            }
            return enumConstants[e]![Int(v)]
        }
        return t == .bool ? z3.bool(v != 0) : try z3.bv(v, width: t.bitWidth)
    }

    /// A map every element of which is `leaf` (a field initialiser on a map).
    public func uniform(_ t: IRType, _ leaf: Z3Term) throws -> Z3Term {
        guard case .map(let k, let v) = t else { return leaf }
        return try z3.constArray(try sort(k), try uniform(v, leaf))
    }

    /// Values of `t` that the concrete engine can hold: enums below their case count, everywhere in a map.
    public func wellFormed(_ term: Z3Term, _ t: IRType) throws -> Z3Term {
        switch t {
        case .enumeration where isOpen(t):
            return z3.bool(true)
        case .enumeration(let e):
            let count = UInt64(e.cases.count)
            if count == UInt64(1) << UInt64(e.bitWidth) { return z3.bool(true) }
            return try z3.bvult(term, try z3.bv(count, width: e.bitWidth))
        case .map(let k, let v):
            guard Self.needsRange(v) else { return z3.bool(true) }
            if let card = finiteCardinality(k), card <= 64 {
                return try z3.and((0..<card).map { key in try wellFormed(try z3.select(term, try constant(key, k)), v) })
            }
            let bound = try z3.fresh("k", try sort(k))
            return try z3.forall([bound], try z3.implies(try wellFormed(bound, k), try wellFormed(try z3.select(term, bound), v)))
        default:
            return z3.bool(true)
        }
    }

    static func needsRange(_ t: IRType) -> Bool {
        switch t {
        case .enumeration(let e): e.cases.count != 1 << e.bitWidth
        case .map(let k, let v): needsRange(k) || needsRange(v)
        default: false
        }
    }

    private struct Read: Hashable { let array: Z3Term, index: Z3Term }
    private var reads: [Read: Z3Term] = [:]

    /// One element of a map value, `m[k]`, resolved through how the value was built: a store
    /// is an if-then-else on its key (decided at once for distinct constant keys), an ite over
    /// maps reads both branches, a constant map is its value and a lambda (a `forall` update)
    /// its body at `k`. Only reads of maps built otherwise (a state's own fields, an initial
    /// map pinned cell by cell) remain selects. So the state after any number of steps is read
    /// without Z3 reasoning about arrays built from arrays: such terms, lambdas above all,
    /// make the array solver instantiate axioms that a satisfiable query may never finish
    /// with (a one-step BMC query of a 64-bit platform timed out; read this way it is
    /// quantifier-free bit-vector logic). Equal to `select(m, k)` in every model.
    public func read(_ array: Z3Term, _ index: Z3Term) throws -> Z3Term {
        let key = Read(array: array, index: index)
        if let known = reads[key] { return known }
        // A chain of stores is walked, not recursed into (initial maps may hold thousands).
        var guarded: [(Z3Term, Z3Term)] = []
        var a = array
        var result: Z3Term?
        while result == nil {
            if a != array, let known = reads[Read(array: a, index: index)] { result = known; break }
            switch z3.arrayForm(a) {
            case .store(let inner, let k, let v)?:
                if k == index {
                    result = v
                } else {
                    if !distinctConstants(k, index) { guarded.append((try z3.eq(k, index), v)) }
                    a = inner
                }
            case .ite(let c, let t, let e)?:
                result = t == e ? try read(t, index) : try z3.ite(c, try read(t, index), try read(e, index))
            case .constant(let v)?:
                result = v
            case .lambda?:
                result = try z3.apply(a, index)
            case nil:
                result = try z3.select(a, index)
            }
        }
        var value = result!
        for (c, v) in guarded.reversed() { value = try z3.ite(c, v, value) }
        reads[key] = value
        return value
    }

    private func distinctConstants(_ a: Z3Term, _ b: Z3Term) -> Bool {
        if let x = z3.numeral(a), let y = z3.numeral(b) { return x != y }
        if let x = z3.boolValue(a), let y = z3.boolValue(b) { return x != y }
        return false
    }

    public struct Environment {
        public var state: [Z3Term]
        public var params: [Z3Term]
        public var locals: [Int: Z3Term]
        public init(state: [Z3Term], params: [Z3Term] = [], locals: [Int: Z3Term] = [:]) {
            self.state = state; self.params = params; self.locals = locals
        }
    }

    public func encode(_ e: Expr, _ env: Environment) throws -> Z3Term {
        switch e.kind {
        case .constant(let v): return try constant(v, e.type)
        case .field(let i): return env.state[i]
        case .param(let i): return env.params[i]
        case .local(let i):
            guard let t = env.locals[i] else { throw Z3Error(code: -1, message: "unbound local \(i) in the encoder") }
            return t
        case .index(let m, let k): return try read(try encode(m, env), try encode(k, env))
        case .unary(let op, let a):
            let x = try encode(a, env)
            switch op {
            case .not: return try z3.not(x)
            case .bvnot: return try z3.bvnot(x)
            case .bvneg: return try z3.bvneg(x)
            }
        case .binary(let op, let a, let b):
            return try binary(op, try encode(a, env), try encode(b, env))
        case .ite(let c, let a, let b):
            return try z3.ite(try encode(c, env), try encode(a, env), try encode(b, env))
        case .extract(let hi, let lo, let a): return try z3.extract(hi, lo, try encode(a, env))
        case .zeroExtend(let n, let a): return try z3.zeroExtend(n, try encode(a, env))
        case .signExtend(let n, let a): return try z3.signExtend(n, try encode(a, env))
        case .concat(let a, let b): return try z3.concat(try encode(a, env), try encode(b, env))
        case .quantifier(let isForall, let local, let domain, let body):
            // Finite domains of modest size are expanded, which keeps queries quantifier-free.
            if let card = finiteCardinality(domain), card <= 64 {
                var parts: [Z3Term] = []
                var inner = env
                for v in 0..<card {
                    inner.locals[local] = try constant(v, domain)
                    parts.append(try encode(body, inner))
                }
                return isForall ? try z3.and(parts) : try z3.or(parts)
            }
            let bound = try z3.fresh("q", try sort(domain))
            var inner = env
            inner.locals[local] = bound
            let range = try wellFormed(bound, domain)
            let b = try encode(body, inner)
            return isForall ? try z3.forall([bound], try z3.implies(range, b))
                            : try z3.exists([bound], try z3.and([range, b]))
        }
    }

    /// `not e`, with the universal quantifiers in positive position at the top of `e` replaced by
    /// fresh witnesses (Skolem constants): `not (forall x :: p(x))` becomes `not p(w)` for a new
    /// `w`. Equisatisfiable with `not e`, and far smaller than expanding the quantifier over a
    /// finite domain when `e` is a property to refute (BMC and induction goals).
    public func refute(_ e: Expr, _ env: Environment) throws -> Z3Term {
        switch e.kind {
        case .quantifier(true, let local, let domain, let body):
            let w = try z3.fresh("w", try sort(domain))
            var inner = env
            inner.locals[local] = w
            return try z3.and([try wellFormed(w, domain), try refute(body, inner)])
        case .binary(.and, let a, let b):
            return try z3.or([try refute(a, env), try refute(b, env)])
        case .binary(.implies, let a, let b):
            return try z3.and([try encode(a, env), try refute(b, env)])
        default:
            return try z3.not(try encode(e, env))
        }
    }

    func binary(_ op: BinaryOp, _ x: Z3Term, _ y: Z3Term) throws -> Z3Term {
        switch op {
        case .and: return try z3.and([x, y])
        case .or: return try z3.or([x, y])
        case .implies: return try z3.implies(x, y)
        case .eq: return try z3.eq(x, y)
        case .ne: return try z3.not(try z3.eq(x, y))
        case .add: return try z3.bvadd(x, y)
        case .sub: return try z3.bvsub(x, y)
        case .mul: return try z3.bvmul(x, y)
        case .udiv: return try z3.bvudiv(x, y)
        case .urem: return try z3.bvurem(x, y)
        case .band: return try z3.bvand(x, y)
        case .bor: return try z3.bvor(x, y)
        case .bxor: return try z3.bvxor(x, y)
        case .shl: return try z3.bvshl(x, y)
        case .lshr: return try z3.bvlshr(x, y)
        case .ashr: return try z3.bvashr(x, y)
        case .ult: return try z3.bvult(x, y)
        case .ule: return try z3.bvule(x, y)
        case .ugt: return try z3.bvugt(x, y)
        case .uge: return try z3.bvuge(x, y)
        case .slt: return try z3.bvslt(x, y)
        case .sle: return try z3.bvsle(x, y)
        case .sgt: return try z3.bvsgt(x, y)
        case .sge: return try z3.bvsge(x, y)
        }
    }
}
