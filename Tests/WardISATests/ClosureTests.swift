import Foundation
@testable import WardISA
import WardIR
import XCTest

/// The valid states must be closed under every instruction (`Classification.closed`), and an
/// invariant that cannot narrow an instruction's states is left out of its enumeration
/// (`InvariantProjection`), on Tests/Fixtures/rings.ward, a machine shaped like x86's CS.
final class ClosureTests: XCTestCase {
    static let rings = try! String(contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures/rings.ward"), encoding: .utf8)
    /// ENTER without its check for nonconforming code: it still traps (gp) and is still
    /// privileged and control-sensitive, so only closure tells it from the model.
    static let leaky = rings.replacingOccurrences(of: "    if c == 0 && d != R { trap gp }\n", with: "")
    /// No D fits R = 0 under `D < R`: this invariant narrows the mode for every instruction.
    static let strict = rings.replacingOccurrences(of: "if C == 1 then D <= R else D == R", with: "D < R")

    func classify(_ text: String, _ engine: ClassifierOptions.Engine) throws -> Classification {
        try Classifier.classify(path: try temporaryModel(text), options: ClassifierOptions(engine: engine, width: 2))
    }

    func testEveryRunFromAValidStateEndsInOne() throws {
        XCTAssertNotEqual(Self.leaky, Self.rings)
        XCTAssertNotEqual(Self.strict, Self.rings)
        let c = try classify(Self.rings, .both)
        XCTAssertEqual(c.disagreements, [])
        XCTAssertEqual(c.unknown, [])
        XCTAssertTrue(c.closed)
        XCTAssertEqual(c.instructions.flatMap(\.breaks), [])
        XCTAssertTrue(c.vmm.holds)
    }

    func testAnInstructionThatLeavesTheValidStatesIsReportedByBothEngines() throws {
        let base = try classify(Self.rings, .enumerate)
        for engine in [ClassifierOptions.Engine.enumerate, .smt, .both] {
            let c = try classify(Self.leaky, engine)
            XCTAssertEqual(c.disagreements, [], "\(engine)")
            XCTAssertFalse(c.closed, "\(engine)")
            let byName = Dictionary(uniqueKeysWithValues: c.instructions.map { ($0.name, $0) })
            XCTAssertEqual(byName["ENTER"]?.breaks, ["tie"], "\(engine)")
            XCTAssertEqual(byName["ADD"]?.breaks, [], "\(engine)")
            let w = try XCTUnwrap(byName["ENTER"]?.witnesses.first { $0.finding.hasPrefix("leaves the valid states") }, "\(engine)")
            XCTAssertEqual(w.finding, "leaves the valid states: the result breaks invariant tie")
            XCTAssertTrue(w.states[0].contains("R = 0"), "\(engine): \(w.states)")
            XCTAssertTrue(w.results[0].contains { $0.hasPrefix("D: ") }, "\(engine): \(w.results)")
            // The table and the trap profiles are as before: without closure it would survive.
            XCTAssertEqual(c.vmm.holds, base.vmm.holds)
            for (v, b) in zip(c.instructions, base.instructions) {
                XCTAssertEqual(v.traps.changes(from: b.traps, instruction: v.name), [], "\(engine)")
                XCTAssertEqual([v.privileged, v.controlSensitive, v.behaviorSensitive], [b.privileged, b.controlSensitive, b.behaviorSensitive])
            }
        }
    }

    func relevantNames(_ text: String, _ instruction: String) throws -> (fields: [String], invariants: [String]) {
        let model = try ModelLoader().load(path: try temporaryModel(text))
        let i = try XCTUnwrap(model.actions.firstIndex { $0.name == instruction })
        let (fields, invariants) = ISAView(model).relevance(i)
        return (fields.map { model.fields[$0].name }, invariants.map { model.invariants[$0].name })
    }

    func testAnInvariantThatCannotNarrowAnInstructionIsLeftOut() throws {
        // Every R has a D and C that satisfy `tie`, and ADD and SVC touch neither: left out.
        XCTAssertEqual(try relevantNames(Self.rings, "ADD").fields, ["R", "A"])
        XCTAssertEqual(try relevantNames(Self.rings, "SVC").invariants, [])
        // ENTER writes D and C: `tie` can break there, so it is kept.
        let enter = try relevantNames(Self.rings, "ENTER")
        XCTAssertEqual(enter.fields, ["R", "D", "C"])
        XCTAssertEqual(enter.invariants, ["tie"])
        // With `D < R`, no D fits R = 0: the invariant narrows R for every instruction.
        XCTAssertEqual(try relevantNames(Self.strict, "ADD").fields, ["R", "D", "A"])
        XCTAssertEqual(try relevantNames(Self.strict, "ADD").invariants, ["tie"])
        // A deprivileged configuration that sets D ties it down too: kept.
        let configured = Self.rings.replacingOccurrences(of: "deprivileged { R = 3 }", with: "deprivileged { R = 3; D = 3 }")
        XCTAssertEqual(try relevantNames(configured, "ADD").invariants, ["tie"])
    }

    /// Z3 always assumes every invariant; enumeration leaves some out. Were a left-out invariant
    /// able to narrow the states, the engines would disagree (here: supervisor mode has no valid
    /// state under `D < R`, so nothing runs there, and enumeration must see that too).
    func testLeavingInvariantsOutKeepsTheEnginesInAgreement() throws {
        for text in [Self.rings, Self.leaky, Self.strict] {
            let c = try classify(text, .both)
            XCTAssertEqual(c.disagreements, [])
            XCTAssertEqual(c.unknown, [])
        }
        let svc = try XCTUnwrap(try classify(Self.strict, .enumerate).instructions.first { $0.name == "SVC" })
        XCTAssertFalse(svc.privileged, "SVC never runs from a valid state: supervisor mode (R = 0) has none")
    }
}
