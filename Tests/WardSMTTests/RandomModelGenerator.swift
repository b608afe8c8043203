/// Structure-aware generator of random, well-typed Ward *models* as source text: enums, fields of
/// every kind (bool, bits<N>, enums, sets, maps), initialisers and an `init` block, actions with
/// parameters, guards, `let`, `if`, `for`, `forall` updates, `require` and `trap`, functions, and
/// invariants and properties with quantifiers. The text goes through the whole pipeline (lexer,
/// parser, elaborator, both engines), so a generated model that does not elaborate is a bug of
/// the generator or of the elaborator, which the tests report with the text.
///
/// State spaces stay tiny (at most ~12 bits of state) so that the explorer is exhaustive in
/// milliseconds and BMC to a small depth covers most violations.
struct RandomModelGenerator {
    indirect enum T: Equatable {
        case bool
        case bits(Int)
        case enumeration(Int)   // index into `enums`
        case set(Int)
        case map(T, T)

        var isScalar: Bool { if case .map = self { false } else { true } }
        var stateBits: Int {
            switch self {
            case .bool: 1
            case .bits(let w): w
            case .enumeration(let e): RandomModelGenerator.enumSizes[e] <= 2 ? 1 : 2
            case .set(let e): RandomModelGenerator.enumSizes[e]
            case .map(let k, let v): k.cardinality * v.stateBits
            }
        }
        var cardinality: Int {
            switch self {
            case .bool: 2
            case .bits(let w): 1 << w
            case .enumeration(let e): RandomModelGenerator.enumSizes[e]
            case .set(let e): 1 << RandomModelGenerator.enumSizes[e]
            case .map: 0
            }
        }
    }

    static let enumSizes = [2, 3]
    static let enumNames = ["Color", "Phase"]
    static let caseNames = [["red", "blue"], ["idle", "busy", "done"]]

    struct Variable { var name: String; var type: T; var isField: Bool }

    var rng: SplitMix64
    var fields: [Variable] = []
    /// Names in scope while generating a body or a property: parameters, lets, loop and bound variables.
    var scope: [Variable] = []
    var counter = 0
    var helperType: T?
    var statistics = Statistics()
    /// How often (percent) a `for`-or-trap statement is a trap; ISAs want more of them.
    var trapChance = 30
    var actionKeywords = ["action", "command", "instruction", "hypercall"]

    struct Statistics {
        var constructs: [String: Int] = [:]
        mutating func saw(_ s: String) { constructs[s, default: 0] += 1 }
    }

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func fresh(_ prefix: String) -> String { counter += 1; return "\(prefix)\(counter)" }

    func typeText(_ t: T) -> String {
        switch t {
        case .bool: "bool"
        case .bits(let w): "bits<\(w)>"
        case .enumeration(let e): Self.enumNames[e]
        case .set(let e): "set<\(Self.enumNames[e])>"
        case .map(let k, let v): "map<\(typeText(k)), \(typeText(v))>"
        }
    }

    // MARK: the model

    mutating func model() -> String {
        var lines = opening("model", budget: 12, retries: 10)
        // One field in five starts arbitrary (several initial states); the others start at a value.
        for f in fields {
            if rng.chance(20), f.type.isScalar, f.type.cardinality <= 4 {
                statistics.saw("arbitrary initial value")
                lines.append("  var \(f.name) : \(typeText(f.type))")
            } else {
                lines.append("  var \(f.name) : \(typeText(f.type)) = \(literal(leaf(f.type)))")
            }
        }
        helperType = nil
        if rng.chance(40), let x = fields.first(where: { $0.type.isScalar }) {
            lines.append("  fn helper(a: \(typeText(x.type))) -> bool = " + withScope([Variable(name: "a", type: x.type, isField: false)]) { g in
                g.expr(.bool, depth: 2, anchored: false)
            })
            helperType = x.type
            statistics.saw("fn")
        }
        if rng.chance(35) {
            statistics.saw("init block")
            var body: [String] = []
            if rng.chance(50) { body.append("require " + expr(.bool, depth: 2, anchored: false)) }
            if let f = fields.filter({ $0.type.isScalar }).randomElement(using: &rng) {
                body.append("\(f.name) = " + expr(f.type, depth: 1, anchored: false))
            }
            lines.append("  init { " + body.joined(separator: "; ") + " }")
        }
        for _ in 0..<(1 + rng.below(3)) { lines.append(action()) }
        for i in 0..<(1 + rng.below(2)) {
            let kind = rng.chance(70) ? "invariant" : "property"
            lines.append("  \(kind) p\(i): " + expr(.bool, depth: 3, anchored: false))
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// A random ISA: the same fields, each visible or protected, a one-bit mode field `M` the
    /// bodies read like any other (0 supervisor, 1 user), a deprivileged configuration (user mode,
    /// sometimes a protected field fixed too), instructions with traps of two kinds, invariants.
    mutating func isa() -> String {
        var lines = opening("isa", budget: 10, retries: 0)
        lines.append("  mode M : bits<1> { supervisor = 0, user = 1 }")
        var configuration = ["M = 1"]
        for f in fields {
            let protected = rng.chance(50)
            lines.append("  \(protected ? "protected" : "visible") \(f.name) : \(typeText(f.type))")
            if protected, f.type.isScalar, rng.chance(30) { configuration.append("\(f.name) = " + literal(leaf(f.type))) }
        }
        lines.append("  deprivileged { " + configuration.joined(separator: "; ") + " }")
        fields.append(Variable(name: "M", type: .bits(1), isField: true))
        helperType = nil
        (trapChance, actionKeywords) = (90, ["instruction"])
        defer { (trapChance, actionKeywords) = (30, ["action", "command", "instruction", "hypercall"]) }
        for _ in 0..<(1 + rng.below(3)) { lines.append(action()) }
        for i in 0..<rng.below(2) { lines.append("  invariant p\(i): " + expr(.bool, depth: 2, anchored: false)) }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// Two to four fields within `budget` bits of state (a type too large is drawn again up to
    /// `retries` times, then skipped), and the text up to them: the header, the enums, a constant.
    mutating func opening(_ kind: String, budget: Int, retries: Int) -> [String] {
        counter = 0
        fields = []
        var budget = budget
        for _ in 0..<(2 + rng.below(3)) {
            var t = randomFieldType()
            var tries = 0
            while t.stateBits > budget, tries < retries { t = randomFieldType(); tries += 1 }
            if t.stateBits > budget { continue }
            budget -= t.stateBits
            fields.append(Variable(name: fresh("f"), type: t, isField: true))
        }
        if fields.isEmpty { fields.append(Variable(name: fresh("f"), type: .bool, isField: true)) }
        var lines = ["\(kind) random_\(rng.below(1_000_000)) {"]
        for (e, name) in Self.enumNames.enumerated() {
            lines.append("  enum \(name) { \(Self.caseNames[e].joined(separator: ", ")) }")
        }
        lines.append("  const ONE = 1")
        return lines
    }

    mutating func randomFieldType() -> T {
        switch rng.below(10) {
        case 0, 1: return .bool
        case 2, 3, 4: return .bits(1 + rng.below(3))
        case 5: return .enumeration(rng.below(2))
        case 6: return .set(rng.below(2))
        default:
            let key: T = rng.pick([.bool, .enumeration(0), .enumeration(1), .bits(1)])
            let value: T = rng.pick([.bool, .bits(1), .bits(2), .enumeration(0)])
            return .map(key, value)
        }
    }

    mutating func withScope<R>(_ extra: [Variable], _ body: (inout RandomModelGenerator) -> R) -> R {
        let saved = scope
        scope += extra
        defer { scope = saved }
        return body(&self)
    }

    mutating func action() -> String {
        let name = fresh("act")
        var params: [Variable] = []
        for _ in 0..<rng.below(3) {
            let t: T = rng.pick([.bool, .bits(1), .bits(2), .enumeration(0), .enumeration(1)])
            params.append(Variable(name: fresh("x"), type: t, isField: false))
        }
        if !params.isEmpty { statistics.saw("parameters") }
        return withScope(params) { g in
            var head = "  \(rng0(&g.rng, g.actionKeywords)) \(name)("
                + params.map { "\($0.name): \(g.typeText($0.type))" }.joined(separator: ", ") + ")"
            if g.rng.chance(30) {
                g.statistics.saw("when guard")
                head += " when " + g.expr(.bool, depth: 2, anchored: false)
            }
            return head + " { " + g.block(depth: 2).joined(separator: "; ") + " }"
        }
    }

    mutating func block(depth: Int) -> [String] {
        let saved = scope
        defer { scope = saved }
        var out: [String] = []
        for _ in 0..<(1 + rng.below(3)) { out.append(statement(depth: depth)) }
        return out
    }

    mutating func statement(depth: Int) -> String {
        let scalars = fields.filter { $0.type.isScalar }
        let maps = fields.filter { !$0.type.isScalar }
        switch rng.below(12) {
        case 0, 1, 2, 3:
            if let f = scalars.randomElement(using: &rng) {
                statistics.saw("assignment")
                return "\(f.name) = " + expr(f.type, depth: 2, anchored: false)
            }
        case 4, 5:
            if let m = maps.randomElement(using: &rng), case .map(let k, let v) = m.type {
                statistics.saw("map assignment")
                return "\(m.name)[" + expr(k, depth: 1, anchored: false) + "] = " + expr(v, depth: 2, anchored: false)
            }
        case 6:
            statistics.saw("require")
            return "require " + expr(.bool, depth: 2, anchored: false)
        case 7 where depth > 0:
            statistics.saw("if")
            var s = "if " + expr(.bool, depth: 2, anchored: false) + " { " + block(depth: depth - 1).joined(separator: "; ") + " }"
            if rng.chance(50) { statistics.saw("else"); s += " else { " + block(depth: depth - 1).joined(separator: "; ") + " }" }
            return s
        case 8:
            let t = anchorableScalar()
            let name = fresh("l")
            let value = expr(t, depth: 2, anchored: true)
            scope.append(Variable(name: name, type: t, isField: false))
            statistics.saw("let")
            return "let \(name) = \(value)"
        case 9 where depth > 0:
            if rng.chance(trapChance) {
                statistics.saw("trap")
                return "if " + expr(.bool, depth: 1, anchored: false) + " { trap k\(rng.below(2)) }"
            }
            // `for` over an enum (unrolled), writing a map keyed by it or a scalar.
            let e = rng.below(2)
            let v = Variable(name: fresh("i"), type: .enumeration(e), isField: false)
            statistics.saw("for")
            return "for \(v.name) in \(Self.enumNames[e]) { " + withScope([v]) { g in g.block(depth: 0).joined(separator: "; ") } + " }"
        case 10:
            // A `forall` update: one assignment per map element, simultaneous.
            if let m = maps.randomElement(using: &rng), case .map(let k, let v) = m.type {
                let q = Variable(name: fresh("q"), type: k, isField: false)
                statistics.saw("forall update")
                let value = withScope([q]) { g in g.expr(v, depth: 2, anchored: false) }
                return "forall \(q.name): \(typeText(k)) { \(m.name)[\(q.name)] = \(value) }"
            }
        default:
            break
        }
        if let f = scalars.randomElement(using: &rng) {
            statistics.saw("assignment")
            return "\(f.name) = " + expr(f.type, depth: 1, anchored: false)
        }
        return "require true"
    }

    /// A scalar type that some variable in scope (or a field) has, so an anchored expression exists.
    mutating func anchorableScalar() -> T {
        var types: [T] = [.bool, .enumeration(0), .enumeration(1)]
        for v in fields + scope {
            switch v.type {
            case .map(_, let leaf): types.append(leaf)
            default: types.append(v.type)
            }
        }
        return rng.pick(types)
    }

    // MARK: expressions

    /// Variables (fields included) whose type is `t`, and map reads that give a `t`.
    func leaves(_ t: T) -> [Variable] { (fields + scope).filter { $0.type == t } }
    func maps(giving t: T) -> [Variable] {
        fields.filter { if case .map(_, let v) = $0.type { v == t } else { false } }
    }

    mutating func leaf(_ t: T) -> LiteralValue {
        switch t {
        case .bool: return .bool(rng.chance(50))
        case .bits(let w): return .bits(UInt64(rng.below(1 << w)))
        case .enumeration(let e): return .enumCase(e, rng.below(Self.enumSizes[e]))
        case .set(let e): return .set(e, (0..<Self.enumSizes[e]).filter { _ in rng.chance(40) })
        case .map(_, let v): return leaf(v)
        }
    }

    enum LiteralValue { case bool(Bool), bits(UInt64), enumCase(Int, Int), set(Int, [Int]) }

    func literal(_ v: LiteralValue) -> String {
        switch v {
        case .bool(let b): b ? "true" : "false"
        case .bits(let n): n == 1 ? "ONE" : "\(n)"
        case .enumCase(let e, let c): "\(Self.enumNames[e]).\(Self.caseNames[e][c])"
        case .set(let e, let cs): "{" + cs.map { "\(Self.enumNames[e]).\(Self.caseNames[e][$0])" }.joined(separator: ", ") + "}"
        }
    }

    /// An expression of type `t`. `anchored`: it must not take its type from context (so it may
    /// stand where nothing fixes the type: a comparison's side, `let`, `zext`'s argument).
    mutating func expr(_ t: T, depth: Int, anchored: Bool) -> String {
        let vars = leaves(t), mapReads = maps(giving: t)
        // Leaves.
        if depth <= 0 || rng.chance(25) {
            if !vars.isEmpty, rng.chance(anchored ? 80 : 50) { return vars.randomElement(using: &rng)!.name }
            if let m = mapReads.randomElement(using: &rng), case .map(let k, _) = m.type, rng.chance(60) {
                statistics.saw("map read")
                return "\(m.name)[" + expr(k, depth: 0, anchored: false) + "]"
            }
            // Literals: bools and enum cases have their own type; numbers and sets take it from context.
            if !anchored || t == .bool || isEnum(t) { return literal(leaf(t)) }
            if let v = vars.first { return v.name }
            if let m = mapReads.first, case .map(let k, _) = m.type { return "\(m.name)[" + expr(k, depth: 0, anchored: false) + "]" }
            return fallbackAnchor(t)
        }
        switch t {
        case .bool: return boolExpr(depth)
        case .bits(let w): return bitsExpr(w, depth, anchored)
        case .enumeration(let e):
            if rng.chance(50) {
                statistics.saw("ite")
                let c = expr(.bool, depth: depth - 1, anchored: false)
                return "(if \(c) then \(expr(t, depth: depth - 1, anchored: false)) else \(expr(t, depth: depth - 1, anchored: false)))"
            }
            if let v = vars.randomElement(using: &rng) { return v.name }
            return literal(.enumCase(e, rng.below(Self.enumSizes[e])))
        case .set(let e):
            // Set algebra needs one side whose type is known.
            if vars.isEmpty && mapReads.isEmpty {
                return anchored ? fallbackAnchor(t) : literal(leaf(t))
            }
            let op = rng.pick(["|", "&", "-"])
            statistics.saw("set \(op)")
            let a = expr(t, depth: depth - 1, anchored: true)
            let b = rng.chance(50) ? expr(t, depth: depth - 1, anchored: false) : dynamicSet(e)
            return rng.chance(50) ? "(\(a) \(op) \(b))" : "(\(b) \(op) \(a))"
        case .map: fatalError("no map-valued expressions")
        }
    }

    func isEnum(_ t: T) -> Bool { if case .enumeration = t { true } else { false } }

    /// A set literal with a non-constant element (built from `if`s by the elaborator).
    mutating func dynamicSet(_ e: Int) -> String {
        statistics.saw("dynamic set literal")
        return "{" + expr(.enumeration(e), depth: 1, anchored: false) + "}"
    }

    /// When no variable has type `t`, something anchored of that type anyway.
    mutating func fallbackAnchor(_ t: T) -> String {
        switch t {
        case .set(let e): return dynamicSet(e)
        case .bits(let w):
            // zext of a narrower anchored value, or a slice of a wider one, or a comparison's bit.
            let wider = (fields + scope).compactMap { v -> Int? in if case .bits(let x) = v.type, x > w { x } else { nil } }
            if let x = wider.first, let v = leaves(.bits(x)).first {
                statistics.saw("slice")
                return "\(v.name)[\(w - 1):0]"
            }
            statistics.saw("bool to bits")
            return zextAnchor(w)
        default: return literal(leaf(t))
        }
    }

    /// An anchored bits<w> from a bool: `zext(b ? 1 : 0)` written with concat/zext of a bits<1>.
    mutating func zextAnchor(_ w: Int) -> String {
        let bit = "(if " + expr(.bool, depth: 1, anchored: false) + " then ONE else 0)"
        // `if c then ONE else 0` still needs a width; pin it with a bits<1> variable when there is one.
        if let v = leaves(.bits(1)).first {
            let b = "(\(v.name) | \(bit))"
            return w == 1 ? b : "zext(\(b), \(w))"
        }
        if let m = maps(giving: .bits(1)).first, case .map(let k, _) = m.type {
            let b = "(\(m.name)[" + expr(k, depth: 0, anchored: false) + "] & \(bit))"
            return w == 1 ? b : "zext(\(b), \(w))"
        }
        return "__no_anchor_for_bits_\(w)"   // never reached: callers check `canAnchor`
    }

    func canAnchor(_ t: T) -> Bool {
        switch t {
        case .bool, .enumeration: return true
        case .set: return true   // a dynamic set literal
        case .bits(let w):
            if !leaves(t).isEmpty || !maps(giving: t).isEmpty { return true }
            if (fields + scope).contains(where: { if case .bits(let x) = $0.type { x > w } else { false } }) { return true }
            return !leaves(.bits(1)).isEmpty || !maps(giving: .bits(1)).isEmpty
        case .map: return false
        }
    }

    mutating func bitsExpr(_ w: Int, _ depth: Int, _ anchored: Bool) -> String {
        let t = T.bits(w)
        guard canAnchor(t) else { return literal(leaf(t)) }   // only reached when not anchored
        switch rng.below(9) {
        case 0, 1, 2, 3:
            // Binary operators: one side anchored, so constants never fold into values that do not fit.
            let op = rng.pick(["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"])
            statistics.saw("bits \(op)")
            let a = expr(t, depth: depth - 1, anchored: true)
            let b = expr(t, depth: depth - 1, anchored: false)
            return rng.chance(50) ? "(\(a) \(op) \(b))" : "(\(b) \(op) \(a))"
        case 4:
            statistics.saw("~")
            return "~" + expr(t, depth: depth - 1, anchored: true)
        case 5:
            statistics.saw("ite")
            let c = expr(.bool, depth: depth - 1, anchored: false)
            let a = expr(t, depth: depth - 1, anchored: true), b = expr(t, depth: depth - 1, anchored: false)
            return "(if \(c) then \(a) else \(b))"
        case 6:
            // zext/sext of a narrower anchored value, or a slice of a wider one.
            let narrower = (1..<w).filter { canAnchor(.bits($0)) }
            if let n = narrower.randomElement(using: &rng) {
                let f = rng.pick(["zext", "sext"])
                statistics.saw(f)
                return "\(f)(" + expr(.bits(n), depth: depth - 1, anchored: true) + ", \(w))"
            }
            let wider = (w + 1...3).filter { canAnchor(.bits($0)) }
            if let x = wider.randomElement(using: &rng) {
                let lo = rng.below(x - w + 1)
                statistics.saw("slice")
                return "(" + expr(.bits(x), depth: depth - 1, anchored: true) + ")[\(lo + w - 1):\(lo)]"
            }
            return expr(t, depth: depth - 1, anchored: true)
        case 7 where w >= 2:
            let split = 1 + rng.below(w - 1)
            if canAnchor(.bits(split)), canAnchor(.bits(w - split)) {
                statistics.saw("concat")
                return "concat(" + expr(.bits(split), depth: depth - 1, anchored: true) + ", " + expr(.bits(w - split), depth: depth - 1, anchored: true) + ")"
            }
            return expr(t, depth: depth - 1, anchored: true)
        default:
            if rng.chance(30) {
                statistics.saw("ashr")
                return "ashr(" + expr(t, depth: depth - 1, anchored: true) + ", " + expr(t, depth: depth - 1, anchored: false) + ")"
            }
            return expr(t, depth: 0, anchored: true)
        }
    }

    mutating func boolExpr(_ depth: Int) -> String {
        switch rng.below(12) {
        case 0:
            statistics.saw("!")
            return "!" + expr(.bool, depth: depth - 1, anchored: false)
        case 1, 2:
            let op = rng.pick(["&&", "||", "==>"])
            statistics.saw(op)
            return "(" + expr(.bool, depth: depth - 1, anchored: false) + " \(op) " + expr(.bool, depth: depth - 1, anchored: false) + ")"
        case 3, 4, 5:
            // Comparison of two values of one scalar type; the left side fixes the type.
            let t = anchorableScalar()
            guard canAnchor(t) else { return expr(.bool, depth: 0, anchored: false) }
            var ops = ["==", "!="]
            if case .bits = t { ops += ["<", "<=", ">", ">="] }
            let op = rng.pick(ops)
            statistics.saw("compare \(op)")
            let a = expr(t, depth: depth - 1, anchored: true), b = expr(t, depth: depth - 1, anchored: false)
            return "(\(a) \(op) \(b))"
        case 6:
            let e = rng.below(2)
            statistics.saw("in")
            let element = expr(.enumeration(e), depth: depth - 1, anchored: false)
            let set = rng.chance(50) && canAnchorSet(e) ? expr(.set(e), depth: depth - 1, anchored: true) : literal(leaf(.set(e)))
            return "(\(element) in \(set))"
        case 7:
            let e = rng.below(2)
            guard canAnchorSet(e) else { return expr(.bool, depth: 0, anchored: false) }
            statistics.saw("subset")
            return "subset(" + expr(.set(e), depth: depth - 1, anchored: true) + ", " + expr(.set(e), depth: depth - 1, anchored: false) + ")"
        case 8:
            let t: T = rng.pick([.bool, .enumeration(0), .enumeration(1), .bits(2)])
            let q = Variable(name: fresh("q"), type: t, isField: false)
            let word = rng.chance(50) ? "forall" : "exists"
            statistics.saw(word)
            let body = withScope([q]) { g in g.expr(.bool, depth: depth - 1, anchored: false) }
            return "(\(word) \(q.name): \(typeText(t)) :: \(body))"
        case 9:
            let ws = (1...3).filter { canAnchor(.bits($0)) }
            guard let w = ws.randomElement(using: &rng) else { return expr(.bool, depth: 0, anchored: false) }
            let f = rng.pick(["slt", "sle", "sgt", "sge"])
            statistics.saw(f)
            return "\(f)(" + expr(.bits(w), depth: depth - 1, anchored: true) + ", " + expr(.bits(w), depth: depth - 1, anchored: false) + ")"
        case 10:
            if let h = helperType, canAnchor(h) {
                statistics.saw("call")
                return "helper(" + expr(h, depth: depth - 1, anchored: false) + ")"
            }
            return expr(.bool, depth: 0, anchored: false)
        default:
            if let v = leaves(.bool).randomElement(using: &rng) { return v.name }
            return rng.chance(50) ? "true" : "false"
        }
    }

    func canAnchorSet(_ e: Int) -> Bool { !leaves(.set(e)).isEmpty || !maps(giving: .set(e)).isEmpty }
}

extension RandomModelGenerator.T {
    var isSetType: Bool { if case .set = self { true } else { false } }
}

/// `pick` for a generator passed `inout` through a closure.
func rng0(_ rng: inout SplitMix64, _ xs: [String]) -> String { rng.pick(xs) }

extension Array {
    func randomElement(using rng: inout SplitMix64) -> Element? { isEmpty ? nil : self[rng.below(count)] }
}
