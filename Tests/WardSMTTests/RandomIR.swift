import WardConcrete
import WardIR
import WardSMT
import WardSolver
import WardSyntax

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fixed-seed generator so every run draws the
/// same programs on every platform.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}

/// What the generated terms covered, so the test can prove it exercised every construct.
final class Coverage {
    var kinds: [String: Int] = [:]
    var binary: [String: Int] = [:]
    var unary: [String: Int] = [:]
    /// Nodes whose result (or, for comparisons, operand) is bits<w>.
    var widths: [Int: Int] = [:]
    /// "w:edge" for every edge constant of width w that appeared (0, 1, ones, sign).
    var edges: Set<String> = []
    var quantifierDomains: [String: Int] = [:]
    var mapReads = 0
    var divisionsByZeroConstant = 0
    var oversizedShifts = 0

    func visit(_ e: Expr) {
        if case .bits(let w) = e.type { widths[w, default: 0] += 1 }
        switch e.kind {
        case .constant(let v):
            kinds["constant", default: 0] += 1
            if case .bits(let w) = e.type {
                let ones = e.type.mask, sign = UInt64(1) << UInt64(w - 1)
                if v == 0 { edges.insert("\(w):zero") }
                if v == 1 { edges.insert("\(w):one") }
                if v == ones { edges.insert("\(w):ones") }
                if v == sign { edges.insert("\(w):sign") }
            }
        case .field: kinds["field", default: 0] += 1
        case .param: kinds["param", default: 0] += 1
        case .local: kinds["local", default: 0] += 1
        case .index(let m, let k):
            kinds["index", default: 0] += 1
            mapReads += 1
            visit(m); visit(k)
        case .unary(let op, let a):
            kinds["unary", default: 0] += 1
            unary[op.rawValue, default: 0] += 1
            visit(a)
        case .binary(let op, let a, let b):
            kinds["binary", default: 0] += 1
            binary[op.rawValue, default: 0] += 1
            if case .bits(let w) = a.type, e.type == .bool { widths[w, default: 0] += 1 }
            if op == .udiv || op == .urem, b.constantValue == 0 { divisionsByZeroConstant += 1 }
            if op == .shl || op == .lshr || op == .ashr, let s = b.constantValue, s >= UInt64(a.type.bitWidth) {
                oversizedShifts += 1
            }
            visit(a); visit(b)
        case .ite(let c, let a, let b):
            kinds["ite", default: 0] += 1
            visit(c); visit(a); visit(b)
        case .extract(_, _, let a):
            kinds["extract", default: 0] += 1
            visit(a)
        case .zeroExtend(_, let a):
            kinds["zeroExtend", default: 0] += 1
            visit(a)
        case .signExtend(_, let a):
            kinds["signExtend", default: 0] += 1
            visit(a)
        case .concat(let a, let b):
            kinds["concat", default: 0] += 1
            visit(a); visit(b)
        case .quantifier(let isForall, _, let domain, let body):
            kinds[isForall ? "forall" : "exists", default: 0] += 1
            quantifierDomains["\(domain)", default: 0] += 1
            visit(body)
        }
    }
}

/// A path to a scalar inside a map field: the field, the key types outermost first, the leaf.
struct MapPath {
    var field: Int
    var mapType: IRType
    var keys: [IRType]
    var leaf: IRType
}

/// Draws random well-typed IR expressions and statements over a model's fields and an
/// action's parameters. Every Expr it builds obeys the elaborator's typing rules.
struct IRGenerator {
    var rng: SplitMix64
    let model: Model
    var paramTypes: [IRType]
    /// Bound names in scope (let-bound and quantifier-bound), as (slot, type).
    var locals: [(Int, IRType)] = []
    var nextLocal = 0
    var quantifierNesting = 0
    let scalarFields: [IRType: [Int]]
    let mapPaths: [MapPath]
    let enums: [EnumType]

    init(seed: UInt64, model: Model, paramTypes: [IRType]) {
        rng = SplitMix64(seed: seed)
        self.model = model
        self.paramTypes = paramTypes
        var scalars: [IRType: [Int]] = [:]
        var paths: [MapPath] = []
        for (i, f) in model.fields.enumerated() {
            if case .map = f.type {
                var keys: [IRType] = []
                var t = f.type
                while case .map(let k, let v) = t { keys.append(k); t = v }
                paths.append(MapPath(field: i, mapType: f.type, keys: keys, leaf: t))
            } else {
                scalars[f.type, default: []].append(i)
            }
        }
        scalarFields = scalars
        mapPaths = paths
        enums = model.enums
    }

    /// Every scalar type the generator may ask for.
    mutating func randomScalarType() -> IRType {
        switch rng.below(10) {
        case 0: return .bool
        case 1: return .enumeration(rng.pick(enums))
        case 2: return .set(rng.pick(enums.filter { $0.cases.count <= 64 }))
        default: return .bits(1 + rng.below(64))
        }
    }

    // MARK: constants

    mutating func edgeBits(_ w: Int) -> UInt64 {
        let ones: UInt64 = w >= 64 ? ~0 : (UInt64(1) << UInt64(w)) - 1
        let sign = UInt64(1) << UInt64(w - 1)
        let v: UInt64
        switch rng.below(10) {
        case 0: v = 0
        case 1: v = 1
        case 2: v = ones
        case 3: v = sign
        case 4: v = sign &- 1
        case 5: v = ones &- 1
        case 6: v = UInt64(rng.below(70))
        default: v = rng.next()
        }
        return v & ones
    }

    mutating func value(_ t: IRType) -> UInt64 {
        switch t {
        case .bool: return UInt64(rng.below(2))
        case .bits(let w): return edgeBits(w)
        case .enumeration(let e): return UInt64(rng.below(e.cases.count))
        case .set: return rng.chance(20) ? (rng.chance(50) ? 0 : t.mask) : rng.next() & t.mask
        case .map: fatalError("maps have no single value")
        }
    }

    mutating func constant(_ t: IRType) -> Expr { .constant(value(t), t) }

    // MARK: expressions

    mutating func expr(_ t: IRType, depth: Int) -> Expr {
        if depth <= 0 || rng.chance(15) { return leaf(t, depth: depth) }
        switch t {
        case .bool: return boolNode(depth)
        case .bits(let w): return bitsNode(w, depth)
        case .enumeration: return rng.chance(60) ? ite(t, depth) : leaf(t, depth: depth)
        case .set: return setNode(t, depth)
        case .map: fatalError("no map-valued expressions")
        }
    }

    mutating func leaf(_ t: IRType, depth: Int) -> Expr {
        let bound = locals.filter { $0.1 == t }
        if !bound.isEmpty, rng.chance(70) { return Expr(.local(rng.pick(bound).0), t) }
        let reads = mapPaths.filter { $0.leaf == t }
        switch rng.below(6) {
        case 0, 1:
            if let fields = scalarFields[t] { return Expr(.field(rng.pick(fields)), t) }
        case 2:
            let ps = paramTypes.indices.filter { paramTypes[$0] == t }
            if !ps.isEmpty { return Expr(.param(rng.pick(ps)), t) }
        case 3:
            if !reads.isEmpty { return mapRead(rng.pick(reads), depth: depth - 1) }
        default: break
        }
        return constant(t)
    }

    mutating func mapRead(_ path: MapPath, depth: Int) -> Expr {
        var e = Expr(.field(path.field), path.mapType)
        var t = path.mapType
        for k in path.keys {
            guard case .map(_, let v) = t else { fatalError() }
            e = Expr(.index(e, expr(k, depth: min(depth, 2))), v)
            t = v
        }
        return e
    }

    mutating func ite(_ t: IRType, _ depth: Int) -> Expr {
        Expr(.ite(expr(.bool, depth: depth - 1), expr(t, depth: depth - 1), expr(t, depth: depth - 1)), t)
    }

    /// A shift amount: often one at or beyond the width, where SMT-LIB semantics matter.
    mutating func shiftAmount(_ w: Int, _ depth: Int) -> Expr {
        let t = IRType.bits(w)
        switch rng.below(4) {
        case 0: return .constant(UInt64(w), t)
        case 1: return .constant(UInt64(w) + UInt64(rng.below(3 * w + 2)), t)
        case 2: return .constant(UInt64(rng.below(w)), t)
        default: return expr(t, depth: depth - 1)
        }
    }

    mutating func divisor(_ w: Int, _ depth: Int) -> Expr {
        rng.chance(25) ? .constant(0, .bits(w)) : expr(.bits(w), depth: depth - 1)
    }

    mutating func bitsNode(_ w: Int, _ depth: Int) -> Expr {
        let t = IRType.bits(w)
        switch rng.below(12) {
        case 0:
            return Expr(.unary(rng.chance(50) ? .bvnot : .bvneg, expr(t, depth: depth - 1)), t)
        case 1, 2:
            let op: BinaryOp = rng.pick([.add, .sub, .mul, .udiv, .urem])
            let rhs = op == .udiv || op == .urem ? divisor(w, depth) : expr(t, depth: depth - 1)
            return Expr(.binary(op, expr(t, depth: depth - 1), rhs), t)
        case 3:
            return Expr(.binary(rng.pick([.band, .bor, .bxor]), expr(t, depth: depth - 1), expr(t, depth: depth - 1)), t)
        case 4:
            return Expr(.binary(rng.pick([.shl, .lshr, .ashr]), expr(t, depth: depth - 1), shiftAmount(w, depth)), t)
        case 5:
            return ite(t, depth)
        case 6:
            // Bits [hi:lo] of a wider (or equal) value, or of a set.
            let sets = enums.filter { $0.cases.count >= w && $0.cases.count <= 64 }
            if w <= 8, !sets.isEmpty, rng.chance(25) {
                let s = IRType.set(rng.pick(sets))
                let lo = rng.below(s.bitWidth - w + 1)
                return Expr(.extract(hi: lo + w - 1, lo: lo, expr(s, depth: depth - 1)), t)
            }
            let m = w + rng.below(64 - w + 1)
            let lo = rng.below(m - w + 1)
            return Expr(.extract(hi: lo + w - 1, lo: lo, expr(.bits(m), depth: depth - 1)), t)
        case 7 where w >= 2:
            let k = 1 + rng.below(w - 1)
            let inner = expr(.bits(k), depth: depth - 1)
            return Expr(rng.chance(50) ? .zeroExtend(w - k, inner) : .signExtend(w - k, inner), t)
        case 8 where w >= 2:
            let k = 1 + rng.below(w - 1)
            return Expr(.concat(expr(.bits(k), depth: depth - 1), expr(.bits(w - k), depth: depth - 1)), t)
        case 9:
            let reads = mapPaths.filter { $0.leaf == t }
            if !reads.isEmpty { return mapRead(rng.pick(reads), depth: depth - 1) }
            return leaf(t, depth: depth)
        default:
            return Expr(.binary(rng.pick([.add, .sub, .mul, .band, .bxor]), expr(t, depth: depth - 1), expr(t, depth: depth - 1)), t)
        }
    }

    mutating func setNode(_ t: IRType, _ depth: Int) -> Expr {
        switch rng.below(4) {
        case 0: return Expr(.unary(.bvnot, expr(t, depth: depth - 1)), t)
        case 1: return Expr(.binary(rng.pick([.band, .bor, .bxor]), expr(t, depth: depth - 1), expr(t, depth: depth - 1)), t)
        case 2: return ite(t, depth)
        default: return leaf(t, depth: depth)
        }
    }

    /// Quantifier domains: mostly expanded by the encoder (≤ 64 values), a few left to Z3.
    mutating func quantifierDomain() -> IRType {
        let e = rng.pick(enums)
        switch rng.below(20) {
        case 0, 1: return .bool
        case 2, 3, 4: return .bits(1 + rng.below(3))
        case 5, 6, 7: return .enumeration(e)
        case 8, 9: return .set(rng.pick(enums.filter { $0.cases.count <= 3 }))
        case 10: return .bits(6)                   // exactly 64 values: still expanded
        case 11: return .bits(rng.chance(50) ? 7 : 8) // real Z3 quantifier
        default: return .bits(1 + rng.below(4))
        }
    }

    mutating func boolNode(_ depth: Int) -> Expr {
        switch rng.below(13) {
        case 0:
            return Expr(.unary(.not, expr(.bool, depth: depth - 1)), .bool)
        case 1, 2:
            return Expr(.binary(rng.pick([.and, .or, .implies]), expr(.bool, depth: depth - 1), expr(.bool, depth: depth - 1)), .bool)
        case 3, 4:
            // Inside a quantifier, often compare at the bound variable's type, so the body uses it.
            let t = !locals.isEmpty && rng.chance(60) ? rng.pick(locals).1 : randomScalarType()
            return Expr(.binary(rng.chance(50) ? .eq : .ne, expr(t, depth: depth - 1), expr(t, depth: depth - 1)), .bool)
        case 5, 6, 7:
            let boundBits = locals.filter { if case .bits = $0.1 { true } else { false } }
            let t = !boundBits.isEmpty && rng.chance(60) ? rng.pick(boundBits).1 : IRType.bits(1 + rng.below(64))
            let op: BinaryOp = rng.pick([.ult, .ule, .ugt, .uge, .slt, .sle, .sgt, .sge])
            return Expr(.binary(op, expr(t, depth: depth - 1), expr(t, depth: depth - 1)), .bool)
        case 8:
            return ite(.bool, depth)
        case 9...10 where quantifierNesting < 2:
            let domain = quantifierDomain()
            let slot = nextLocal
            nextLocal += 1
            locals.append((slot, domain))
            quantifierNesting += 1
            let body = expr(.bool, depth: max(2, min(depth - 1, 3)))
            quantifierNesting -= 1
            locals.removeLast()
            return Expr(.quantifier(forall: rng.chance(50), local: slot, domain: domain, body: body), .bool)
        case 11:
            // Set membership as the elaborator writes it: one bit of the set equals 1.
            let s = IRType.set(rng.pick(enums.filter { $0.cases.count <= 64 }))
            let i = rng.below(s.bitWidth)
            return Expr(.binary(.eq, Expr(.extract(hi: i, lo: i, expr(s, depth: depth - 1)), .bits(1)),
                                .constant(1, .bits(1))), .bool)
        default:
            return leaf(.bool, depth: depth)
        }
    }

    // MARK: statements

    mutating func block(_ depth: Int, count: Int) -> [Stmt] {
        let saved = locals
        defer { locals = saved }
        return (0..<count).map { _ in statement(depth) }
    }

    /// Extra share (percent) of parallel `forall` updates among the statements.
    var parallelPercent = 0

    mutating func statement(_ depth: Int) -> Stmt {
        if !mapPaths.isEmpty, rng.chance(parallelPercent) { return parallelAssignment() }
        switch rng.below(100) {
        case 0..<45:
            return assignment()
        case 45..<60:
            let t = randomStatementType()
            let value = expr(t, depth: 3)
            let slot = nextLocal
            nextLocal += 1
            locals.append((slot, t))
            return .bind(slot, value)
        case 60..<80 where depth > 0:
            let cond = expr(.bool, depth: 2)
            let thenBody = block(depth - 1, count: rng.below(4))
            let elseBody = rng.chance(30) ? [] : block(depth - 1, count: rng.below(4))
            return .ifElse(cond, thenBody, elseBody)
        case 80..<86:
            return .trap(rng.below(model.trapKinds.count))
        case 94..<100 where !mapPaths.isEmpty:
            return parallelAssignment()
        case 86..<94:
            // Mostly-true conditions, so that a good share of actions stays enabled.
            let c = expr(.bool, depth: 2)
            return .require(rng.chance(50) ? Expr(.binary(.or, c, expr(.bool, depth: 1)), .bool) : c)
        default:
            return assignment()
        }
    }

    /// Types of the model's own scalars mostly, so locals get read back.
    mutating func randomStatementType() -> IRType {
        let own = Array(scalarFields.keys).sorted { $0.description < $1.description }
        return rng.chance(70) ? rng.pick(own) : randomScalarType()
    }

    /// `forall q: K { m[k..][q][k'..] = e }`: the keys before `q` do not mention it, the keys
    /// after it and the value may.
    mutating func parallelAssignment() -> Stmt {
        let path = rng.pick(mapPaths)
        let position = rng.below(path.keys.count)
        var keys: [Expr] = path.keys[..<position].map { expr($0, depth: 2) }
        let domain = path.keys[position]
        let slot = nextLocal
        nextLocal += 1
        let saved = locals
        defer { locals = saved }
        locals.append((slot, domain))
        keys.append(Expr(.local(slot), domain))
        keys += path.keys[(position + 1)...].map { expr($0, depth: 2) }
        return .assign(LValue(field: path.field, keys: keys, forEach: Binder(local: slot, domain: domain)), expr(path.leaf, depth: 3))
    }

    mutating func assignment() -> Stmt {
        let f = rng.below(model.fields.count)
        var t = model.fields[f].type
        var keys: [Expr] = []
        while case .map(let k, let v) = t { keys.append(expr(k, depth: 2)); t = v }
        return .assign(LValue(field: f, keys: keys), expr(t, depth: 3))
    }
}

// MARK: - Concrete values as Z3 terms

extension Encoder {
    /// The Z3 term for a field whose concrete slots are `slots` (a scalar, or a map laid out
    /// like `StateLayout`: one block per key, keys in value order).
    func term(_ t: IRType, slots: ArraySlice<UInt64>) throws -> Z3Term {
        guard case .map(let k, let v) = t else { return try constant(slots.first!, t) }
        let stride = StateLayout.slots(v)!
        // Keys the concrete engine never holds (enum ordinals past the last case) read as
        // a junk value that no well-typed program can observe.
        var array = try uniform(t, try constant(0x5A5A_5A5A_5A5A_5A5A, Elaborated.leaf(t)))
        for key in 0..<Int(k.cardinality!) {
            let start = slots.startIndex + key * stride
            array = try z3.store(array, try constant(UInt64(key), k), try term(v, slots: slots[start..<start + stride]))
        }
        return array
    }

    func state(_ slots: [UInt64], _ layout: StateLayout) throws -> [Z3Term] {
        try model.fields.indices.map { i in
            let n = StateLayout.slots(model.fields[i].type)!
            return try term(model.fields[i].type, slots: slots[layout.offsets[i]..<layout.offsets[i] + n])
        }
    }
}

enum Elaborated {
    static func leaf(_ t: IRType) -> IRType { if case .map(_, let v) = t { return leaf(v) }; return t }
}

/// Reads a ground term back as a number: Z3's simplifier first; when that leaves a term (a
/// quantifier over a large domain), a solver decides its one value.
struct GroundReader {
    let z3: Z3Context
    let solver: Z3Solver
    var solverFallbacks = 0

    init(_ z3: Z3Context) throws {
        self.z3 = z3
        solver = try Z3Solver(z3, timeoutMilliseconds: 20_000)
    }

    mutating func read(_ t: Z3Term, bool isBool: Bool) throws -> UInt64? {
        let s = try z3.simplify(t)
        if isBool, let b = z3.boolValue(s) { return b ? 1 : 0 }
        if !isBool, let v = z3.numeral(s) { return v }
        solverFallbacks += 1
        try solver.push()
        defer { try? solver.pop() }
        // Name the value, find one model, then show that no other value is possible.
        let x = try z3.fresh("v", t.sort)
        try solver.assert(try z3.eq(x, t))
        guard try solver.check() == .sat else { return nil }
        let m = try solver.model()
        let v = isBool ? (try m.bool(x) ? 1 : 0) : try m.uint64(x)
        let literal = isBool ? z3.bool(v != 0) : try z3.bv(v, width: t.sort.bvWidth!)
        try solver.assert(try z3.not(try z3.eq(x, literal)))
        guard try solver.check() == .unsat else { return nil }
        return v
    }
}
