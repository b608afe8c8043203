import Foundation
import WardIR
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

    /// `ward mutate` classifies each mutant against the model's classification: instructions the
    /// mutant leaves alone keep their verdicts, the changed one runs again. Same table as from scratch.
    func testABaselineGivesTheSameClassificationAsFromScratch() throws {
        let options = ClassifierOptions(engine: .both, width: 2)
        let base = try Classifier.classify(path: try temporaryModel(holeyMachine), options: options)
        func load(_ text: String) throws -> Model { try ModelLoader(constantOverrides: ["W": 2]).load(path: try temporaryModel(text)) }
        func described(_ c: Classification) -> [String] {
            c.instructions.map { v in
                "\(v.name) \([v.privileged, v.controlSensitive, v.behaviorSensitive, v.userSensitive]) \(v.behaviorKinds) \(v.breaks) "
                    + v.traps.summary + " " + v.witnesses.map { "\($0)" }.joined()
            }
        }
        // LOAD without its bounds check (STORE keeps `trap memory`, so the trap kinds stay).
        let unbounded = try load(holeyMachine.replacingOccurrences(of: "instruction LOAD(a: bits<W>) { if a > B { trap memory }; ", with: "instruction LOAD(a: bits<W>) { "))
        let scratch = Classifier.classify(unbounded, width: 2, options: options)
        let reused = Classifier.classify(unbounded, width: 2, options: options, baseline: base)
        XCTAssertEqual(described(reused), described(scratch))
        XCTAssertNotEqual(described(reused), described(base), "LOAD's trap profile changed")
        XCTAssertEqual(reused.disagreements, [])
        // Only LOAD ran again: far fewer states than the whole model.
        let (some, all) = (reused.statistics["enumeratedStates"] ?? 0, scratch.statistics["enumeratedStates"] ?? 0)
        XCTAssertGreaterThan(some, 0)
        XCTAssertLessThan(some, all)
        // Another engine, or a changed context (SETR without the only `trap privilege`: the trap
        // kinds are numbered anew), runs everything again.
        let other = Classifier.classify(unbounded, width: 2, options: ClassifierOptions(engine: .enumerate, width: 2), baseline: base)
        XCTAssertEqual(other.statistics["enumeratedStates"], all)
        let unprivileged = try load(holeyMachine.replacingOccurrences(of: "if M == user { trap privilege }; ", with: ""))
        let again = Classifier.classify(unprivileged, width: 2, options: options, baseline: base)
        let fromScratch = Classifier.classify(unprivileged, width: 2, options: options)
        XCTAssertEqual(described(again), described(fromScratch))
        XCTAssertEqual(again.statistics["enumeratedStates"], fromScratch.statistics["enumeratedStates"])
    }

    func testSMTAtFullWidthMatchesEnumeration() throws {
        let reduced = try classify(holeyMachine, .enumerate)
        let full = try classify(holeyMachine, .smt, width: nil)
        XCTAssertEqual(full.width, 8)
        XCTAssertEqual(full.vmm.holes, reduced.vmm.holes)
        XCTAssertEqual(full.hybrid.holes, reduced.hybrid.holes)
    }

    /// One instruction per shape of trap profile: a trap in one form only, one in one mode only,
    /// one always taken (SVC), a bounds check (LOAD), none (NOP).
    static let forms = """
    isa forms {
      width W = 2
      enum S { CS, SS, DS }
      mode M : { supervisor, user }
      protected B : bits<W>
      visible A : bits<W>
      deprivileged { M = user }
      instruction POP(s: S, v: bits<W>) { require s != CS; if s == SS { if v > B { trap gp } } else { if M == user { trap gp } }; A = v }
      instruction SVC() { trap svc }
      instruction LOAD(a: bits<W>) { if a > B { trap memory }; A = a }
      instruction NOP() { A = A }
    }
    """

    func testTrapProfilesAreTheSameByBothEngines() throws {
        let both = try classify(Self.forms, .both)
        XCTAssertEqual(both.disagreements, [])
        XCTAssertEqual(both.unknown, [])
        let expected = [
            "POP": "gp in supervisor [s = SS]; user [s = SS; s = DS]; always traps in user [s = DS]",
            "SVC": "svc in supervisor, user; always traps in supervisor, user",
            "LOAD": "memory in supervisor, user",
            "NOP": "never traps",
        ]
        for engine in [ClassifierOptions.Engine.enumerate, .smt] {
            let c = try classify(Self.forms, engine)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: c.instructions.map { ($0.name, $0.traps.summary) }), expected, "\(engine)")
            // Every entry has a witness per kind, and the witness does raise that kind.
            for v in c.instructions {
                for e in v.traps.entries {
                    XCTAssertEqual(e.witnesses.count, e.kinds.count)
                    for (k, w) in zip(e.kinds, e.witnesses) { XCTAssertEqual(w.results, [["traps (\(k))"]], "\(engine) \(v.name)") }
                }
            }
        }
        let pop = try XCTUnwrap(both.instructions.first { $0.name == "POP" })
        XCTAssertEqual(pop.traps.entries.map { $0.place("POP") },
                       ["POP (s = SS) in supervisor mode", "POP (s = SS) in user mode", "POP (s = DS) in user mode"])
    }

    func testTrapProfileChangesAreDescribed() throws {
        let base = try classify(Self.forms, .enumerate)
        let mutant = try classify(Self.forms.replacingOccurrences(of: "if M == user { trap gp }", with: "")
            .replacingOccurrences(of: "trap svc", with: "A = 0"), .enumerate)
        let changes = zip(mutant.instructions, base.instructions).flatMap { $0.traps.changes(from: $1.traps, instruction: $0.name) }
        XCTAssertEqual(changes, ["POP (s = DS) no longer raises gp in user mode", "POP (s = DS) no longer always traps in user mode",
                                 "SVC no longer raises svc in user mode", "SVC no longer always traps in user mode",
                                 "SVC no longer raises svc in supervisor mode", "SVC no longer always traps in supervisor mode"])
        XCTAssertEqual(mutant.instructions.map(\.privileged), base.instructions.map(\.privileged), "the table alone cannot tell them apart")
    }

    func testPolicyModelIsRejected() {
        let path = packageRoot.appendingPathComponent("Models/policy/two-guests.ward").path
        XCTAssertThrowsError(try Classifier.classify(path: path, options: ClassifierOptions()))
    }
}
