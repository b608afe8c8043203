import XCTest
import WardConcrete
@testable import WardIR
import WardSMT
import WardSolver

/// Solver faults forced at the model checker's call sites: resource limits (deterministic),
/// timeouts, and Z3 errors (ill-sorted terms reach Z3's error handler; an unbound local is
/// WardSolver's own error). None may end the process, and none may turn into a verdict the
/// model does not deserve: a violated property never comes out proved, a true one never violated.
final class RobustSolverFaultTests: XCTestCase {
    /// Violated at depth 3 (x counts 0, 1, 2, 3), by the explorer's least trace.
    static let violated = """
    model faults_violated {
      var x : bits<4> = 0
      var y : bits<4> = 0
      action inc() { require x < 9; x = x + 1 }
      action mix(k: bits<2>) { y = y ^ zext(k, 4) }
      invariant below3: x < 3
    }
    """
    /// Holds, 1-inductive once strengthened by the other invariant.
    static let holds = """
    model faults_holds {
      var x : bits<4> = 0
      var y : bits<4> = 0
      action inc() { require x < 9; x = x + 1 }
      action copy() { y = x }
      invariant bounded: x <= 9
      invariant y_bounded: y <= 9
    }
    """

    func load(_ text: String) throws -> Model { try ModelLoader().load(text: text) }

    func explorerTrace(_ model: Model) throws -> Trace? {
        if case .violated(let t) = Explorer(try Machine(model)).run().verdict { return t }
        return nil
    }

    /// Every resource limit from 1 upward: each run is unknown or right, never wrong.
    func testResourceLimitsNeverGiveAWrongVerdict() throws {
        let bad = try load(Self.violated), good = try load(Self.holds)
        let trace = try XCTUnwrap(try explorerTrace(bad))
        var unknowns = 0, decided = 0
        for rlimit: UInt64 in [1, 10, 100, 1_000, 3_000, 10_000, 30_000, 100_000, 1_000_000] {
            let r1 = ModelChecker(model: bad, options: SMTOptions(maxDepth: 6, timeoutMilliseconds: nil, rlimit: rlimit)).run()
            switch r1.verdict {
            case .unknown(let why):
                unknowns += 1
                XCTAssert(why.contains("resource limit") || why.contains("gave up"), why)
            case .violated(let t):
                decided += 1
                XCTAssertEqual(t, trace, "rlimit \(rlimit): a different trace")
            case .proved, .holdsUpTo:
                XCTFail("rlimit \(rlimit): a violated property came out \(r1.verdict)")
            }
            let r2 = ModelChecker(model: good, options: SMTOptions(maxDepth: 6, timeoutMilliseconds: nil, rlimit: rlimit)).run()
            switch r2.verdict {
            case .unknown: unknowns += 1
            case .proved, .holdsUpTo: decided += 1
            case .violated: XCTFail("rlimit \(rlimit): a true property came out violated")
            }
        }
        XCTAssertGreaterThan(unknowns, 0, "no resource limit was ever hit: the test forced nothing")
        XCTAssertGreaterThan(decided, 0, "no run was decided: the test checked nothing")
    }

    /// A 1 ms timeout on queries that need real work (nonlinear 32-bit arithmetic).
    func testTimeoutsNeverGiveAWrongVerdict() throws {
        let text = """
        model faults_hard {
          var a : bits<32> = 3
          var b : bits<32> = 5
          action step(k: bits<32>) { a = a * k + b; b = b * (k | 1) }
          invariant odd: (b & 1) == 1
          property never: a * a != 0x12345679 || b == 0
        }
        """
        let model = try load(text)
        for timeout: UInt32 in [1, 2, 5] {
            let r = ModelChecker(model: model, options: SMTOptions(maxDepth: 3, timeoutMilliseconds: timeout)).run()
            switch r.verdict {
            case .unknown(let why): XCTAssert(why.contains("timeout") || why.contains("canceled") || why.contains("gave up"), why)
            case .violated(let t):
                // Only if it really is: replay it on the emulator.
                let machine = try Machine(model)
                var s = t.initial
                for step in t.steps { guard case .next(let n) = machine.step(s, step.label) else { return XCTFail("trace does not replay") }; s = n }
                XCTAssertFalse(machine.holds(t.property, in: s), "a timeout produced a false counterexample")
            case .proved, .holdsUpTo: break   // `odd` is inductive; `never` may hold to depth 3
            }
        }
    }

    /// Z3's error handler (ill-sorted terms: `bits<4> + bits<8>`) and WardSolver's own errors
    /// (an unbound local) at each point where the checker builds terms: in a property (first
    /// query), in an action body (the first step), in the init block.
    func testSolverErrorsBecomeUnknown() throws {
        let base = try load(Self.violated)
        let x4 = Expr(.field(0), .bits(4))
        let wide = Expr.constant(1, .bits(8))
        let illSorted = Expr(.binary(.ult, Expr(.binary(.add, x4, wide), .bits(4)), .constant(3, .bits(4))), .bool)
        let unbound = Expr(.binary(.ult, Expr(.local(7), .bits(4)), .constant(3, .bits(4))), .bool)

        var inProperty = base
        inProperty.invariants[0].expr = illSorted
        var inLocal = base
        inLocal.invariants[0].expr = unbound
        var inAction = base
        inAction.actions[1].body = [.assign(LValue(field: 1, keys: []), Expr(.binary(.add, Expr(.field(1), .bits(4)), wide), .bits(4)))]
        var inInit = base
        inInit.initBody = [.require(illSorted)]

        for (name, model) in [("property", inProperty), ("unbound local", inLocal), ("action", inAction), ("init", inInit)] {
            let r = ModelChecker(model: model, options: SMTOptions(maxDepth: 4)).run()
            guard case .unknown(let why) = r.verdict else { XCTFail("\(name): \(r.verdict)"); continue }
            XCTAssert(why.contains("solver error") || why.contains("Z3 error") || why.contains("unbound local"), "\(name): \(why)")
        }
    }

    /// Exporting queries (ward export-smt, check --smt-dir) under limits: the scripts say
    /// `unknown` where Z3 said so, and the run still ends normally.
    func testExportUnderLimits() throws {
        let r = ModelChecker(model: try load(Self.violated), options: SMTOptions(maxDepth: 4, timeoutMilliseconds: nil, rlimit: 1),
                             exportQueries: true).run()
        guard case .unknown = r.verdict else { return XCTFail("\(r.verdict)") }
        XCTAssert(r.exported.allSatisfy { $0.status == "unknown" || $0.status == "sat" || $0.status == "unsat" })
    }
}
