import Foundation
import WardConcrete
import WardIR
import WardSMT
import WardSolver
import XCTest

/// Issue 9 for the model checker: every fault kind (SolverFaults) at every check it makes, in a
/// run that finds a counterexample, one that proves by plain and by strengthened induction, one
/// that proves parametrically (unbounded sorts), and one too wide for the emulator whose
/// counterexample `confirm` checks again. Each faulted run ends normally with the fault-free
/// verdict or `unknown`, naming the fault as the solver's. A timeout may be retried with more
/// time, so a faulted run can still be decided.
final class SolverFaultSweepTests: XCTestCase {
    /// How far a proof reaches: the bundled (or only) sizes, any universe's steps, any universe.
    /// A fault may make the checker fall back to another sound proof (strengthened by the other
    /// claims; BMC's check of the model's own initial states instead of every universe's), which
    /// may reach less than the fault-free one, never further.
    func reach(_ p: ProofKind) -> Int {
        switch p {
        case .induction, .bundled: 0
        case .parametric(_, _, _, let anyInitial): anyInitial ? 2 : 1
        }
    }

    func sweep(_ model: Model, _ options: SMTOptions, file: StaticString = #filePath, line: UInt = #line) -> Int {
        var unknown = 0
        let n = SolverFaults.sweep({ ModelChecker(model: model, options: options).run().verdict }) { run in
            let at = "\(model.name): \(run.fault) at check \(run.check)"
            XCTAssertTrue(run.injected, at, file: file, line: line)
            if case .unknown = run.faultFree { XCTFail("\(model.name) is undecided without a fault", file: file, line: line) }
            switch (run.value, run.faultFree) {
            case (.unknown(let why), _):
                unknown += 1
                XCTAssert(why.contains(run.fault.reason), "\(at): the fault is not named: \(why)", file: file, line: line)
                XCTAssertFalse(why.contains("bug in Ward"), "\(at): a solver fault blamed on Ward: \(why)", file: file, line: line)
            case (.proved(let p), .proved(let q)):
                XCTAssertLessThanOrEqual(reach(p), reach(q), "\(at): \(p) claims more than the fault-free \(q)", file: file, line: line)
            default:
                // The same least trace, or holds up to the same depth.
                XCTAssertEqual("\(run.value)", "\(run.faultFree)", "\(at): another verdict, claimed decided", file: file, line: line)
            }
        }
        XCTAssertGreaterThan(unknown, 0, "\(model.name): no fault was ever reported", file: file, line: line)
        return n
    }

    func testCounterexampleAndInduction() throws {
        let violated = try ModelLoader().load(text: RobustSolverFaultTests.violated)
        let holds = try ModelLoader().load(text: RobustSolverFaultTests.holds)
        XCTAssertGreaterThan(sweep(violated, SMTOptions(maxDepth: 6)), 5)   // BMC, then minimising the trace
        XCTAssertGreaterThan(sweep(holds, SMTOptions(maxDepth: 6)), 1)
        // y_bounded alone is not inductive (copy() takes any x): strengthened by `bounded`.
        XCTAssertGreaterThan(sweep(holds, SMTOptions(maxDepth: 6, properties: [1])), 3)
    }

    func testParametricProof() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let model = try ModelLoader().load(path: root.appendingPathComponent("Models/policy/two-guests.ward").path)
        XCTAssertGreaterThan(sweep(model, SMTOptions(maxDepth: 3, properties: [0])), 3)
    }

    /// The last check is `confirm`'s: an undecided confirmation is the solver's fault, not a
    /// counterexample that fails to hold.
    func testConfirmedCounterexample() throws {
        let model = try ModelLoader().load(text: WideModelTests.text)
        XCTAssertThrowsError(try StateLayout(model))
        XCTAssertGreaterThan(sweep(model, SMTOptions(maxDepth: 2)), 3)
    }
}
