import WardIR

/// Code over a packed state (`StateLayout`'s packed form): `s` points at the state's words, `env`
/// at the evaluation's parameters, locals and scratch words (`SuccessorProgram.envWords` of them).
public typealias PackedEval = @Sendable (_ s: UnsafeMutablePointer<UInt64>, _ env: UnsafeMutablePointer<UInt64>) -> UInt64
/// 0: go on; -1: the action is not enabled; k > 0: trap kind k - 1 (as `Executor`).
public typealias PackedExec = @Sendable (_ s: UnsafeMutablePointer<UInt64>, _ env: UnsafeMutablePointer<UInt64>) -> Int32
typealias PackedAddress = @Sendable (_ s: UnsafeMutablePointer<UInt64>, _ env: UnsafeMutablePointer<UInt64>) -> Int

/// One transition label compiled for the explorer. `guardCode` runs on the source state and only
/// reads it (the action's statements before its first assignment); `body` runs on a copy.
/// A final class of constants, so that the search loop can borrow it (`Unmanaged`) and call
/// its closures without reference counting on every transition.
public final class Successor: Sendable {
    /// Index into `Machine.labels()`.
    public let label: Int32
    /// Parameter values to write at `env[0...]` first, for an action compiled once for all its
    /// labels (too many to specialise); empty when the label's parameters were folded in.
    public let params: [UInt64]
    /// Runs on the source state and only reads it; non-zero: not enabled here. An action
    /// without a guard gets one that always passes. (Not optional, so that calling it through a
    /// borrowed `Successor` copies nothing.)
    public let guardCode: PackedExec
    /// false: the action writes nothing (the successor is the source state; `body` is not run).
    public let writes: Bool
    public let body: PackedExec

    init(label: Int32, params: [UInt64], guardCode: PackedExec?, body: PackedExec?) {
        self.label = label; self.params = params
        self.guardCode = guardCode ?? { _, _ in 0 }
        self.writes = body != nil
        self.body = body ?? { _, _ in 0 }
    }
}

/// The successor functions of a model over the packed layout, compiled once from the IR: one
/// `Successor` per label that is not disabled whatever the state, labels in `Machine.labels()`
/// order, and the properties as predicates. The explorer's fast path; `Machine.step` is the
/// emulator's path from the same IR (tests check that both agree).
public struct SuccessorProgram: Sendable {
    public let layout: StateLayout
    public let successors: [Successor]
    /// For every label of `Machine.labels()`, its index in `successors` (-1: never enabled).
    public let successorOfLabel: [Int32]
    /// Every checked property (`Model.checkedProperties` order).
    public let properties: [PackedEval]
    /// Words each evaluation needs at `env` (parameters, locals, scratch).
    public let envWords: Int

    /// Labels whose action has at most this many instances get their parameters folded in.
    public static let specialiseLimit = 1 << 14

    public init(machine: Machine, labels: [Label]) {
        let model = machine.model
        layout = machine.layout
        let maxParams = model.actions.map(\.params.count).max() ?? 0
        let compiler = SuccessorCompiler(model: model, layout: layout, localBase: maxParams, locals: machine.localCount)
        var successors: [Successor] = []
        var index = [Int32](repeating: -1, count: labels.count)
        var generic: [Int: (PackedExec?, PackedExec?, Bool)] = [:]
        var perAction = [Int](repeating: 0, count: model.actions.count)
        for l in labels { perAction[l.action] += 1 }
        let specialised = model.actions.indices.map { a in
            let size = model.actions[a].body.reduce(0) { $0 &+ SuccessorCompiler.size($1) }
            return perAction[a] <= Self.specialiseLimit && perAction[a].multipliedReportingOverflow(by: size).partialValue <= 1 << 22
        }
        for (i, label) in labels.enumerated() {
            let action = model.actions[label.action]
            let specialise = specialised[label.action]
            let compiled: (PackedExec?, PackedExec?, Bool)
            if specialise {
                compiled = compiler.action(action.body, params: label.params.map { Optional($0) })
            } else if let c = generic[label.action] {
                compiled = c
            } else {
                compiled = compiler.action(action.body, params: Array(repeating: nil, count: action.params.count))
                generic[label.action] = compiled
            }
            guard compiled.2 else { continue }
            index[i] = Int32(successors.count)
            successors.append(Successor(label: Int32(i), params: specialise ? [] : label.params,
                                        guardCode: compiled.0, body: compiled.1))
        }
        self.successors = successors
        successorOfLabel = index
        properties = model.checkedProperties.map { compiler.eval(compiler.code($0.expr, Bindings(params: []))) }
        envWords = compiler.envWords
    }

    /// Runs label `label` (an index into `Machine.labels()`) on a slot state the way the explorer
    /// does, for tests: the packed successor, or nil when the label is not enabled or traps.
    public func successor(of state: [UInt64], label: Int, params: [UInt64]) -> [UInt64]? {
        let k = Int(successorOfLabel[label])
        guard k >= 0 else { return nil }
        let s = successors[k]
        let words = layout.stateWords
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        let env = UnsafeMutablePointer<UInt64>.allocate(capacity: max(envWords, 1))
        defer { buffer.deallocate(); env.deallocate() }
        env.initialize(repeating: 0, count: max(envWords, 1))
        layout.pack(state, into: buffer)
        for (i, p) in s.params.enumerated() { env[i] = p }
        if s.guardCode(buffer, env) != 0 { return nil }
        if s.writes, s.body(buffer, env) != 0 { return nil }
        return layout.unpack(buffer)
    }

    /// Whether checked property `index` holds in a slot state, evaluated on the packed form.
    public func holds(_ index: Int, in state: [UInt64]) -> Bool {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: layout.stateWords)
        let env = UnsafeMutablePointer<UInt64>.allocate(capacity: max(envWords, 1))
        defer { buffer.deallocate(); env.deallocate() }
        env.initialize(repeating: 0, count: max(envWords, 1))
        layout.pack(state, into: buffer)
        return properties[index](buffer, env) != 0
    }
}

/// What is known about parameters and locals while compiling: known values are folded in.
struct Bindings {
    var params: [UInt64?]
    var locals: [Int: UInt64] = [:]
}

/// A compiled expression: a constant, a read of a fixed place, a test of bits in one word
/// (`s[word] & mask == value`, a bool), or code.
enum Code {
    case constant(UInt64)
    case place(bit: Int, width: Int)
    case bitTest(word: Int, mask: UInt64, value: UInt64)
    case dynamic(PackedEval)
}

/// A compiled statement: no effect, always ends with this result, or code.
enum Step {
    case nothing
    case stop(Int32)
    case run(PackedExec)
}

/// Where a scalar lives: a fixed bit position or one computed from the state.
enum Address {
    case fixed(Int)
    case dynamic(PackedAddress)
}

/// The one compiler of successor functions: IR to closures over the packed layout, with what
/// is known at compile time (parameters of a label, unrolled quantifier variables, constant
/// lets) folded in, so that a guard such as `take in A[x][y]` becomes a test of one bit.
final class SuccessorCompiler {
    let layout: StateLayout
    let fieldTypes: [IRType]
    /// env[0..<localBase]: parameters; env[localBase + i]: local i; then scratch words.
    let localBase: Int
    private(set) var envWords: Int
    /// Quantifiers over at most this many values, with a small body, are unrolled.
    static let unrollLimit: UInt64 = 64
    static let unrollBudget = 1 << 13

    init(model: Model, layout: StateLayout, localBase: Int, locals: Int) {
        self.layout = layout
        self.fieldTypes = model.fields.map(\.type)
        self.localBase = localBase
        self.envWords = localBase + max(locals, 1)
    }

    func scratch(_ n: Int) -> Int { defer { envWords += n }; return envWords }

    static func size(_ s: Stmt) -> Int {
        switch s {
        case .assign(let lv, let v): return lv.keys.reduce(v.size) { $0 &+ $1.size }
        case .bind(_, let v), .require(let v): return v.size
        case .ifElse(let c, let t, let e): return (t + e).reduce(c.size) { $0 &+ size($1) }
        case .trap: return 1
        }
    }

    static func writes(_ s: Stmt) -> Bool {
        switch s {
        case .assign: return true
        case .ifElse(_, let t, let e): return t.contains(where: writes) || e.contains(where: writes)
        case .bind, .require, .trap: return false
        }
    }

    /// An action's guard (its statements before the first one that writes) and the rest, and
    /// whether the label can be enabled at all.
    func action(_ body: [Stmt], params: [UInt64?]) -> (PackedExec?, PackedExec?, Bool) {
        var b = Bindings(params: params)
        let split = body.firstIndex(where: Self.writes) ?? body.count
        let g = block(Array(body[..<split]), &b)
        if case .stop = g { return (nil, nil, false) }
        let rest = block(Array(body[split...]), &b)
        if case .stop = rest { return (nil, nil, false) }
        func exec(_ s: Step) -> PackedExec? { if case .run(let f) = s { return f }; return nil }
        return (exec(g), exec(rest), true)
    }

    // MARK: expressions

    static func singleWord(_ bit: Int, _ width: Int) -> Bool { (bit & 63) + width <= 64 }

    func eval(_ c: Code) -> PackedEval {
        switch c {
        case .constant(let v): return { _, _ in v }
        case .place(let bit, let width):
            let i = bit >> 6, sh = UInt64(bit & 63), m = PackedBits.mask(width)
            if Self.singleWord(bit, width) { return { s, _ in (s[i] >> sh) & m } }
            let r = 64 - sh
            return { s, _ in ((s[i] >> sh) | (s[i + 1] << r)) & m }
        case .bitTest(let i, let m, let v): return { s, _ in s[i] & m == v ? 1 : 0 }
        case .dynamic(let f): return f
        }
    }

    func code(_ e: Expr, _ b: Bindings) -> Code {
        switch e.kind {
        case .constant(let v): return .constant(v)
        case .param(let i):
            if let v = b.params[i] { return .constant(v) }
            return .dynamic { _, env in env[i] }
        case .local(let i):
            if let v = b.locals[i] { return .constant(v) }
            let k = localBase + i
            return .dynamic { _, env in env[k] }
        case .field(let f):
            return .place(bit: layout.bitOffsets[f], width: layout.leafBits[f])
        case .index:
            var keys: [Expr] = []
            var base = e
            while case .index(let inner, let key) = base.kind { keys.insert(key, at: 0); base = inner }
            guard case .field(let f) = base.kind else { fatalError("map element of a non-field") }
            let (address, width) = place(field: f, keys: keys, b)
            switch address {
            case .fixed(let bit): return .place(bit: bit, width: width)
            case .dynamic(let a): return .dynamic { s, env in PackedBits.load(s, bit: a(s, env), width: width) }
            }
        case .unary(let op, let a):
            let x = code(a, b), m = e.type.mask
            switch op {
            case .not: return not(x)
            case .bvnot:
                if case .constant(let v) = x { return .constant(~v & m) }
                let f = eval(x)
                return .dynamic { s, env in ~f(s, env) & m }
            case .bvneg:
                if case .constant(let v) = x { return .constant((0 &- v) & m) }
                let f = eval(x)
                return .dynamic { s, env in (0 &- f(s, env)) & m }
            }
        case .binary(.and, _, _):
            return conjunction(Self.terms(e, .and).map { code($0, b) })
        case .binary(.or, _, _):
            return disjunction(Self.terms(e, .or).map { code($0, b) })
        case .binary(.implies, let x, let y):
            return disjunction([not(code(x, b)), code(y, b)])
        case .binary(let op, let x, let y):
            return binary(op, code(x, b), code(y, b), width: x.type.bitWidth)
        case .ite(let c, let x, let y):
            switch code(c, b) {
            case .constant(let v): return code(v != 0 ? x : y, b)
            case let cc:
                let t = condition(cc), f = eval(code(x, b)), g = eval(code(y, b))
                return .dynamic { s, env in t(s, env) ? f(s, env) : g(s, env) }
            }
        case .extract(let hi, let lo, let a):
            let m = PackedBits.mask(hi - lo + 1), sh = UInt64(lo)
            switch code(a, b) {
            case .constant(let v): return .constant((v >> sh) & m)
            case .place(let bit, _): return .place(bit: bit + lo, width: hi - lo + 1)
            case let x:
                let f = eval(x)
                return .dynamic { s, env in (f(s, env) >> sh) & m }
            }
        case .zeroExtend(_, let a):
            return code(a, b)
        case .signExtend(_, let a):
            let n = a.type.bitWidth, m = e.type.mask
            let x = code(a, b)
            if case .constant(let v) = x { return .constant(UInt64(bitPattern: signExtend64(v, n)) & m) }
            let f = eval(x)
            return .dynamic { s, env in UInt64(bitPattern: signExtend64(f(s, env), n)) & m }
        case .concat(let x, let y):
            let sh = UInt64(y.type.bitWidth)
            switch (code(x, b), code(y, b)) {
            case (.constant(let u), .constant(let v)): return .constant((u << sh) | v)
            case (let cx, let cy):
                let f = eval(cx), g = eval(cy)
                return .dynamic { s, env in (f(s, env) << sh) | g(s, env) }
            }
        case .quantifier(let isForall, let local, let domain, let body):
            let card = domain.cardinality ?? 0
            if card <= Self.unrollLimit, Int(card) &* body.size <= Self.unrollBudget {
                var inner = b
                let parts = (0..<card).map { v -> Code in inner.locals[local] = v; return code(body, inner) }
                return isForall ? conjunction(parts) : disjunction(parts)
            }
            var inner = b
            inner.locals[local] = nil
            let p = eval(code(body, inner)), k = localBase + local
            if isForall {
                return .dynamic { s, env in
                    var v: UInt64 = 0
                    while v < card { env[k] = v; if p(s, env) == 0 { return 0 }; v += 1 }
                    return 1
                }
            }
            return .dynamic { s, env in
                var v: UInt64 = 0
                while v < card { env[k] = v; if p(s, env) != 0 { return 1 }; v += 1 }
                return 0
            }
        }
    }

    static func terms(_ e: Expr, _ op: BinaryOp) -> [Expr] {
        if case .binary(let o, let a, let b) = e.kind, o == op { return terms(a, op) + terms(b, op) }
        return [e]
    }

    /// A bool code as a Swift test.
    func condition(_ c: Code) -> @Sendable (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>) -> Bool {
        switch c {
        case .constant(let v): let t = v != 0; return { _, _ in t }
        case .bitTest(let i, let m, let v): return { s, _ in s[i] & m == v }
        case .place(let bit, let width) where Self.singleWord(bit, width):
            let i = bit >> 6, m = PackedBits.mask(width) << UInt64(bit & 63)
            return { s, _ in s[i] & m != 0 }
        default:
            let f = eval(c)
            return { s, env in f(s, env) != 0 }
        }
    }

    /// A bool as a bit test, when it is one.
    func asBitTest(_ c: Code) -> (word: Int, mask: UInt64, value: UInt64)? {
        switch c {
        case .bitTest(let i, let m, let v): return (i, m, v)
        case .place(let bit, 1): let m = UInt64(1) << UInt64(bit & 63); return (bit >> 6, m, m)
        default: return nil
        }
    }

    func not(_ c: Code) -> Code {
        switch c {
        case .constant(let v): return .constant(v ^ 1)
        case .place(let bit, 1): return .bitTest(word: bit >> 6, mask: UInt64(1) << UInt64(bit & 63), value: 0)
        case .bitTest(let i, let m, let v) where m.nonzeroBitCount == 1: return .bitTest(word: i, mask: m, value: v ^ m)
        default:
            let f = condition(c)
            return .dynamic { s, env in f(s, env) ? 0 : 1 }
        }
    }

    /// All of `parts` (bools): constants folded, bit tests of one word merged into one test.
    func conjunction(_ parts: [Code]) -> Code {
        var tests: [(word: Int, mask: UInt64, value: UInt64)] = []
        var rest: [Code] = []
        for p in parts {
            if case .constant(let v) = p { if v == 0 { return .constant(0) }; continue }
            guard let t = asBitTest(p) else { rest.append(p); continue }
            if let k = tests.firstIndex(where: { $0.word == t.word }) {
                let common = tests[k].mask & t.mask
                if tests[k].value & common != t.value & common { return .constant(0) }
                tests[k] = (t.word, tests[k].mask | t.mask, tests[k].value | t.value)
            } else {
                tests.append(t)
            }
        }
        let codes = tests.map { Code.bitTest(word: $0.word, mask: $0.mask, value: $0.value) } + rest
        if codes.isEmpty { return .constant(1) }
        if codes.count == 1 { return codes[0] }
        let conditions = codes.map(condition)
        if conditions.count == 2 {
            let (f, g) = (conditions[0], conditions[1])
            return .dynamic { s, env in f(s, env) && g(s, env) ? 1 : 0 }
        }
        return .dynamic { s, env in
            for c in conditions where !c(s, env) { return 0 }
            return 1
        }
    }

    /// Any of `parts` (bools), constants folded.
    func disjunction(_ parts: [Code]) -> Code {
        var rest: [Code] = []
        for p in parts {
            if case .constant(let v) = p { if v != 0 { return .constant(1) }; continue }
            rest.append(p)
        }
        if rest.isEmpty { return .constant(0) }
        if rest.count == 1 { return rest[0] }
        let conditions = rest.map(condition)
        if conditions.count == 2 {
            let (f, g) = (conditions[0], conditions[1])
            return .dynamic { s, env in f(s, env) || g(s, env) ? 1 : 0 }
        }
        return .dynamic { s, env in
            for c in conditions where c(s, env) { return 1 }
            return 0
        }
    }

    func binary(_ op: BinaryOp, _ x: Code, _ y: Code, width n: Int) -> Code {
        switch op {
        case .and: return conjunction([x, y])
        case .or: return disjunction([x, y])
        case .implies: return disjunction([not(x), y])
        case .eq, .ne:
            if let t = equality(x, y) { return op == .eq ? t : not(t) }
            return op == .eq ? lift(OpEq.self, x, y, n) : lift(OpNe.self, x, y, n)
        case .add: return lift(OpAdd.self, x, y, n)
        case .sub: return lift(OpSub.self, x, y, n)
        case .mul: return lift(OpMul.self, x, y, n)
        case .udiv: return lift(OpUDiv.self, x, y, n)
        case .urem: return lift(OpURem.self, x, y, n)
        case .band: return lift(OpAnd.self, x, y, n)
        case .bor: return lift(OpOr.self, x, y, n)
        case .bxor: return lift(OpXor.self, x, y, n)
        case .shl: return lift(OpShl.self, x, y, n)
        case .lshr: return lift(OpLShr.self, x, y, n)
        case .ashr: return lift(OpAShr.self, x, y, n)
        case .ult: return lift(OpULt.self, x, y, n)
        case .ule: return lift(OpULe.self, x, y, n)
        case .ugt: return lift(OpULt.self, y, x, n)
        case .uge: return lift(OpULe.self, y, x, n)
        case .slt: return lift(OpSLt.self, x, y, n)
        case .sle: return lift(OpSLe.self, x, y, n)
        case .sgt: return lift(OpSLt.self, y, x, n)
        case .sge: return lift(OpSLe.self, y, x, n)
        }
    }

    /// `place == constant` within one word as a bit test; a bool compared with a constant.
    func equality(_ x: Code, _ y: Code) -> Code? {
        switch (x, y) {
        case (.place(let bit, let w), .constant(let c)) where Self.singleWord(bit, w),
             (.constant(let c), .place(let bit, let w)) where Self.singleWord(bit, w):
            let m = PackedBits.mask(w)
            if c & ~m != 0 { return .constant(0) }
            let sh = UInt64(bit & 63)
            return .bitTest(word: bit >> 6, mask: m << sh, value: c << sh)
        case (.bitTest, .constant(let c)): return c == 1 ? x : (c == 0 ? not(x) : .constant(0))
        case (.constant(let c), .bitTest): return c == 1 ? y : (c == 0 ? not(y) : .constant(0))
        default: return nil
        }
    }

    /// A binary operation: folded when both sides are known, otherwise one closure with the
    /// known side (or a one-word place) built in.
    func lift<O: ScalarOp>(_: O.Type, _ x: Code, _ y: Code, _ n: Int) -> Code {
        let m = PackedBits.mask(n)
        switch (x, y) {
        case (.constant(let a), .constant(let c)):
            return .constant(O.apply(a, c, n, m))
        case (.place(let bit, let w), .constant(let c)) where Self.singleWord(bit, w):
            let i = bit >> 6, sh = UInt64(bit & 63), pm = PackedBits.mask(w)
            return .dynamic { s, _ in O.apply((s[i] >> sh) & pm, c, n, m) }
        case (_, .constant(let c)):
            let f = eval(x)
            return .dynamic { s, env in O.apply(f(s, env), c, n, m) }
        case (.constant(let a), _):
            let g = eval(y)
            return .dynamic { s, env in O.apply(a, g(s, env), n, m) }
        case (.place(let b1, let w1), .place(let b2, let w2)) where Self.singleWord(b1, w1) && Self.singleWord(b2, w2):
            let i = b1 >> 6, si = UInt64(b1 & 63), mi = PackedBits.mask(w1)
            let j = b2 >> 6, sj = UInt64(b2 & 63), mj = PackedBits.mask(w2)
            return .dynamic { s, _ in O.apply((s[i] >> si) & mi, (s[j] >> sj) & mj, n, m) }
        default:
            let f = eval(x), g = eval(y)
            return .dynamic { s, env in O.apply(f(s, env), g(s, env), n, m) }
        }
    }

    /// The bit address of a field's element (keys outermost first) and the element's width.
    func place(field f: Int, keys: [Expr], _ b: Bindings) -> (Address, Int) {
        let w = layout.leafBits[f]
        var fixed = layout.bitOffsets[f]
        var parts: [(PackedEval, Int)] = []
        var type = fieldTypes[f]
        for k in keys {
            guard case .map(_, let vt) = type else { break }
            let stride = (StateLayout.slots(vt) ?? 1) * w
            switch code(k, b) {
            case .constant(let v): fixed += Int(truncatingIfNeeded: v) &* stride
            case let c: parts.append((eval(c), stride))
            }
            type = vt
        }
        let base = fixed
        switch parts.count {
        case 0: return (.fixed(base), w)
        case 1:
            let (k, stride) = parts[0]
            return (.dynamic { s, env in base &+ Int(truncatingIfNeeded: k(s, env)) &* stride }, w)
        default:
            let all = parts
            return (.dynamic { s, env in
                var a = base
                for (k, stride) in all { a = a &+ Int(truncatingIfNeeded: k(s, env)) &* stride }
                return a
            }, w)
        }
    }

    // MARK: statements

    func block(_ stmts: [Stmt], _ b: inout Bindings) -> Step {
        var parts: [PackedExec] = []
        func finish() -> Step {
            switch parts.count {
            case 0: return .nothing
            case 1: return .run(parts[0])
            case 2:
                let (f, g) = (parts[0], parts[1])
                return .run { s, env in let r = f(s, env); return r != 0 ? r : g(s, env) }
            default:
                let all = parts
                return .run { s, env in
                    for p in all { let r = p(s, env); if r != 0 { return r } }
                    return 0
                }
            }
        }
        var pending: [Code] = []    // consecutive requires, merged into one test
        func flush() {
            guard !pending.isEmpty else { return }
            let c = conjunction(pending)
            pending = []
            if case .constant(1) = c { return }
            let t = condition(c)
            parts.append { s, env in t(s, env) ? 0 : -1 }
        }
        for st in stmts {
            if case .require(let c) = st {
                let cc = code(c, b)
                if case .constant(0) = cc { flush(); parts.append { _, _ in -1 }; return parts.count == 1 ? .stop(-1) : finish() }
                pending.append(cc)
                continue
            }
            let step = statement(st, &b)
            if case .nothing = step { continue }
            flush()
            switch step {
            case .nothing: break
            case .stop(let r):
                if parts.isEmpty { return .stop(r) }
                parts.append { _, _ in r }
                return finish()
            case .run(let f): parts.append(f)
            }
        }
        flush()
        return finish()
    }

    func statement(_ s: Stmt, _ b: inout Bindings) -> Step {
        switch s {
        case .require(let c):
            var one = b
            return block([.require(c)], &one)
        case .trap(let k):
            return .stop(Int32(k + 1))
        case .bind(let slot, let value):
            let v = code(value, b)
            if case .constant(let c) = v { b.locals[slot] = c; return .nothing }
            b.locals[slot] = nil
            let f = eval(v), k = localBase + slot
            return .run { s, env in env[k] = f(s, env); return 0 }
        case .ifElse(let c, let t, let e):
            let cc = code(c, b)
            if case .constant(let v) = cc {
                var inner = b
                return block(v != 0 ? t : e, &inner)
            }
            var bt = b, be = b
            let test = condition(cc)
            let yes = block(t, &bt), no = block(e, &be)
            switch (yes, no) {
            case (.nothing, .nothing): return .nothing
            case (.run(let f), .nothing): return .run { s, env in test(s, env) ? f(s, env) : 0 }
            case (.nothing, .run(let g)): return .run { s, env in test(s, env) ? 0 : g(s, env) }
            default:
                let f = exec(yes), g = exec(no)
                return .run { s, env in test(s, env) ? f(s, env) : g(s, env) }
            }
        case .assign(let lv, let value):
            if let binder = lv.forEach { return parallel(lv, value, binder, b) }
            let (address, w) = place(field: lv.field, keys: lv.keys, b)
            return .run(store(address, w, code(value, b)))
        }
    }

    func exec(_ s: Step) -> PackedExec {
        switch s {
        case .nothing: return { _, _ in 0 }
        case .stop(let r): return { _, _ in r }
        case .run(let f): return f
        }
    }

    func store(_ address: Address, _ w: Int, _ value: Code) -> PackedExec {
        let m = PackedBits.mask(w)
        switch (address, value) {
        case (.fixed(let bit), .constant(let c)) where Self.singleWord(bit, w):
            let i = bit >> 6, sh = UInt64(bit & 63), keep = ~(m << sh), v = (c & m) << sh
            return { s, _ in s[i] = (s[i] & keep) | v; return 0 }
        case (.fixed(let bit), _) where Self.singleWord(bit, w):
            let i = bit >> 6, sh = UInt64(bit & 63), keep = ~(m << sh), f = eval(value)
            return { s, env in let v = f(s, env); s[i] = (s[i] & keep) | ((v & m) << sh); return 0 }
        case (.fixed(let bit), _):
            let f = eval(value)
            return { s, env in PackedBits.store(s, bit: bit, width: w, f(s, env)); return 0 }
        case (.dynamic(let a), _):
            let f = eval(value)
            return { s, env in let v = f(s, env); PackedBits.store(s, bit: a(s, env), width: w, v); return 0 }
        }
    }

    /// `forall p: T { m[k][p] = e }`: every place and value computed on the state before the
    /// assignment, then written.
    func parallel(_ lv: LValue, _ value: Expr, _ binder: Binder, _ b: Bindings) -> Step {
        let card = binder.domain.cardinality ?? 0
        let w = layout.leafBits[lv.field]
        if card <= Self.unrollLimit, Int(card) &* Self.size(.assign(lv, value)) <= Self.unrollBudget {
            var inner = b
            var places: [Address] = [], values: [Code] = []
            for q in 0..<card {
                inner.locals[binder.local] = q
                let (a, _) = place(field: lv.field, keys: lv.keys, inner)
                places.append(a)
                values.append(code(value, inner))
            }
            let n = Int(card), base = scratch(2 * n)
            let evals = values.map(eval)
            let addresses: [PackedAddress] = places.map { a in
                switch a {
                case .fixed(let bit): return { _, _ in bit }
                case .dynamic(let f): return f
                }
            }
            if places.allSatisfy({ if case .fixed = $0 { true } else { false } }) {
                let stores = places.enumerated().map { q, a in store(a, w, .dynamic { _, env in env[base + q] }) }
                return .run { s, env in
                    for (q, f) in evals.enumerated() { env[base + q] = f(s, env) }
                    for st in stores { _ = st(s, env) }
                    return 0
                }
            }
            return .run { s, env in
                for q in 0..<n { env[base + q] = evals[q](s, env); env[base + n + q] = UInt64(addresses[q](s, env)) }
                for q in 0..<n { PackedBits.store(s, bit: Int(env[base + n + q]), width: w, env[base + q]) }
                return 0
            }
        }
        var inner = b
        inner.locals[binder.local] = nil
        let (address, _) = place(field: lv.field, keys: lv.keys, inner)
        let at: PackedAddress
        switch address {
        case .fixed(let bit): at = { _, _ in bit }
        case .dynamic(let a): at = a
        }
        let f = eval(code(value, inner)), k = localBase + binder.local
        let n = Int(card), places = scratch(n), values = scratch(n)
        return .run { s, env in
            for q in 0..<n {
                env[k] = UInt64(q)
                env[places + q] = UInt64(at(s, env))
                env[values + q] = f(s, env)
            }
            for q in 0..<n { PackedBits.store(s, bit: Int(env[places + q]), width: w, env[values + q]) }
            return 0
        }
    }
}

// MARK: the scalar operations (SMT-LIB semantics on `n`-bit operands; `m` is the n-bit mask)

protocol ScalarOp: SendableMetatype { static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 }
enum OpEq: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { x == y ? 1 : 0 } }
enum OpNe: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { x != y ? 1 : 0 } }
enum OpAdd: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { (x &+ y) & m } }
enum OpSub: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { (x &- y) & m } }
enum OpMul: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { (x &* y) & m } }
enum OpUDiv: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { y == 0 ? m : x / y } }
enum OpURem: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { y == 0 ? x : x % y } }
enum OpAnd: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { x & y } }
enum OpOr: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { x | y } }
enum OpXor: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { x ^ y } }
enum OpShl: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { y >= UInt64(n) ? 0 : (x << y) & m } }
enum OpLShr: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { y >= UInt64(n) ? 0 : x >> y } }
enum OpAShr: ScalarOp {
    @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 {
        UInt64(bitPattern: signExtend64(x, n) >> Int64(min(y, 63))) & m
    }
}
enum OpULt: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { x < y ? 1 : 0 } }
enum OpULe: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { x <= y ? 1 : 0 } }
enum OpSLt: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { signExtend64(x, n) < signExtend64(y, n) ? 1 : 0 } }
enum OpSLe: ScalarOp { @inline(__always) static func apply(_ x: UInt64, _ y: UInt64, _ n: Int, _ m: UInt64) -> UInt64 { signExtend64(x, n) <= signExtend64(y, n) ? 1 : 0 } }
