import Foundation
import WardISA
import XCTest

final class ClassifierTests: XCTestCase {
    func classify(_ text: String, _ engine: ClassifierOptions.Engine, width: UInt64? = 2) throws -> Classification {
        try Classifier.classify(path: try temporaryModel(text), options: ClassifierOptions(engine: engine, width: width))
    }

    func testHolesOfEachKindAreDerivedByBothEngines() throws {
        let c = try classify(holeyMachine, .both)
        XCTAssertEqual(c.disagreements, [])
        XCTAssertEqual(c.unknown, [])
        XCTAssertEqual(Set(c.vmm.holes), ["LRA", "RMODE", "JRST1"])
        XCTAssertEqual(Set(c.hybrid.holes), ["LRA"], "RMODE and JRST1 are not user-sensitive")
        let byName = Dictionary(uniqueKeysWithValues: c.instructions.map { ($0.name, $0) })
        XCTAssertEqual(byName["LRA"]?.behaviorKinds, ["location"])
        XCTAssertEqual(byName["RMODE"]?.behaviorKinds, ["mode"])
        XCTAssertEqual(byName["JRST1"]?.controlSensitive, true)
        XCTAssertEqual(byName["SETR"]?.privileged, true)
        XCTAssertEqual(byName["SETR"]?.controlSensitive, true)
        XCTAssertEqual(byName["ADD"]?.innocuous, true)
        XCTAssertEqual(byName["SVC"]?.privileged, false, "SVC traps everywhere: never runs in supervisor mode")
        XCTAssertEqual(byName["SVC"]?.innocuous, true)
        XCTAssertEqual(byName["LOAD"]?.innocuous, true)
        XCTAssertFalse(c.vmm.holds)
        XCTAssertTrue(c.recursive.hasPrefix("fails"))
    }

    func testEveryHoleHasADeprivilegedWitness() throws {
        let c = try classify(holeyMachine, .enumerate)
        for v in c.instructions where v.vmmHole {
            let w = try XCTUnwrap(v.witnesses.first { $0.finding.contains("deprivileged") }, v.name)
            XCTAssertTrue(w.states[0].contains("M = user"), "\(v.name): \(w.states)")
        }
    }

    func testRemovingTheTrapMakesAPrivilegedInstructionAHole() throws {
        let fixed = holeyMachine.replacingOccurrences(of: "instruction LRA(a: bits<W>) { A = a + L; P = P + 1 }", with: "")
            .replacingOccurrences(of: "instruction RMODE() { A = if M == user then 1 else 0; P = P + 1 }", with: "")
            .replacingOccurrences(of: "instruction JRST1(t: bits<W>) { P = t; M = user }", with: "")
        let good = try classify(fixed, .both)
        XCTAssertTrue(good.vmm.holds)
        XCTAssertTrue(good.recursive.hasPrefix("holds"), good.recursive)
        let broken = try classify(fixed.replacingOccurrences(of: "if M == user { trap privilege }; ", with: ""), .both)
        XCTAssertEqual(broken.vmm.holes, ["SETR"])
        XCTAssertEqual(broken.disagreements, [])
    }

    func testSMTAtFullWidthMatchesEnumeration() throws {
        let reduced = try classify(holeyMachine, .enumerate)
        let full = try classify(holeyMachine, .smt, width: nil)
        XCTAssertEqual(full.width, 8)
        XCTAssertEqual(full.vmm.holes, reduced.vmm.holes)
        XCTAssertEqual(full.hybrid.holes, reduced.hybrid.holes)
    }

    func testPolicyModelIsRejected() {
        let path = packageRoot.appendingPathComponent("Models/policy/two-guests.ward").path
        XCTAssertThrowsError(try Classifier.classify(path: path, options: ClassifierOptions()))
    }
}
