import XCTest
import WardConcrete
import WardIR
import WardSMT

/// Small models on which the explorer (BFS over every reachable state) and the model checker
/// (BMC + k-induction) must give the same verdict, and on a violation the identical trace:
/// the least counterexample in BFS order.
final class EngineAgreementTests: XCTestCase {
    enum Expected: Equatable {
        case holds
        case violated(property: String, depth: Int)
    }

    struct Outcome {
        var explorer: ExplorerResult
        var smt: SMTResult
    }

    /// Runs both engines on `text` and checks that they agree with each other and with `expected`.
    @discardableResult
    func agree(_ text: String, _ expected: Expected, properties: [String]? = nil, smtDepth: Int = 12,
               file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        let model = try ModelLoader().load(text: text)
        let selected = properties.map { names in names.map { n in model.checkedProperties.firstIndex { $0.name == n }! } }
        let explorer = Explorer(try Machine(model)).run(ExplorerOptions(properties: selected))
        let smt = ModelChecker(model: model, options: SMTOptions(maxDepth: smtDepth, properties: selected)).run()
        switch expected {
        case .holds:
            guard case .holds(complete: true) = explorer.verdict else {
                XCTFail("explorer: \(explorer.verdict)", file: file, line: line); return Outcome(explorer: explorer, smt: smt)
            }
            switch smt.verdict {
            case .proved, .holdsUpTo: break
            default: XCTFail("smt: \(smt.verdict), explorer proves it", file: file, line: line)
            }
        case .violated(let name, let depth):
            guard case .violated(let a) = explorer.verdict else {
                XCTFail("explorer: \(explorer.verdict)", file: file, line: line); return Outcome(explorer: explorer, smt: smt)
            }
            guard case .violated(let b) = smt.verdict else {
                XCTFail("smt: \(smt.verdict)", file: file, line: line); return Outcome(explorer: explorer, smt: smt)
            }
            XCTAssertEqual(model.checkedProperties[a.property].name, name, file: file, line: line)
            XCTAssertEqual(a.steps.count, depth, "explorer trace depth", file: file, line: line)
            let formatter = ValueFormatter(model: model, layout: try StateLayout(model))
            XCTAssertEqual(a, b, "traces differ:\nexplorer:\n\(formatter.render(a))\nsmt:\n\(formatter.render(b))", file: file, line: line)
        }
        return Outcome(explorer: explorer, smt: smt)
    }

    func proof(_ o: Outcome) -> ProofKind? { if case .proved(let k) = o.smt.verdict { return k }; return nil }

    // MARK: counters

    static let counter = """
    model counter {
      var x : bits<4> = 0
      var y : bits<4> = 0
      action inc() { require x < 10; x = x + 1 }
      action reset() { x = 0 }
      action copy() { y = x }
      invariant bounded: x <= 10
      invariant y_bounded: y <= 10
    }
    """

    static let counterWithBug = """
    model counter_bug {
      var x : bits<4> = 0
      action inc() { require x < 10; x = x + 1 }
      action reset() { x = 0 }
      property below7: x < 7
    }
    """

    func testCounterHoldsAndIsProvedInductive() throws {
        let o = try agree(Self.counter, .holds, properties: ["bounded"])
        XCTAssertEqual(proof(o), .induction(k: 1, strengthened: false))
        // y <= 10 is inductive only together with x <= 10.
        let o2 = try agree(Self.counter, .holds, properties: ["y_bounded"])
        XCTAssertEqual(proof(o2), .induction(k: 1, strengthened: true))
    }

    func testCounterViolationAtDepthSeven() throws {
        let o = try agree(Self.counterWithBug, .violated(property: "below7", depth: 7))
        guard case .violated(let t) = o.explorer.verdict else { return }
        XCTAssertEqual(t.steps.map(\.label.action), Array(repeating: 0, count: 7), "seven times inc")
        XCTAssertEqual(t.steps.last?.state, [7])
    }

    /// Strengthening an induction step with the model's other claims is sound only when those
    /// claims are invariants themselves. Here `small` is false (x reaches 7), and assuming it
    /// would "prove" `safe`, which breaks at depth 9 (inc ×8, boom).
    func testStrengtheningByAFalseClaimProvesNothing() throws {
        let text = """
        model strengthen {
          var x : bits<4> = 0
          var bad : bool = false
          action inc() { require x < 10; x = x + 1 }
          action boom() { require x == 8; bad = true }
          invariant safe: !bad
          property small: x < 7
        }
        """
        let o = try agree(text, .violated(property: "safe", depth: 9), properties: ["safe"])
        guard case .violated(let t) = o.smt.verdict else { return }
        XCTAssertEqual(t.steps.map(\.label.action), Array(repeating: 0, count: 8) + [1])
        // With true claims, strengthening still works: `y <= 10` follows from `x <= 10`.
        let counter = try agree(Self.counter, .holds, properties: ["y_bounded"])
        XCTAssertEqual(proof(counter), .induction(k: 1, strengthened: true))
    }

    /// Needs 2-induction: x == 0 is not inductive alone (y is arbitrary in an induction step),
    /// but any two steps from a state with x == 0 keep it. (k ≥ 2 once crashed the checker.)
    func testTwoInduction() throws {
        let text = """
        model shift {
          var x : bits<4> = 0
          var y : bits<4> = 0
          action step() { x = y; y = 0 }
          invariant zero: x == 0
        }
        """
        let o = try agree(text, .holds)
        XCTAssertEqual(proof(o), .induction(k: 2, strengthened: false))
    }

    // MARK: mutual exclusion

    static let peterson = """
    model peterson {
      enum Pc { idle, want, waiting, critical }
      enum Proc { P0, P1 }
      var pc : map<Proc, Pc> = idle
      var flag : map<Proc, bool> = false
      var turn : Proc = P0
      fn other(p: Proc) -> Proc = if p == P0 then P1 else P0
      action request(p: Proc) { require pc[p] == idle; flag[p] = true; pc[p] = want }
      action yield_turn(p: Proc) { require pc[p] == want; turn = other(p); pc[p] = waiting }
      action enter(p: Proc) { require pc[p] == waiting; require !flag[other(p)] || turn == p; pc[p] = critical }
      action leave(p: Proc) { require pc[p] == critical; flag[p] = false; pc[p] = idle }
      invariant mutex: !(pc[P0] == critical && pc[P1] == critical)
    }
    """

    func testPetersonMutualExclusionHolds() throws {
        // Mutual exclusion alone is not k-inductive for small k (unreachable states lead into
        // it); BMC to depth 3 finds nothing, and the explorer proves it exhaustively.
        let o = try agree(Self.peterson, .holds, smtDepth: 3)
        guard case .holdsUpTo(3) = o.smt.verdict else { return XCTFail("\(o.smt.verdict)") }
        // With Peterson's auxiliary invariants it is proved by strengthened induction.
        let helped = Self.peterson.replacingOccurrences(of: "  invariant mutex:", with: """
          invariant flags: forall p: Proc :: flag[p] == (pc[p] != idle)
          invariant priority: forall p: Proc :: (pc[p] == critical && pc[other(p)] == waiting) ==> turn == p
          invariant mutex:
        """)
        let h = try agree(helped, .holds, properties: ["mutex"])
        XCTAssertEqual(proof(h), .induction(k: 1, strengthened: true))
        let all = try agree(helped, .holds)
        XCTAssertEqual(proof(all), .induction(k: 1, strengthened: false))
    }

    /// Test-then-enter in two steps: both processes can pass the test before either enters.
    func testBrokenMutexViolationAgrees() throws {
        let text = """
        model naive_mutex {
          enum Pc { idle, checked, critical }
          enum Proc { P0, P1 }
          var pc : map<Proc, Pc> = idle
          fn other(p: Proc) -> Proc = if p == P0 then P1 else P0
          action check(p: Proc) { require pc[p] == idle && pc[other(p)] != critical; pc[p] = checked }
          action enter(p: Proc) { require pc[p] == checked; pc[p] = critical }
          action leave(p: Proc) { require pc[p] == critical; pc[p] = idle }
          invariant mutex: !(pc[P0] == critical && pc[P1] == critical)
        }
        """
        let o = try agree(text, .violated(property: "mutex", depth: 4))
        guard case .violated(let t) = o.smt.verdict else { return }
        // The least trace: check(P0), check(P1), enter(P0), enter(P1).
        XCTAssertEqual(t.steps.map(\.label), [Label(action: 0, params: [0]), Label(action: 0, params: [1]),
                                              Label(action: 1, params: [0]), Label(action: 1, params: [1])])
    }

    // MARK: enums, sets, maps

    static let permissions = """
    model permissions {
      enum User { alice, bob, carol }
      enum Perm { r, w, x }
      var acl : map<User, set<Perm>> = {}
      var owner : User = alice
      init { acl[alice] = {r, w, x} }
      action grant(from: User, to: User, p: Perm) {
        require w in acl[from]
        require p in acl[from]
        require p != x || from == owner
        acl[to] = acl[to] | {p}
      }
      action revoke(u: User, p: Perm) { require u != owner; acl[u] = acl[u] - {p} }
      action transfer(to: User) { require w in acl[to]; owner = to }
      invariant owner_writes: w in acl[owner]
      invariant carol_never_executes: !(x in acl[carol])
    }
    """

    func testEnumsSetsMapsViolation() throws {
        let o = try agree(Self.permissions, .violated(property: "carol_never_executes", depth: 1))
        guard case .violated(let t) = o.explorer.verdict else { return }
        XCTAssertEqual(t.steps.map(\.label), [Label(action: 0, params: [0, 2, 2])], "grant(alice, carol, x)")
    }

    func testEnumsSetsMapsInvariantHolds() throws {
        try agree(Self.permissions, .holds, properties: ["owner_writes"])
    }

    // MARK: deep violation

    static let combination = """
    model combination {
      var stage : bits<3> = 0
      var alarms : bits<2> = 0
      action push(v: bits<2>) {
        if v == 2 && stage == 0 { stage = 1 }
        else if v == 1 && stage == 1 { stage = 2 }
        else if v == 3 && stage == 2 { stage = 3 }
        else { stage = 0 }
      }
      action poke() {
        if stage == 2 { trap tamper }
        require alarms < 3
        alarms = alarms + 1
      }
      invariant locked: stage != 3
      property few_alarms: alarms < 3
    }
    """

    func testViolationOnlyAtDepthThree() throws {
        let o = try agree(Self.combination, .violated(property: "locked", depth: 3), properties: ["locked"])
        guard case .violated(let t) = o.explorer.verdict else { return }
        XCTAssertEqual(t.steps.map(\.label), [Label(action: 0, params: [2]), Label(action: 0, params: [1]),
                                              Label(action: 0, params: [3])])
        // The depth bound cuts the explorer short of it, and BMC cannot see it either.
        let model = try ModelLoader().load(text: Self.combination)
        let shallow = Explorer(try Machine(model)).run(ExplorerOptions(maxDepth: 2, properties: [0]))
        guard case .holds(complete: false) = shallow.verdict else { return XCTFail("\(shallow.verdict)") }
    }

    func testPropertyOrderAndTrapsAgree() throws {
        // Both properties selected: `locked` breaks at depth 3, `few_alarms` at depth 3 too
        // (poke ×3); BFS finds the least trace, push(0) sorts before poke.
        try agree(Self.combination, .violated(property: "locked", depth: 3))
        try agree(Self.combination, .violated(property: "few_alarms", depth: 3), properties: ["few_alarms"])
    }

    // MARK: unconstrained initial state

    static let freeInit = """
    model free_init {
      var a : bits<3>
      var b : bits<3>
      enum Color { red, green, blue }
      var tag : Color
      init { require a < b && b < 4; require tag != green }
      action bump() { require b < 7; b = b + 1 }
      action lower() { require a > 0; a = a - 1 }
      action paint(t: Color) { tag = t }
      invariant ordered: a < b
      property close: b - a < 6
    }
    """

    func testUnconstrainedInitialFieldsWithRequireInInit() throws {
        let model = try ModelLoader().load(text: Self.freeInit)
        let initial = try Machine(model).initialStates()
        // a < b < 4: six (a, b) pairs, times tag ∈ {red, blue}.
        XCTAssertEqual(initial.count, 12)
        XCTAssertEqual(initial.first, [0, 1, 0])
        let o = try agree(Self.freeInit, .holds, properties: ["ordered"])
        XCTAssertEqual(proof(o), .induction(k: 1, strengthened: false))
        let v = try agree(Self.freeInit, .violated(property: "close", depth: 3), properties: ["close"])
        guard case .violated(let t) = v.smt.verdict else { return }
        XCTAssertEqual(t.initial, [0, 3, 0], "the least initial state that can reach b - a = 6 in three steps")
    }
}
