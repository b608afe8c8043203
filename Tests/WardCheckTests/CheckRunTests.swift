import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import WardCheck
import WardIR
import WardISA
import WardReport
import XCTest

/// `ward check` end to end, in process, over temporary repositories: exit codes, the four report
/// formats, determinism, sharding, the cache and `--smt-dir`.
final class CheckRunTests: XCTestCase {
    func decode(_ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> CheckReport {
        try JSONDecoder().decode(CheckReport.self, from: Data(json.utf8))
    }

    func outcomes(_ report: CheckReport) -> [String: Outcome] {
        Dictionary(uniqueKeysWithValues: report.obligations.map { ($0.id, $0.outcome) })
    }

    // MARK: verdicts and exit codes

    func testPassingObligationsExitZero() throws {
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        var o = repo.options()
        o.format = .json
        let out = repo.run(o)
        XCTAssertEqual(out.exitCode, .ok, out.stdout + out.stderr)
        XCTAssertEqual(out.stderr, "")
        let report = try decode(out.stdout)
        XCTAssertEqual(outcomes(report), [
            "Proofs/counter.proof:2": .passed, "Proofs/counter.proof:8": .passed, "Proofs/counter.proof:15": .passed,
            "Proofs/isa/pg.proof:1": .passed, "Proofs/more.proof:1": .passed,
        ])
        let byName = Dictionary(uniqueKeysWithValues: report.obligations.map { ($0.name, $0) })
        XCTAssertEqual(byName["counter_safe"]?.kind, "model.verify")
        XCTAssertEqual(byName["counter_safe"]?.actual, "holds")
        XCTAssertEqual(byName["counter_shallow"]?.actual, "bounded")
        XCTAssertEqual(byName["counter_safe"]?.model, "Models/counter.ward")
        XCTAssertEqual(byName["counter_safe"]?.obligationLocation,
                       WardReport.SourceLocation(file: "Proofs/counter.proof", line: 2, column: 1, endLine: 7, endColumn: 2))

        // A violated property: located at the property's line in the (imported) model, with the trace.
        let four = try XCTUnwrap(byName["counter_four"])
        XCTAssertEqual(four.actual, "violated {never_four}")
        let violation = try XCTUnwrap(four.findings.first { $0.key == "violated:never_four" })
        XCTAssertEqual(violation.location, WardReport.SourceLocation(file: "Models/lib/base.ward", line: 15, column: 3))
        XCTAssertTrue(violation.evidence?.contains("1. jump()") == true, violation.evidence ?? "no evidence")

        // Holes: one finding per hole, at the instruction, with the witness as evidence.
        let pg = try XCTUnwrap(byName["pg_machine"])
        XCTAssertEqual(pg.kind, "isa.classify")
        XCTAssertEqual(pg.actual, "vmm fails, holes {JRST1, LRA}, hybrid fails, hybrid_holes {LRA}")
        XCTAssertEqual(pg.findings.map(\.key).sorted(), ["hole:JRST1", "hole:LRA"])
        let lra = try XCTUnwrap(pg.findings.first { $0.key == "hole:LRA" })
        XCTAssertEqual(lra.location, WardReport.SourceLocation(file: "Models/pg.ward", line: 9, column: 3))
        XCTAssertTrue(lra.evidence?.contains("equal visible state, different visible results") == true, lra.evidence ?? "")
    }

    /// `expect live`: every listed action changes the state somewhere; a dead one fails the
    /// obligation at the action's line, and an unknown name is an invalid obligation.
    func testLiveActions() throws {
        let repo = try CheckRepo()
        try repo.writeModels()
        try repo.write("Proofs/live.proof", """
        obligation counter_live {
          model "../Models/counter.ward"
          analysis verify
          engine explore
          property at_most_five
          expect holds
          expect live { inc, jump, lock }
        }
        obligation counter_no_such_action {
          model "../Models/counter.ward"
          analysis verify
          property at_most_five
          expect holds
          expect live { reset }
        }

        """)
        // A variant whose inc can never run: its guard needs the lock and inc needs it open.
        try repo.write("Models/dead.ward", """
        model dead {
          var x : bits<3> = 0
          var locked : bool = false
          action inc() { require !locked; require locked; x = x + 1 }
          action lock() { locked = true }
          invariant at_most_five: x <= 5
        }

        """)
        try repo.write("Proofs/dead.proof", """
        obligation dead_inc {
          model "../Models/dead.ward"
          analysis verify
          engine explore
          expect holds
          expect live { inc, lock }
        }

        """)
        var o = repo.options(["Proofs/live.proof", "Proofs/dead.proof"])
        o.format = .json
        let report = try decode(repo.run(o).stdout)
        let byName = Dictionary(uniqueKeysWithValues: report.obligations.map { ($0.name, $0) })
        XCTAssertEqual(byName["counter_live"]?.outcome, .passed)
        XCTAssert(byName["counter_live"]?.message.contains("live: inc (first effect at depth 1), jump (first effect at depth 1), lock (first effect at depth 1)") == true,
                  byName["counter_live"]?.message ?? "")
        XCTAssertEqual(byName["counter_no_such_action"]?.outcome, .error)
        XCTAssert(byName["counter_no_such_action"]?.message.contains("has no action 'reset'") == true, byName["counter_no_such_action"]?.message ?? "")
        let dead = try XCTUnwrap(byName["dead_inc"])
        XCTAssertEqual(dead.outcome, .failed)
        XCTAssertEqual(dead.actual, "holds, dead {inc}")
        let finding = try XCTUnwrap(dead.findings.first { $0.key == "dead:inc" })
        XCTAssertEqual(finding.location?.file, "Models/dead.ward")
        XCTAssertEqual(finding.location?.line, 4)
    }

    /// `expect live { A(p = V) }`: an action that has an effect for one argument value only is
    /// dead for the others; an unknown parameter or value is an obligation error.
    func testLiveActionsWithArguments() throws {
        let repo = try CheckRepo()
        try repo.write("Models/gate.ward", """
        model gate {
          enum Door { front, back }
          var open : map<Door, bool> = false
          action unlock(d: Door, n: bits<2>) { require d == front; open[d] = true }
          invariant fine: true
        }

        """)
        try repo.write("Proofs/gate.proof", """
        obligation gate_front {
          model "../Models/gate.ward"
          analysis verify
          engine explore
          expect holds
          expect live { unlock(d = front), unlock(d = back, n = 1) }
        }
        obligation gate_no_such_parameter {
          model "../Models/gate.ward"
          analysis verify
          engine explore
          expect holds
          expect live { unlock(door = front) }
        }
        obligation gate_no_such_value {
          model "../Models/gate.ward"
          analysis verify
          engine explore
          expect holds
          expect live { unlock(d = side) }
        }

        """)
        var o = repo.options(["Proofs/gate.proof"])
        o.format = .json
        let report = try decode(repo.run(o).stdout)
        let byName = Dictionary(uniqueKeysWithValues: report.obligations.map { ($0.name, $0) })
        let front = try XCTUnwrap(byName["gate_front"])
        XCTAssertEqual(front.outcome, .failed)
        XCTAssertEqual(front.actual, "holds, dead {unlock(d=back, n=1)}")
        XCTAssert(front.message.contains("never changes the state in any reachable state: unlock(d=back, n=1)"), front.message)
        XCTAssertEqual(front.findings.first { $0.key == "dead:unlock(d=back, n=1)" }?.location?.line, 4)
        XCTAssertEqual(byName["gate_no_such_parameter"]?.outcome, .error)
        XCTAssert(byName["gate_no_such_parameter"]?.message.contains("action 'unlock' has no parameter 'door'") == true,
                  byName["gate_no_such_parameter"]?.message ?? "")
        XCTAssertEqual(byName["gate_no_such_value"]?.outcome, .error)
        XCTAssert(byName["gate_no_such_value"]?.message.contains("'side' is not a value of d's type Door") == true,
                  byName["gate_no_such_value"]?.message ?? "")
    }

    /// A cover that is never reached, and a state with no way back, fail the obligation with a
    /// finding at the predicate (and a trace to the stuck state); a predicate the model does not
    /// declare is an invalid obligation.
    func testReachableAndRecoverable() throws {
        let repo = try CheckRepo()
        try repo.write("Models/lock.ward", """
        model lock {
          var held : bits<2> = 0
          var jammed : bool = false
          action take(n: bits<2>) { require held == 0 && n != 0; held = n }
          action give() { require !jammed; held = 0 }
          action jam() { require held == 3; jammed = true }
          var clock : bits<4> = 0            // keeps the state space larger than the depth bound
          action tick() { clock = clock + 1 }
          invariant fine: true
          reachable free: held == 0
          reachable taken: held != 0
          reachable twice: held == 2 && jammed
        }

        """)
        try repo.write("Proofs/lock.proof", """
        obligation lock_covers {
          model "../Models/lock.ward"
          analysis verify
          engine explore
          depth 3
          expect bounded
          expect reachable { taken, twice }
          expect recoverable { free } within 1
        }
        obligation lock_unknown_predicate {
          model "../Models/lock.ward"
          analysis verify
          engine explore
          expect holds
          expect reachable { fine }
        }

        """)
        var o = repo.options(["Proofs/lock.proof"])
        o.format = .json
        let report = try decode(repo.run(o).stdout)
        let byName = Dictionary(uniqueKeysWithValues: report.obligations.map { ($0.name, $0) })
        let covers = try XCTUnwrap(byName["lock_covers"])
        XCTAssertEqual(covers.outcome, .failed)
        XCTAssertEqual(covers.actual, "bounded, unreached {twice}, unrecoverable {free}")
        XCTAssert(covers.message.contains("never reached within depth 3: twice"), covers.message)
        XCTAssert(covers.message.contains("not recoverable within 1 step from every state within depth 2: free"), covers.message)
        XCTAssertEqual(covers.findings.first { $0.key == "unreached:twice" }?.location?.line, 12)
        let stuck = try XCTUnwrap(covers.findings.first { $0.key == "unrecoverable:free" })
        XCTAssertEqual(stuck.location?.line, 10)
        // The shortest stuck state: held = 3 and jammed, so give is refused.
        XCTAssert(stuck.evidence?.contains("1. take(n=3)") == true && stuck.evidence?.contains("2. jam") == true, stuck.evidence ?? "")
        XCTAssert(stuck.message.contains("from a state 2 steps in"), stuck.message)
        XCTAssertEqual(byName["lock_unknown_predicate"]?.outcome, .error)
        XCTAssert(byName["lock_unknown_predicate"]?.message.contains("model 'lock' has no reachable predicate 'fine'") == true,
                  byName["lock_unknown_predicate"]?.message ?? "")
    }

    func testExitCodesForFailedUnknownAndInvalid() throws {
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        XCTAssertEqual(repo.run(repo.options()).exitCode, .ok)

        // Unknown (exit 2): exploration to depth 2 cannot prove the invariant unbounded.
        try repo.write("Proofs/unknown.proof", """
        obligation shallow_proof {
          model "../Models/counter.ward"
          analysis verify
          engine explore
          depth 2
          property at_most_five
          expect holds
        }
        """)
        var out = repo.run(repo.options())
        XCTAssertEqual(out.exitCode, .unknown, out.stdout)
        XCTAssertTrue(out.stdout.contains("unknown Proofs/unknown.proof:1 — shallow_proof"), out.stdout)
        XCTAssertTrue(out.stdout.contains("holds only up to the depth bound"), out.stdout)

        // Failed (exit 1) wins over unknown.
        try repo.write("Proofs/failed.proof", """
        obligation wrong { model "../Models/counter.ward" analysis verify expect holds }
        """)
        out = repo.run(repo.options())
        XCTAssertEqual(out.exitCode, .violated, out.stdout)
        XCTAssertTrue(out.stdout.contains("failed Proofs/failed.proof:1 — wrong"), out.stdout)
        XCTAssertTrue(out.stdout.contains("Models/lib/base.ward:15:3: invariant never_four is violated"), out.stdout)

        // An invalid model (exit 65) wins over everything, with the model's diagnostic in the message.
        try repo.write("Models/broken.ward", "model broken {\n  var x : bits<3> = 0\n  invariant ok: x <= \n}\n")
        try repo.write("Proofs/broken.proof", """
        obligation broken_model { model "../Models/broken.ward" analysis verify expect holds }
        """)
        out = repo.run(repo.options())
        XCTAssertEqual(out.exitCode, .invalidInput, out.stdout)
        let broken = try XCTUnwrap(CheckCommand.check(repo.options()).report.obligations.first { $0.name == "broken_model" })
        XCTAssertEqual(broken.outcome, .error)
        XCTAssertTrue(broken.message.hasPrefix("invalid model: Models/broken.ward:4:1: "), broken.message)
        XCTAssertEqual(broken.findings.first?.location?.file, "Models/broken.ward")
        XCTAssertTrue(out.stderr.contains("Models/broken.ward:4:1: error:"), out.stderr)
    }

    func testInvalidObligationsExit65WithLocations() throws {
        let repo = try CheckRepo()
        try repo.writeModels()
        try repo.write("Proofs/good.proof", CheckRepo.counterProof)
        // A model outside the repository, a missing model, a property the model lacks, a hole
        // naming no instruction, a classify of a non-ISA: each invalid on its own.
        try repo.write("Proofs/bad.proof", """
        obligation escape {
          model "../../outside.ward"
          analysis verify
          expect holds
        }
        obligation missing {
          model "../Models/nope.ward"
          analysis verify
          expect holds
        }
        obligation no_such_property {
          model "../Models/counter.ward"
          analysis verify
          property at_most_six
          expect holds
        }
        obligation no_such_instruction {
          model "../Models/pg.ward"
          analysis classify
          expect holes { LRA, FOO }
        }
        obligation not_an_isa {
          model "../Models/counter.ward"
          analysis classify
          expect vmm holds
        }
        """)
        try repo.write("Proofs/syntax.proof", "obligation s {\n  depth deep\n}\n")
        let run = try CheckCommand.check(repo.options())
        XCTAssertEqual(run.exitCode, 65)
        let byName = Dictionary(uniqueKeysWithValues: run.report.obligations.map { ($0.name, $0) })
        func firstLocation(_ name: String) -> String? {
            byName[name]?.findings.first?.location.map { "\($0.file):\($0.line):\($0.column)" }
        }
        XCTAssertEqual(byName["escape"]?.outcome, .error)
        XCTAssertEqual(firstLocation("escape"), "Proofs/bad.proof:2:9")
        XCTAssertTrue(byName["escape"]?.message.contains("leaves the repository") == true)
        XCTAssertEqual(firstLocation("missing"), "Proofs/bad.proof:7:9")
        XCTAssertTrue(byName["missing"]?.message.contains("does not exist") == true)
        XCTAssertEqual(firstLocation("no_such_property"), "Proofs/bad.proof:14:12")
        XCTAssertEqual(firstLocation("no_such_instruction"), "Proofs/bad.proof:20:10")
        XCTAssertEqual(firstLocation("not_an_isa"), "Proofs/bad.proof:23:9")
        // A file that does not parse is one error result, at its first diagnostic.
        let syntax = try XCTUnwrap(byName["Proofs/syntax.proof"])
        XCTAssertEqual(syntax.id, "Proofs/syntax.proof:2")
        XCTAssertEqual(syntax.kind, "proof.syntax")
        XCTAssertEqual(firstLocation("Proofs/syntax.proof"), "Proofs/syntax.proof:2:9")
        // The good obligations still ran.
        XCTAssertEqual(run.report.obligations.filter { $0.outcome == .passed }.count, 3)
        XCTAssertTrue(run.diagnostics.contains("Proofs/bad.proof:2:9: error: model path '../../outside.ward' leaves the repository"),
                      run.diagnostics)
    }

    /// Changing any one expected verdict exits 1 and names the obligation in every format.
    func testFlippingOneExpectationFailsInEveryFormat() throws {
        let flips: [(file: String, from: String, to: String, id: String, name: String)] = [
            ("Proofs/counter.proof", "expect holds", "expect violated { at_most_five }", "Proofs/counter.proof:2", "counter_safe"),
            ("Proofs/counter.proof", "expect violated { never_four }", "expect holds", "Proofs/counter.proof:8", "counter_four"),
            ("Proofs/counter.proof", "expect bounded", "expect violated { at_most_five }", "Proofs/counter.proof:15", "counter_shallow"),
            ("Proofs/isa/pg.proof", "expect holes { LRA, JRST1 }", "expect holes { LRA }", "Proofs/isa/pg.proof:1", "pg_machine"),
            ("Proofs/isa/pg.proof", "expect hybrid_holes { LRA }", "expect hybrid_holes { LRA, ADD }", "Proofs/isa/pg.proof:1", "pg_machine"),
            ("Proofs/more.proof", "expect holds", "expect bounded", "", ""),  // still passes: holds implies bounded
        ]
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        for flip in flips {
            let original = try repo.read(flip.file)
            let changed = original.replacingOccurrences(of: flip.from, with: flip.to)
            XCTAssertNotEqual(changed, original)
            try repo.write(flip.file, changed)
            defer { try? repo.write(flip.file, original) }

            var o = repo.options()
            o.sarif = repo.path("out/report.sarif")
            o.junit = repo.path("out/report.xml")
            o.json = repo.path("out/report.json")
            let out = repo.run(o)
            if flip.id.isEmpty {
                XCTAssertEqual(out.exitCode, .ok, out.stdout)
                continue
            }
            XCTAssertEqual(out.exitCode, .violated, "\(flip.to): \(out.stdout)")
            // text
            XCTAssertTrue(out.stdout.contains("failed \(flip.id) — \(flip.name)"), out.stdout)
            XCTAssertTrue(out.stdout.contains("4 passed, 1 failed, 0 unknown, 0 error"), out.stdout)
            // JSON
            let report = try decode(try repo.read("out/report.json"))
            XCTAssertEqual(report.obligations.filter { $0.outcome == .failed }.map(\.id), [flip.id])
            let failed = try XCTUnwrap(report.obligations.first { $0.id == flip.id })
            XCTAssertEqual(failed.name, flip.name)
            XCTAssertTrue(failed.findings.contains { $0.key == "expectation" && $0.message.contains("expected") })
            // SARIF: an error-level result for the obligation, naming it.
            let sarif = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try repo.read("out/report.sarif").utf8)) as? [String: Any])
            let results = try XCTUnwrap(((sarif["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
            let errors = results.filter { $0["level"] as? String == "error" }
            XCTAssertFalse(errors.isEmpty)
            for r in errors {
                XCTAssertEqual((r["properties"] as? [String: Any])?["obligationId"] as? String, flip.id)
                XCTAssertTrue(((r["message"] as? [String: Any])?["text"] as? String)?.hasPrefix(flip.name + ":") == true)
            }
            // JUnit: the failing test case is the obligation.
            let xml = try XMLDocument(data: Data(try repo.read("out/report.xml").utf8))
            let failures = try xml.nodes(forXPath: "//testcase[failure]").compactMap { $0 as? XMLElement }
            XCTAssertEqual(failures.compactMap { $0.attribute(forName: "name")?.stringValue }, [flip.id])
            XCTAssertTrue(failures.first?.elements(forName: "failure").first?.stringValue?.contains(flip.name) == true)
        }
    }

    /// Classify obligations: the reduced width from `width` or from `set`, full width under Z3 alone.
    func testClassifyWidthsAndOverrides() throws {
        let repo = try CheckRepo()
        try repo.writeModels()
        try repo.write("Proofs/widths.proof", """
        obligation by_set { model "../Models/pg.ward" analysis classify engine enumerate set W = 2 expect holes { LRA, JRST1 } }
        obligation full_width_smt { model "../Models/pg.ward" analysis classify engine smt timeout 30 expect vmm fails expect hybrid_holes { LRA } }
        obligation default_width { model "../Models/pg.ward" analysis classify expect hybrid fails }
        obligation conflict { model "../Models/pg.ward" analysis classify width 2 set W = 3 expect vmm fails }
        obligation bad_constant { model "../Models/pg.ward" analysis classify set NOPE = 3 expect vmm fails }
        """)
        let run = try CheckCommand.check(repo.options())
        let byName = Dictionary(uniqueKeysWithValues: run.report.obligations.map { ($0.name, $0) })
        XCTAssertEqual(byName["by_set"]?.outcome, .passed, byName["by_set"]?.message ?? "")
        XCTAssertTrue(byName["by_set"]?.message.hasSuffix("(at width 2)") == true, byName["by_set"]?.message ?? "")
        XCTAssertEqual(byName["full_width_smt"]?.outcome, .passed, byName["full_width_smt"]?.message ?? "")
        XCTAssertTrue(byName["full_width_smt"]?.message.hasSuffix("(at width 8)") == true, byName["full_width_smt"]?.message ?? "")
        XCTAssertEqual(byName["default_width"]?.outcome, .passed)
        XCTAssertTrue(byName["default_width"]?.message.hasSuffix("(at width 2)") == true)
        XCTAssertEqual(byName["conflict"]?.outcome, .error)
        XCTAssertTrue(byName["conflict"]?.message.contains("'set W = 3' conflicts with 'width 2'") == true, byName["conflict"]?.message ?? "")
        XCTAssertEqual(byName["bad_constant"]?.outcome, .error)
        XCTAssertTrue(byName["bad_constant"]?.message.hasPrefix("invalid model: ") == true, byName["bad_constant"]?.message ?? "")
    }

    /// Theorem 2 as an expectation: the nested-VMM check runs when the obligation asks for it.
    func testRecursiveExpectation() throws {
        let repo = try CheckRepo()
        try repo.writeModels()
        // pg.ward without its holes: only SETR (privileged) and ADD.
        let good = try repo.read("Models/pg.ward")
            .replacingOccurrences(of: "isa PGMachine", with: "isa PGGood")
            .split(separator: "\n").filter { !$0.contains("instruction LRA") && !$0.contains("instruction JRST1") }
            .joined(separator: "\n")
        try repo.write("Models/good.ward", good + "\n")
        try repo.write("Proofs/rec.proof", """
        obligation good_nested { model "../Models/good.ward" analysis classify width 2 expect vmm holds expect recursive holds }
        obligation good_wrong { model "../Models/good.ward" analysis classify width 2 expect recursive fails }
        obligation holes_nested { model "../Models/pg.ward" analysis classify width 2 expect recursive fails }
        obligation contradiction { model "../Models/pg.ward" analysis classify width 2 expect vmm fails expect recursive holds }
        """)
        let run = try CheckCommand.check(repo.options())
        let byName = Dictionary(uniqueKeysWithValues: run.report.obligations.map { ($0.name, $0) })
        XCTAssertEqual(byName["good_nested"]?.outcome, .passed, byName["good_nested"]?.message ?? "")
        XCTAssertTrue(byName["good_nested"]?.message.contains("Theorem 2 holds: a VMM running under the VMM") == true, byName["good_nested"]?.message ?? "")
        XCTAssertEqual(byName["good_wrong"]?.outcome, .failed, byName["good_wrong"]?.message ?? "")
        XCTAssertEqual(byName["good_wrong"]?.actual, "recursive holds")
        XCTAssertEqual(byName["holes_nested"]?.outcome, .passed, byName["holes_nested"]?.message ?? "")
        XCTAssertEqual(byName["contradiction"]?.outcome, .error)
        XCTAssertTrue(byName["contradiction"]?.message.contains("Theorem 2 needs Theorem 1") == true, byName["contradiction"]?.message ?? "")
    }

    /// An instruction that leaves the valid states fails its classify obligation, whatever the
    /// expectations say: the theorems quantify over those states. `ward classify` exits 1.
    func testAnOpenInvariantFailsTheObligation() throws {
        let repo = try CheckRepo()
        try repo.write("Models/rings.ward", MutateTests.rings.replacingOccurrences(of: "    if c == 0 && d != R { trap gp }\n", with: ""))
        try repo.write("Proofs/rings.proof", """
        obligation rings_vmm { model "../Models/rings.ward" analysis classify engine both width 2 expect vmm holds }
        """)
        let run = try CheckCommand.check(repo.options())
        XCTAssertEqual(run.exitCode, 1)
        let o = try XCTUnwrap(run.report.obligations.first)
        XCTAssertEqual(o.outcome, .failed, o.message)
        XCTAssertTrue(o.message.hasPrefix("the valid states are not closed: ENTER breaks {tie}; Theorem 1 holds"), o.message)
        let finding = try XCTUnwrap(o.findings.first { $0.key == "breaks:ENTER" }, "\(o.findings.map(\.key))")
        XCTAssertEqual(finding.location.map { "\($0.file):\($0.line)" }, "Models/rings.ward:14")
        XCTAssertTrue(finding.evidence?.contains("leaves the valid states: the result breaks invariant tie") == true, finding.evidence ?? "")
        let classify = ClassifyCommand.run(ClassifyCommandOptions(modelPath: repo.path("Models/rings.ward"),
                                                                  classifier: ClassifierOptions(engine: .both, width: 2)))
        XCTAssertEqual(classify.exitCode, .violated)
        XCTAssertTrue(classify.stdout.contains("Valid states:           NOT closed (the theorems assume they are): ENTER breaks tie"), classify.stdout)
    }

    func testDivergentExpectation() throws {
        let repo = try CheckRepo()
        try repo.writeModels()
        try repo.write("Proofs/div.proof", """
        obligation holes_diverge { model "../Models/pg.ward" analysis classify width 2 expect holes { LRA, JRST1 } expect divergent { LRA, JRST1 } }
        obligation wrong_set { model "../Models/pg.ward" analysis classify width 2 expect divergent { LRA } }
        """)
        let run = try CheckCommand.check(repo.options())
        let byName = Dictionary(uniqueKeysWithValues: run.report.obligations.map { ($0.name, $0) })
        let passed = try XCTUnwrap(byName["holes_diverge"])
        XCTAssertEqual(passed.outcome, .passed, passed.message)
        XCTAssertTrue(passed.message.contains("the generic VMM diverges on {JRST1, LRA}"), passed.message)
        let findings = passed.findings.filter { $0.key.hasPrefix("divergent:") }
        XCTAssertEqual(findings.map(\.key).sorted(), ["divergent:JRST1", "divergent:LRA"])
        // Each divergence carries the guest program that shows it and points at the instruction.
        let lra = try XCTUnwrap(findings.first { $0.key == "divergent:LRA" })
        XCTAssertTrue(lra.message.contains("shortest program in which the guest sees it: LRA"), lra.message)
        XCTAssertEqual(lra.location?.file, "Models/pg.ward")
        XCTAssertNotNil(lra.evidence)
        let failed = try XCTUnwrap(byName["wrong_set"])
        XCTAssertEqual(failed.outcome, .failed, failed.message)
        XCTAssertEqual(failed.actual, "divergent {JRST1, LRA}")

        // --smt-dir keeps the VMM's full-width proofs too: more queries than the table alone.
        try repo.write("Proofs/div.proof", """
        obligation table { model "../Models/pg.ward" analysis classify width 2 expect holes { LRA, JRST1 } }
        obligation vmm { model "../Models/pg.ward" analysis classify width 2 expect holes { LRA, JRST1 } expect divergent { LRA, JRST1 } }
        """)
        var o = repo.options()
        o.smtDirectory = repo.path("smt")
        XCTAssertEqual(repo.run(o).exitCode, .ok)
        func queries(_ name: String) -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: repo.path("smt/Proofs/div.proof/\(name)")))?.count
                ?? (FileManager.default.enumerator(atPath: repo.path("smt"))?.allObjects as? [String] ?? [])
                    .filter { $0.contains("/\(name)/") && $0.hasSuffix(".smt2") }.count
        }
        XCTAssertGreaterThan(queries("table"), 0)
        XCTAssertGreaterThan(queries("vmm"), queries("table"))
    }

    // MARK: determinism and formats

    func testJSONIsByteIdenticalAcrossJobsAndRuns() throws {
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        // Some variety: a failure with a trace, an unknown and an invalid obligation.
        try repo.write("Proofs/extra.proof", """
        obligation wrong { model "../Models/counter.ward" analysis verify expect holds }
        obligation shallow { model "../Models/counter.ward" analysis verify engine explore depth 2 property at_most_five expect holds }
        obligation invalid { model "../Models/counter.ward" analysis verify expect vmm holds }
        """)
        var outputs: [String] = []
        for (jobs, name) in [(1, "a"), (2, "b"), (2, "c"), (4, "d")] {
            var o = repo.options(jobs: jobs)
            o.format = .json
            o.json = repo.path("out/\(name).json")
            let out = repo.run(o)
            XCTAssertEqual(out.exitCode, .invalidInput)
            XCTAssertEqual(try repo.read("out/\(name).json"), out.stdout)
            outputs.append(out.stdout)
        }
        XCTAssertEqual(Set(outputs).count, 1, "JSON differs between runs or --jobs values")
        XCTAssertFalse(outputs[0].contains("durationSeconds"))
        XCTAssertEqual(try decode(outputs[0]).obligations.count, 8)
    }

    func testSARIFValidatesAgainstTheSchema() throws {
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        try repo.write("Proofs/extra.proof", """
        obligation wrong { model "../Models/counter.ward" analysis verify expect holds }
        obligation shallow { model "../Models/counter.ward" analysis verify engine explore depth 2 property at_most_five expect holds }
        obligation invalid { model "../Models/counter.ward" analysis verify expect vmm holds }
        """)
        try repo.write("Proofs/syntax.proof", "obligation o {\n  model 3\n}\n")
        var o = repo.options()
        o.format = .sarif
        let out = repo.run(o)
        XCTAssertEqual(out.exitCode, .invalidInput)
        let schema = CheckTestSupport.packageRoot.appendingPathComponent("../shared/schemas/sarif-schema-2.1.0.json").standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: schema) else { return XCTFail("SARIF schema missing at \(schema)") }
        try repo.write("out/report.sarif", out.stdout)
        let result = try XCTUnwrap(CheckPython.run(CheckPython.sarifValidator, [schema, repo.path("out/report.sarif")]))
        XCTAssertEqual(result.status, 0, "SARIF does not validate:\n\(result.output)")
        // And the validator is not vacuous: a broken document fails.
        try repo.write("out/broken.sarif", out.stdout.replacingOccurrences(of: "\"level\": \"error\"", with: "\"level\": \"fatal\""))
        XCTAssertEqual(CheckPython.run(CheckPython.sarifValidator, [schema, repo.path("out/broken.sarif")])?.status, 1)
    }

    func testJUnitParses() throws {
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        try repo.write("Proofs/extra.proof", """
        obligation wrong { model "../Models/counter.ward" analysis verify expect holds }
        obligation invalid { model "../Models/counter.ward" analysis verify expect vmm holds }
        """)
        var o = repo.options()
        o.format = .junit
        o.output = repo.path("out/junit.xml")
        let out = repo.run(o)
        XCTAssertEqual(out.exitCode, .invalidInput)
        XCTAssertEqual(out.stdout, "", "--output takes the report off stdout")
        let xml = try XMLDocument(data: Data(try repo.read("out/junit.xml").utf8))
        let suite = try XCTUnwrap(try xml.nodes(forXPath: "/testsuites/testsuite").first as? XMLElement)
        XCTAssertEqual(suite.attribute(forName: "tests")?.stringValue, "7")
        XCTAssertEqual(suite.attribute(forName: "failures")?.stringValue, "1")
        XCTAssertEqual(suite.attribute(forName: "errors")?.stringValue, "1")
        XCTAssertEqual(try xml.nodes(forXPath: "//testcase").count, 7)
        XCTAssertEqual(try xml.nodes(forXPath: "//testcase[failure]/@name").map { $0.stringValue }, ["Proofs/extra.proof:1"])
        XCTAssertEqual(try xml.nodes(forXPath: "//testcase[error]/@name").map { $0.stringValue }, ["Proofs/extra.proof:2"])
    }

    // MARK: sharding

    func testShardParsing() {
        XCTAssertEqual(CheckShard(parsing: "2/4"), CheckShard(index: 2, count: 4))
        XCTAssertEqual(CheckShard(parsing: "1/1")?.description, "1/1")
        for bad in ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3", "-1/2", ""] {
            XCTAssertNil(CheckShard(parsing: bad), bad)
        }
    }

    func testShardsPartitionTheRun() throws {
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        try repo.write("Proofs/syntax.proof", "obligation o {\n  model 3\n}\n")
        let whole = try CheckCommand.check(repo.options())
        let wholeJSON = JSONReportWriter().render(whole.report)
        let wholeIDs = whole.report.obligations.map(\.id)
        XCTAssertEqual(wholeIDs.count, 6)
        for n in [2, 3, 7] {
            var union: [ObligationResult] = []
            for i in 1...n {
                var o = repo.options()
                o.shard = CheckShard(index: i, count: n)
                union += try CheckCommand.check(o).report.obligations
            }
            XCTAssertEqual(union.map(\.id).sorted(), wholeIDs.sorted(), "shards of \(n) do not partition the run")
            let merged = CheckReport(toolName: whole.report.toolName, toolVersion: whole.report.toolVersion,
                                     solverVersion: whole.report.solverVersion, obligations: union)
            XCTAssertEqual(JSONReportWriter().render(merged), wholeJSON)
        }
    }

    // MARK: cache

    func testCacheReusesResultsAndModelEditsInvalidate() throws {
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        try repo.write("Proofs/extra.proof", """
        obligation wrong { model "../Models/counter.ward" analysis verify expect holds }
        obligation shallow { model "../Models/counter.ward" analysis verify engine explore depth 2 property at_most_five expect holds }
        """)
        var o = repo.options()
        o.cacheDirectory = repo.path("cache")
        func run() throws -> (CheckRun, [String: Bool]) {
            let r = try CheckCommand.check(o)
            return (r, Dictionary(uniqueKeysWithValues: r.report.obligations.map { ($0.name, $0.cached) }))
        }
        let (cold, coldCached) = try run()
        XCTAssertEqual(coldCached.values.filter { $0 }.count, 0)
        let (warm, warmCached) = try run()
        // Definite verdicts (passed, failed) come from the cache; the unknown one runs again.
        XCTAssertEqual(warmCached, ["counter_safe": true, "counter_four": true, "counter_shallow": true, "pg_machine": true,
                                    "counter_smt_only": true, "wrong": true, "shallow": false])
        XCTAssertEqual(JSONReportWriter().render(warm.report), JSONReportWriter().render(cold.report))
        XCTAssertEqual(warm.exitCode, 1)
        o.format = .text
        XCTAssertTrue(CheckCommand.run(o).stdout.contains("passed   yes"))

        // Editing a file the model imports invalidates every obligation on that model, and no other.
        let base = try repo.read("Models/lib/base.ward")
        try repo.write("Models/lib/base.ward", base + "// edited\n")
        let (_, afterImport) = try run()
        XCTAssertEqual(afterImport, ["counter_safe": false, "counter_four": false, "counter_shallow": false, "pg_machine": true,
                                     "counter_smt_only": false, "wrong": false, "shallow": false])
        // Editing the ISA model invalidates its obligation.
        try repo.write("Models/pg.ward", try repo.read("Models/pg.ward") + "// edited\n")
        let (_, afterISA) = try run()
        XCTAssertEqual(afterISA["pg_machine"], false)
        XCTAssertEqual(afterISA["counter_safe"], true)
        // Editing the obligation's own text invalidates it.
        try repo.write("Proofs/more.proof", try repo.read("Proofs/more.proof").replacingOccurrences(of: "depth 3", with: "depth 4"))
        let (_, afterProof) = try run()
        XCTAssertEqual(afterProof["counter_smt_only"], false)
        XCTAssertEqual(afterProof["counter_safe"], true)
        // A changed verdict is not replayed: flip the model so counter_four's property holds.
        try repo.write("Models/lib/base.ward", base.replacingOccurrences(of: "x != 4", with: "x != 7"))
        let (flipped, _) = try run()
        XCTAssertEqual(flipped.report.obligations.first { $0.name == "counter_four" }?.outcome, .failed)
    }

    func testCacheKeyCoversVersionAndText() throws {
        let repo = try CheckRepo()
        try repo.writeModels()
        try repo.write("Proofs/c.proof", CheckRepo.counterProof)
        let file = ObligationParser.parse(path: "Proofs/c.proof", text: CheckRepo.counterProof)
        let model = try WardIR.ModelLoader().load(path: repo.path("Models/counter.ward"))
        XCTAssertEqual(model.sourceFiles.count, 2)
        let paths = CheckPaths(root: repo.root.path, cwd: repo.root.path)
        let a = CheckCache(directory: "", wardVersion: "1", solverVersion: "z")
        let b = CheckCache(directory: "", wardVersion: "2", solverVersion: "z")
        let keyA = a.key(file.obligations[0], model: model, paths: paths)
        XCTAssertEqual(keyA, a.key(file.obligations[0], model: model, paths: paths))
        XCTAssertNotEqual(keyA, b.key(file.obligations[0], model: model, paths: paths))
        XCTAssertNotEqual(keyA, a.key(file.obligations[1], model: model, paths: paths))
        XCTAssertEqual(keyA.count, 64)
        // Another build of the same version (engines changed, version string not bumped).
        var rebuilt = a
        rebuilt.build = "other"
        XCTAssertNotEqual(keyA, rebuilt.key(file.obligations[0], model: model, paths: paths))
        XCTAssertFalse(CheckCache.executableHash.isEmpty)
        XCTAssertFalse(CheckCache.executableHash.hasPrefix("unreadable"), "the running executable can be read")
    }

    func testSHA256KnownAnswers() {
        func sha(_ s: String) -> String { CheckSHA256.hex(of: Array(s.utf8)) }
        XCTAssertEqual(sha(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(sha("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(sha(String(repeating: "a", count: 1000)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    // MARK: --smt-dir

    func testSMTDirQueriesAgreeWithCVC5() throws {
        let repo = try CheckRepo()
        try repo.writeModels()
        try repo.write("Proofs/counter.proof", CheckRepo.counterProof)
        try repo.write("Proofs/isa/pg.proof", CheckRepo.pgProof)
        var o = repo.options()
        o.smtDirectory = repo.path("smt")
        o.cacheDirectory = repo.path("cache")
        XCTAssertEqual(repo.run(o).exitCode, .ok)
        try repo.remove("smt")
        XCTAssertEqual(repo.run(o).exitCode, .ok)  // a warm cache does not skip the queries
        let folder = repo.root.appendingPathComponent("smt/Proofs")
        let files = (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "smt2" }.sorted { $0.path < $1.path }
        let folders = Set(files.map { $0.deletingLastPathComponent().lastPathComponent })
        // counter_shallow runs the explorer only: no queries. The classifier's queries are kept too.
        XCTAssertEqual(folders, ["counter_safe", "counter_four", "pg_machine"])
        XCTAssertGreaterThanOrEqual(files.count, 4)
        let classifierQueries = files.filter { $0.deletingLastPathComponent().lastPathComponent == "pg_machine" }
        // Four engine questions at least for each of the model's instructions.
        XCTAssertGreaterThanOrEqual(classifierQueries.count, 4 * 4, classifierQueries.map(\.lastPathComponent).joined(separator: ", "))
        var statuses: [String: Int] = [:]
        guard let cvc5 = CheckTestSupport.which("cvc5") else {
            return XCTFail("cvc5 is not on PATH: install it (`apt-get install -y cvc5`, as .ci/setup does) to re-check the exported queries")
        }
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let status = try XCTUnwrap(text.range(of: #"\(set-info :status (sat|unsat|unknown)\)"#, options: .regularExpression)
                .map { String(text[$0].dropFirst(18).dropLast()) }, file.path)
            statuses[status, default: 0] += 1
            XCTAssertTrue(text.contains("(check-sat)"))
            guard status != "unknown" else { continue }
            let r = try CheckTestSupport.run(cvc5, ["--tlimit=60000", file.path])
            XCTAssertEqual(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), status,
                           "\(file.lastPathComponent): Z3 said \(status), cvc5 said \(r.stdout) \(r.stderr)")
        }
        XCTAssertGreaterThan(statuses["sat"] ?? 0, 0)
        XCTAssertGreaterThan(statuses["unsat"] ?? 0, 0)
    }

    func testInterruptedRunReportsWhatWasNotRun() throws {
        let repo = try CheckRepo()
        try repo.writePassingProofs()
        var o = repo.options()
        let interruption = Interruption()
        interruption.request()   // as Ctrl-C does before any obligation starts
        o.interruption = interruption
        let run = try CheckCommand.check(o)
        XCTAssertEqual(run.exitCode, 2)
        XCTAssertFalse(run.report.obligations.isEmpty)
        for r in run.report.obligations {
            XCTAssertEqual(r.outcome, .unknown, r.id)
            XCTAssertEqual(r.actual, "not run", r.id)
            XCTAssertTrue(r.message.contains("interrupted"), r.id)
        }
        // Every format still says so.
        for format in CheckOptions.Format.allCases {
            o.format = format
            let out = CheckCommand.run(o)
            XCTAssertEqual(out.exitCode, .unknown, "\(format)")
            XCTAssertTrue(out.stdout.contains("not run"), "\(format): \(out.stdout.prefix(400))")
        }
    }

    // MARK: the repository's own obligations

    func testBundledPolicyProofsPass() throws {
        // The fast obligations of Proofs/policy. The eight-guest model's (21 properties, about
        // 100 s in a debug build) are left to `ward check Proofs`, which runs them all in a release
        // build; PolicyModelTests proves the model and checks its bug variants' counterexamples.
        let root = CheckTestSupport.packageRoot
        let files = ["two-guests", "two-guests-confused-deputy", "two-guests-direct-map", "delegation"]
        var o = CheckOptions(paths: files.map { root.appendingPathComponent("Proofs/policy/\($0).proof").path })
        o.root = root.path
        o.progress = false
        let run = try CheckCommand.check(o)
        XCTAssertEqual(run.exitCode, 0, TextReportWriter().render(run.report))
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: run.report.obligations.map { ($0.name, $0.actual) }), [
            "two_guests_isolation": "holds",
            "two_guests_confused_deputy_breaks_isolation": "violated {g1_least, g2_least, guests_apart, isolation}",
            "two_guests_direct_map_breaks_isolation": "violated {g1_least, g1_never_writes_m2, guests_apart, isolation, no_direct_map}",
            "delegation_payroll_safe": "holds",
            "delegation_relay_leaks_write": "violated {mallory_never_writes_payroll, write_is_ownership}",
        ])
        let deputy = try XCTUnwrap(run.report.obligations.first { $0.name == "two_guests_confused_deputy_breaks_isolation" })
        XCTAssertEqual(deputy.findings.first?.location?.file, "Models/policy/two-guests.ward")
    }

    func testUsageErrors() throws {
        let repo = try CheckRepo()
        XCTAssertEqual(repo.run(repo.options(["Nowhere"])).exitCode, .usage)
        try repo.write("Proofs/readme.txt", "no obligations here")
        let out = repo.run(repo.options())
        XCTAssertEqual(out.exitCode, .usage)
        XCTAssertTrue(out.stderr.contains("no .proof files"), out.stderr)
        try repo.writePassingProofs()
        XCTAssertEqual(repo.run(repo.options(jobs: 0)).exitCode, .usage)
    }
}
