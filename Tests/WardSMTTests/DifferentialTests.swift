import XCTest
import WardConcrete
import WardIR
import WardSMT
import WardSolver

/// The two interpretations of the IR must agree: the concrete closure compiler (the explorer's
/// and emulator's semantics) and the Z3 encoding (BMC's and k-induction's). Random well-typed
/// IR is built directly as `Expr`/`Stmt` values over a model whose fields were declared in
/// Ward text, run by both engines on the same concrete state, and compared value by value.
final class DifferentialTests: XCTestCase {
    /// Fields of every width 1...64, enums with 1, 2, 3, 5 and 8 cases, sets, and maps keyed
    /// by enums (power-of-two case counts or not), bool, bits and sets, one of them nested.
    static let exprWorld: String = {
        var lines = [
            "model world {",
            "  enum E1 { only }",
            "  enum E2 { p, q }",
            "  enum E3 { a, b, c }",
            "  enum E5 { v0, v1, v2, v3, v4 }",
            "  enum E8 { h0, h1, h2, h3, h4, h5, h6, h7 }",
            // More cases than the encoder expands: quantifiers over it are Z3 quantifiers with a range guard.
            "  enum E70 { " + (0..<70).map { "k\($0)" }.joined(separator: ", ") + " }",
        ]
        for w in 1...64 { lines.append("  var w\(w) : bits<\(w)>") }
        lines += [
            "  var flag : bool",
            "  var e1 : E1", "  var e2 : E2", "  var e3 : E3", "  var e5 : E5", "  var e8 : E8",
            "  var s1 : set<E1>", "  var s2 : set<E2>", "  var s3 : set<E3>", "  var s5 : set<E5>", "  var s8 : set<E8>",
        ]
        for w in [1, 5, 8, 13, 16, 32, 33, 47, 63, 64] { lines.append("  var mw\(w) : map<E3, bits<\(w)>>") }
        lines += [
            "  var mb : map<bool, bits<8>>",
            "  var mk : map<bits<2>, E5>",
            "  var ms : map<E2, set<E3>>",
            "  var mn : map<bits<2>, map<E3, bits<16>>>",
            "  var mset : map<set<E2>, bool>",
            "  var m5 : map<E5, bits<64>>",
            "  var me : map<E3, E5>",
            "  var e70 : E70",
            "  var m70 : map<E70, bits<3>>",
            "  action probe(p0: bits<8>, p1: bits<64>, p2: E3, p3: bool, p4: bits<1>, p5: set<E5>, p6: bits<37>, p7: E5) { }",
            "}",
        ]
        return lines.joined(separator: "\n")
    }()

    static let stmtWorld = """
    model stmts {
      enum E3 { a, b, c }
      enum E5 { v0, v1, v2, v3, v4 }
      var f0 : bool
      var f1 : bits<8>
      var f2 : bits<64>
      var f3 : bits<1>
      var f4 : bits<33>
      var f5 : E3
      var f6 : set<E5>
      var f7 : map<E3, bits<16>>
      var f8 : map<bits<2>, map<bool, bits<5>>>
      var f9 : map<E5, set<E3>>
      var f10 : bits<13>
      var f11 : E5
      action body(p0: bits<8>, p1: E3, p2: bool, p3: bits<64>, p4: E5) { }
      action kinds() { if f0 { trap alpha } else if f3 == 1 { trap beta } else { trap gamma } }
    }
    """

    static let allBinaryOps = ["and", "or", "implies", "eq", "ne", "add", "sub", "mul", "udiv", "urem", "band", "bor",
                               "bxor", "shl", "lshr", "ashr", "ult", "ule", "ugt", "uge", "slt", "sle", "sgt", "sge"]
    static let allUnaryOps = ["not", "bvnot", "bvneg"]
    static let allKinds = ["constant", "field", "param", "local", "index", "unary", "binary", "ite", "extract",
                           "zeroExtend", "signExtend", "concat", "forall", "exists"]

    func randomState(_ model: Model, _ layout: StateLayout, _ gen: inout IRGenerator) -> [UInt64] {
        var slots = Array(repeating: UInt64(0), count: layout.slotCount)
        for (i, f) in model.fields.enumerated() {
            let leaf = Elaborated.leaf(f.type)
            for s in layout.offsets[i]..<layout.offsets[i] + StateLayout.slots(f.type)! { slots[s] = gen.value(leaf) }
        }
        return slots
    }

    func testExpressionsAgree() throws {
        let model = try ModelLoader().load(text: Self.exprWorld)
        let layout = try StateLayout(model)
        let compiler = Compiler(model: model, layout: layout)
        let z3 = try Z3Context()
        let encoder = Encoder(z3: z3, model: model)
        var reader = try GroundReader(z3)
        let paramTypes = model.actions[0].params.map(\.type)
        var gen = IRGenerator(seed: 0xD1FF_0001, model: model, paramTypes: paramTypes)
        let coverage = Coverage()
        var failures: [String] = []
        var state: [UInt64] = [], params: [UInt64] = []
        var stateTerms: [Z3Term] = [], paramTerms: [Z3Term] = []
        let count = 10_500
        for n in 0..<count {
            if n % 25 == 0 {
                state = randomState(model, layout, &gen)
                params = paramTypes.map { gen.value($0) }
                stateTerms = try encoder.state(state, layout)
                paramTerms = try zip(params, paramTypes).map { try encoder.constant($0, $1) }
            }
            let root: IRType
            switch n % 10 {
            case 0, 1, 2: root = .bool
            case 3: root = n % 20 == 3 ? .enumeration(gen.rng.pick(model.enums)) : .set(gen.rng.pick(model.enums.filter { $0.cases.count <= 64 }))
            default: root = .bits(1 + (n / 10 + n) % 64)
            }
            gen.nextLocal = 0
            let e = gen.expr(root, depth: 1 + gen.rng.below(6))
            coverage.visit(e)
            let frame = Frame(state: state, params: params, locals: max(gen.nextLocal, 1))
            let concrete = compiler.compile(e)(frame)
            let symbolic = try reader.read(try encoder.encode(e, Encoder.Environment(state: stateTerms, params: paramTerms)),
                                           bool: e.type == .bool)
            if concrete & ~e.type.mask != 0 {
                failures.append("concrete value \(concrete) exceeds \(e.type) for \(e)")
            }
            if symbolic != concrete {
                failures.append("#\(n) \(e.type): concrete \(concrete), smt \(symbolic.map(String.init) ?? "undecided") for \(e)"
                                + "\n  state: " + describe(e, state, params, model, layout))
            }
            if failures.count >= 10 { break }
        }
        XCTAssert(failures.isEmpty, "engines disagree:\n" + failures.joined(separator: "\n"))
        guard failures.isEmpty else { return }

        // The run covered what it claims to cover.
        for k in Self.allKinds { XCTAssertGreaterThan(coverage.kinds[k] ?? 0, 50, "too few \(k) nodes") }
        for op in Self.allBinaryOps { XCTAssertGreaterThan(coverage.binary[op] ?? 0, 100, "too few \(op)") }
        for op in Self.allUnaryOps { XCTAssertGreaterThan(coverage.unary[op] ?? 0, 100, "too few \(op)") }
        for w in 1...64 {
            XCTAssertGreaterThan(coverage.widths[w] ?? 0, 300, "width \(w) occurs too rarely")
            for edge in ["zero", "one", "ones", "sign"] { XCTAssert(coverage.edges.contains("\(w):\(edge)"), "no \(edge) constant of width \(w)") }
        }
        XCTAssertGreaterThan(coverage.divisionsByZeroConstant, 200)
        XCTAssertGreaterThan(coverage.oversizedShifts, 200)
        XCTAssertGreaterThan(coverage.mapReads, 1000)
        for domain in ["bits<7>", "bits<8>", "bits<6>", "E5", "E70", "set<E3>", "bool"] {
            XCTAssertGreaterThan(coverage.quantifierDomains[domain] ?? 0, 5, "few quantifiers over \(domain)")
        }
    }

    /// The values of the fields and parameters an expression reads, for a mismatch report.
    func describe(_ e: Expr, _ state: [UInt64], _ params: [UInt64], _ model: Model, _ layout: StateLayout) -> String {
        var fields = Set<Int>(), ps = Set<Int>()
        func walk(_ e: Expr) {
            switch e.kind {
            case .field(let i): fields.insert(i)
            case .param(let i): ps.insert(i)
            case .constant, .local: break
            case .index(let a, let b), .binary(_, let a, let b), .concat(let a, let b): walk(a); walk(b)
            case .unary(_, let a), .extract(_, _, let a), .zeroExtend(_, let a), .signExtend(_, let a): walk(a)
            case .ite(let c, let a, let b): walk(c); walk(a); walk(b)
            case .quantifier(_, _, _, let b): walk(b)
            }
        }
        walk(e)
        let f = fields.sorted().map { i in
            let n = StateLayout.slots(model.fields[i].type)!
            return "f\(i)(\(model.fields[i].name))=\(state[layout.offsets[i]..<layout.offsets[i] + n].map { String($0) }.joined(separator: ","))"
        }
        return (f + ps.sorted().map { "p\($0)=\(params[$0])" }).joined(separator: " ")
    }

    // MARK: statements

    /// Terms for every slot of a field value, in layout order.
    func slotTerms(_ t: Z3Term, _ type: IRType, _ encoder: Encoder) throws -> [Z3Term] {
        guard case .map(let k, let v) = type else { return [t] }
        var out: [Z3Term] = []
        for key in 0..<k.cardinality! {
            out += try slotTerms(try encoder.z3.select(t, try encoder.constant(key, k)), v, encoder)
        }
        return out
    }

    /// Maps keyed by bits<7>: parallel updates over 128 keys, which Z3 gets as an array lambda.
    static let wideWorld = """
    model wide {
      enum E3 { a, b, c }
      var g0 : bits<7>
      var g1 : map<bits<7>, bits<3>>
      var g2 : map<bool, map<bits<7>, bits<2>>>
      var g3 : bool
      var g4 : E3
      action body(p0: bits<7>, p1: E3, p2: bool) { }
      action kinds() { if g3 { trap alpha } else { trap beta } }
    }
    """

    func testStatementsAgree() throws {
        guard let counts = try runStatements(world: Self.stmtWorld, seed: 0x57A7_0002, lists: 2_100, parallelPercent: 0) else { return }
        XCTAssertGreaterThan(counts["parallel"] ?? 0, 400, "too few parallel (forall) updates")
        for kind in ["assign", "bind", "ifElse", "trap", "require"] {
            XCTAssertGreaterThan(counts[kind] ?? 0, 500, "too few \(kind) statements")
        }
        XCTAssertGreaterThan(counts["mapElementWrites"] ?? 0, 1000)
        XCTAssertGreaterThan(counts["localReads"] ?? 0, 1000, "let-bound values are rarely read back")
    }

    func testParallelUpdatesOverLargeDomainsAgree() throws {
        guard let counts = try runStatements(world: Self.wideWorld, seed: 0x1A4B_DA03, lists: 90, parallelPercent: 30) else { return }
        XCTAssertGreaterThan(counts["lambda"] ?? 0, 60, "too few parallel updates over a domain Z3 gets as a lambda")
    }

    /// Runs `lists` random statement lists on both engines; returns how often each construct
    /// occurred, or nil after reporting disagreements.
    func runStatements(world: String, seed: UInt64, lists: Int, parallelPercent: Int) throws -> [String: Int]? {
        let base = try ModelLoader().load(text: world)
        XCTAssertEqual(base.trapKinds.first, "alpha")
        let layout = try StateLayout(base)
        let z3 = try Z3Context()
        let encoder = Encoder(z3: z3, model: base)
        var reader = try GroundReader(z3)
        let paramTypes = base.actions[0].params.map(\.type)
        var gen = IRGenerator(seed: seed, model: base, paramTypes: paramTypes)
        gen.parallelPercent = parallelPercent
        let coverage = Coverage()
        var outcomes: [String: Int] = [:]
        var statementKinds: [String: Int] = [:]
        var mapElementWrites = 0
        var failures: [String] = []
        func count(_ stmts: [Stmt]) {
            for s in stmts {
                switch s {
                case .assign(let lv, let v):
                    statementKinds[lv.forEach == nil ? "assign" : "parallel", default: 0] += 1
                    if lv.forEach.map({ $0.domain.cardinality! > 64 }) == true { statementKinds["lambda", default: 0] += 1 }
                    if !lv.keys.isEmpty { mapElementWrites += 1 }
                    lv.keys.forEach(coverage.visit); coverage.visit(v)
                case .bind(_, let v): statementKinds["bind", default: 0] += 1; coverage.visit(v)
                case .ifElse(let c, let t, let e): statementKinds["ifElse", default: 0] += 1; coverage.visit(c); count(t); count(e)
                case .trap: statementKinds["trap", default: 0] += 1
                case .require(let c): statementKinds["require", default: 0] += 1; coverage.visit(c)
                }
            }
        }
        for n in 0..<lists {
            gen.nextLocal = 0
            gen.locals = []
            let body = gen.block(3, count: 1 + gen.rng.below(8))
            count(body)
            var model = base
            model.actions = [base.actions[0]]
            model.actions[0].body = body
            model.actions[0].localCount = gen.nextLocal
            let pre = randomState(base, layout, &gen)
            let params = paramTypes.map { gen.value($0) }
            let machine = try Machine(model)
            let outcome = machine.step(pre, Label(action: 0, params: params))

            let preTerms = try encoder.state(pre, layout)
            let paramTerms = try zip(params, paramTypes).map { try encoder.constant($0, $1) }
            let effect = try SymbolicExecutor(encoder: encoder).execute(body, state: preTerms, params: paramTerms)
            let enabled = try reader.read(effect.enabled, bool: true)
            let trapped = try reader.read(effect.trapped, bool: true)
            var problems: [String] = []
            func comparePost(_ expected: [UInt64]) throws {
                // Fast path: every slot of the post state equals its concrete value, as one
                // ground formula that the simplifier reduces to `true`.
                var slotTermsInOrder: [(Z3Term, IRType)] = []
                for (i, f) in base.fields.enumerated() {
                    for t in try slotTerms(effect.post[i], f.type, encoder) { slotTermsInOrder.append((t, Elaborated.leaf(f.type))) }
                }
                let equal = try z3.and(try zip(slotTermsInOrder, expected).map { pair, v in
                    try z3.eq(pair.0, try encoder.constant(v, pair.1))
                })
                if z3.boolValue(try z3.simplify(equal)) == true { return }
                // Otherwise read every slot, to say which differ.
                for (slot, ((t, type), c)) in zip(slotTermsInOrder, expected).enumerated() {
                    let s = try reader.read(t, bool: type == .bool)
                    if s != c {
                        problems.append("slot \(slot) (\(ValueFormatter(model: base, layout: layout).place(slot))): concrete \(c), smt \(s.map(String.init) ?? "undecided")")
                    }
                }
            }
            switch outcome {
            case .disabled:
                outcomes["disabled", default: 0] += 1
                if enabled != 0 { problems.append("concrete: disabled; smt: enabled=\(String(describing: enabled))") }
            case .trapped(let kind):
                outcomes["trapped", default: 0] += 1
                if enabled != 1 || trapped != 1 {
                    problems.append("concrete: trap \(kind); smt: enabled=\(String(describing: enabled)) trapped=\(String(describing: trapped))")
                } else {
                    let k = try reader.read(effect.trapKind, bool: false)
                    if k != UInt64(kind) { problems.append("trap kind: concrete \(kind), smt \(String(describing: k))") }
                    try comparePost(pre)   // a trap leaves the state as it was
                }
            case .next(let post):
                outcomes["next", default: 0] += 1
                if enabled != 1 || trapped != 0 {
                    problems.append("concrete: steps; smt: enabled=\(String(describing: enabled)) trapped=\(String(describing: trapped))")
                } else {
                    try comparePost(post)
                }
            }
            if !problems.isEmpty {
                failures.append("list #\(n) params \(params) pre \(pre):\n" + render(body, indent: "    ") + "\n  " + problems.joined(separator: "\n  "))
                if failures.count >= 5 { break }
            }
        }
        XCTAssert(failures.isEmpty, "engines disagree on statements:\n" + failures.joined(separator: "\n"))
        guard failures.isEmpty else { return nil }
        for outcome in ["next", "trapped", "disabled"] {
            XCTAssertGreaterThan(outcomes[outcome] ?? 0, lists / 25, "too few '\(outcome)' outcomes: \(outcomes)")
        }
        statementKinds["mapElementWrites"] = mapElementWrites
        statementKinds["localReads"] = coverage.kinds["local"] ?? 0
        return statementKinds
    }

    func render(_ stmts: [Stmt], indent: String) -> String {
        stmts.map { s -> String in
            switch s {
            case .assign(let lv, let v):
                let binder = lv.forEach.map { "forall l\($0.local):\($0.domain) " } ?? ""
                return indent + binder + "f\(lv.field)" + lv.keys.map { "[\($0)]" }.joined() + " = \(v)"
            case .bind(let slot, let v): return indent + "let l\(slot) = \(v)"
            case .ifElse(let c, let t, let e):
                return indent + "if \(c) {\n" + render(t, indent: indent + "  ") + "\n" + indent + "} else {\n"
                    + render(e, indent: indent + "  ") + "\n" + indent + "}"
            case .trap(let k): return indent + "trap \(k)"
            case .require(let c): return indent + "require \(c)"
            }
        }.joined(separator: "\n")
    }
}
