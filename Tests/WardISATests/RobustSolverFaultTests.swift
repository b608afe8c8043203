import Foundation
@testable import WardCheck
import WardIR
import WardISA
import WardSolver
import XCTest

/// Issue 9: a solver fault (timeout, resource limit, cancellation, Z3 error) injected at each Z3
/// check of the ISA engines in turn (SolverFaults). None may end the process, and none may give a
/// decided verdict other than the fault-free one: every run gives exactly the fault-free result
/// or says it is unknown, naming the fault as the solver's (not as a bug in Ward).
///
/// Cost: a classification makes about 30 checks of some 10 ms each (a fresh Z3 solver per
/// question), so all four faults at every check for two engines would take a minute in a debug
/// build. Instead each engine gets one fault at every check, the kinds in turn, shifted by two
/// between the engines: every check gets two different kinds, every kind half the checks. The
/// VMM's proofs are few (one per instruction): every fault at every check.
final class RobustSolverFaultTests: XCTestCase {
    /// The models: Tests/Fixtures/solver-faults.ward (the classifier's) and solver-faults-vmm.ward.
    static let isa = "solver-faults.ward", vmm = "solver-faults-vmm.ward"

    func load(_ fixture: String, width: UInt64? = nil) throws -> Model {
        try ModelLoader(constantOverrides: width.map { ["W": $0] } ?? [:])
            .load(path: packageRoot.appendingPathComponent("Tests/Fixtures/" + fixture).path)
    }

    /// An undecided result must name the injected fault, as the solver's.
    func assertNamed(_ reasons: [String], _ run: SolverFaults.Injection<some Any>, _ what: String) {
        let text = reasons.joined(separator: "; ")
        XCTAssert(text.contains(run.fault.reason), "\(what): the fault is not named: \(text)")
        XCTAssertFalse(text.contains("bug in Ward"), "\(what): a solver fault blamed on Ward: \(text)")
    }

    /// The classifier's verdicts (not its witnesses: a fault earlier on the same context may
    /// change which model Z3 returns later, not what it proves).
    func table(_ c: Classification) -> [String] {
        c.instructions.map { v in
            let traps = v.traps.entries.map { "\($0.form) \($0.mode) \($0.kinds) always=\($0.always)" }
            return "\(v.name) privileged=\(v.privileged) control=\(v.controlSensitive) behavior=\(v.behaviorSensitive) "
                + "\(v.behaviorKinds) user=\(v.userSensitive) breaks=\(v.breaks) traps=\(traps)"
        } + ["vmm \(c.vmm.holes)", "hybrid \(c.hybrid.holes)"]
    }

    /// Each run: exactly the fault-free table, or unknown (`ward classify` exits 2, `ward check`
    /// reports the obligation undecided) naming the fault.
    func sweepClassifier(_ engine: ClassifierOptions.Engine, faults: (Int) -> [SolverFault]) throws {
        let model = try load(Self.isa, width: 2)
        let options = ClassifierOptions(engine: engine, width: 2)
        var unknown = 0, clean: Classification?
        let n = SolverFaults.sweep(faults: faults, { Classifier.classify(model, width: 2, options: options) }) { run in
            let c = run.value, at = "\(engine): \(run.fault) at check \(run.check)"
            clean = run.faultFree
            XCTAssertTrue(run.injected, at)
            XCTAssert(c.disagreements.isEmpty, "\(at): a fault made the engines disagree: \(c.disagreements)")
            if c.unknown.isEmpty {
                XCTAssertEqual(table(c), table(run.faultFree), "\(at): a different table, claimed decided")
            } else {
                unknown += 1
                XCTAssertEqual(ClassifyCommand.exitCode(c), .unknown, at)
                assertNamed(c.unknown, run, at)
            }
        }
        let c = try XCTUnwrap(clean)
        XCTAssert(c.unknown.isEmpty && c.disagreements.isEmpty, "undecided without a fault: \(c.unknown)")
        XCTAssertEqual(c.vmm.holes, ["LOAD", "RET"], "the model no longer asks what the sweep is meant to fault")
        XCTAssertGreaterThan(n, 20, "too few checks: the sweep forced little")
        XCTAssertGreaterThan(unknown, n / 2, "most faults were never reported")
    }

    static func inTurn(shift: Int) -> (Int) -> [SolverFault] {
        { k in [SolverFault.allCases[(k + shift) % SolverFault.allCases.count]] }
    }

    func testClassifierBySMT() throws {
        try sweepClassifier(.smt, faults: Self.inTurn(shift: 0))
    }

    func testClassifierByBothEngines() throws {
        try sweepClassifier(.both, faults: Self.inTurn(shift: 2))
    }

    /// The per-instruction proof at full width: each instruction's proof is the fault-free one or
    /// "unknown: …" naming the fault (`ward equiv` exits 2); exploration, which needs no solver,
    /// is unchanged.
    func testEquivalenceProofs() throws {
        let reduced = try load(Self.vmm, width: 2), full = try load(Self.vmm)
        func digest(_ r: EquivalenceReport) -> [String] {
            r.instructions.map { "\($0.name) explored=\($0.explored) diverges=\($0.divergence != nil) control=\($0.resourceControl != nil)" }
                + r.unknown
        }
        let n = try SolverFaults.sweep({ try Equivalence.check(model: reduced, fullWidthModel: full, options: EquivalenceOptions(width: 2)) }) { run in
            let at = "\(run.fault) at check \(run.check)"
            XCTAssertTrue(run.injected, at)
            XCTAssertEqual(digest(run.value), digest(run.faultFree), at)
            let changed = zip(run.value.instructions, run.faultFree.instructions).filter { $0.proof != $1.proof }
            XCTAssertEqual(changed.count, 1, "\(at): a fault in one proof must show in that proof")
            for (i, _) in changed {
                XCTAssert(i.proof.hasPrefix("unknown"), "\(at): \(i.name) \(i.proof)")
                assertNamed([i.proof], run, "\(at): \(i.name)")
                XCTAssertNil(i.proofCounterexample, at)
            }
        }
        XCTAssertEqual(n, 4)
        let clean = try Equivalence.check(model: reduced, fullWidthModel: full, options: EquivalenceOptions(width: 2))
        XCTAssertEqual(clean.instructions.map(\.proof), ["proved", "counterexample", "counterexample", "proved"],
                       "the model no longer has the proofs the sweep is meant to fault")
    }

    /// `expect divergent` in a classify obligation: the same divergent set, or undecided naming
    /// the fault (the obligation is then unknown); no faulted proof may leave it decided.
    func testVMMDivergence() throws {
        let reduced = try load(Self.vmm, width: 2), full = try load(Self.vmm)
        var undecided = 0
        let n = SolverFaults.sweep({ VMMDivergence.check(reduced: reduced, full: full, timeoutMilliseconds: 60_000, queryLog: nil) }) { run in
            let d = run.value, at = "\(run.fault) at check \(run.check)"
            XCTAssertTrue(run.injected, at)
            XCTAssertEqual(run.faultFree.divergent, ["LRA", "STAMP"])
            XCTAssertEqual(run.faultFree.undecided, [])
            if d.undecided.isEmpty {
                XCTAssertEqual(d.divergent, run.faultFree.divergent, at)
            } else {
                undecided += 1
                assertNamed(d.undecided, run, at)
            }
        }
        XCTAssertEqual(n, 4)
        // Every instruction's full-width proof is half of its verdict (for STAMP and TICK, which
        // exploration cannot run, all of it): a fault in any one leaves the verdict undecided.
        XCTAssertEqual(undecided, n * SolverFault.allCases.count, "a faulted Z3 proof must leave the divergence undecided")
    }
}
