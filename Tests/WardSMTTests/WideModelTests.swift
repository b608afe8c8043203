import XCTest
import WardConcrete
import WardIR
import WardSMT
import WardSolver

/// A model too wide for the emulator (40-bit keys): Z3 alone finds its counterexample, as a
/// trace of labels, which the model checker checks again with every step's arguments fixed.
final class WideModelTests: XCTestCase {
    static let text = """
    model wide {
      var mapped : map<bits<40>, bool> = false
      var owner : map<bits<40>, bits<2>> = 0
      init { owner[0] = 1; owner[1] = 1; owner[2] = 3 }
      // Maps pages first .. first + count - 1, checking the first page only (the bug).
      action map_range(first: bits<40>, count: bits<40>) {
        require count != 0 && first + (count - 1) >= first
        require owner[first] == 1
        forall p: bits<40> when p - first <= count - 1 { mapped[p] = true }
      }
      invariant owned: forall p: bits<40> :: mapped[p] ==> owner[p] == 1
    }
    """

    /// Reading a map after a `forall` update (a lambda) and stores resolves to the element's
    /// value: no lambda and no store is left for Z3's array solver, only selects of the state
    /// the step started from.
    func testReadsAfterAnUpdateAreResolved() throws {
        let model = try ModelLoader().load(text: Self.text)
        let z3 = try Z3Context()
        let encoder = Encoder(z3: z3, model: model)
        let state = try model.fields.map { try z3.constant("s.\($0.name)", try encoder.sort($0.type)) }
        let action = model.actions[0]
        let params = try action.params.map { try z3.constant("arg.\($0.name)", try encoder.sort($0.type)) }
        let post = try SymbolicExecutor(encoder: encoder).execute(action.body, state: state, params: params).post
        let key = try z3.constant("key", try z3.bvSort(40))
        let element = try encoder.read(post[0], key)
        XCTAssertFalse(element.description.contains("lambda"), element.description)
        XCTAssertFalse(element.description.contains("store"), element.description)
        XCTAssert(element.description.contains("(select s.mapped key)"), element.description)
        // The same value as the plain select, in every model.
        let solver = try Z3Solver(z3)
        try solver.assert(try z3.not(try z3.eq(element, try z3.select(post[0], key))))
        XCTAssertEqual(try solver.check(), .unsat)
    }

    func testCounterexampleOfLabelsIsConfirmed() throws {
        let model = try ModelLoader().load(text: Self.text)
        XCTAssertThrowsError(try StateLayout(model))
        let checker = ModelChecker(model: model, options: SMTOptions(maxDepth: 2))
        guard case .violated(let trace) = checker.run().verdict else { return XCTFail("not violated") }
        // The least one: the first page owned, the third (owned by another) mapped.
        XCTAssertEqual(trace.steps.map(\.label), [Label(action: 0, params: [0, 3])])
        XCTAssert(trace.initial.isEmpty && trace.steps.allSatisfy { $0.state.isEmpty })
        XCTAssertNil(try checker.confirm(trace))
        // Two pages stay owned: no violation. The third page as the first: not enabled.
        for params: [UInt64] in [[0, 2], [2, 1]] {
            var wrong = trace
            wrong.steps[0].label.params = params
            XCTAssertNotNil(try checker.confirm(wrong), "\(params)")
        }
    }
}
