import Foundation
@testable import WardCheck
import WardConcrete
import WardIR
import XCTest

/// `ward mutate`: the mutants of small models, which checks kill them, and the report.
final class MutateTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-mutate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data().write(to: dir.appendingPathComponent("Package.swift"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A guarded lock: the invariant needs the `require`, the comparison and the set to be as written.
    static let lock = """
    model lock {
      enum Who { A, B }
      enum Right { use, admin }
      var holder : Who = A
      var busy : bool = false
      var rights : map<Who, set<Right>> = {}
      var count : bits<2> = 0
      init { rights[A] = {use} }
      action take(w: Who) {
        require !busy
        busy = true
        holder = w
      }
      action grant(w: Who) {
        require use in rights[w]
        rights[w] = rights[w] | {use}
      }
      action tick() {
        if count < 2 { count = count + 1 }
      }
      invariant never_admin: forall w: Who :: !(admin in rights[w])
      invariant b_has_nothing: rights[B] == {}
      invariant small: count <= 2
    }
    """

    func testOperatorsAndVerdictsOnASmallModel() throws {
        let path = try write("lock.ward", Self.lock)
        var o = MutateOptions(modelPath: path)
        o.jobs = 2
        let r = try MutateCommand.mutate(o)
        let byDescription = Dictionary(uniqueKeysWithValues: r.results.map { ($0.mutant.op.rawValue + " " + $0.mutant.description, $0) })
        func status(_ key: String, file: StaticString = #filePath, line: UInt = #line) -> MutantResult.Status? {
            guard let x = byDescription[key] else { XCTFail("no mutant '\(key)' in \(byDescription.keys.sorted())", file: file, line: line); return nil }
            return x.status
        }
        // Killed: granting admin, granting to B (no require), counting past 2.
        XCTAssertEqual(status("widen-set '{use}' → '{use, admin}'"), .killed)
        XCTAssertEqual(status("drop-require drop 'require use in rights[w]'"), .killed)
        XCTAssertEqual(status("negate-comparison 'use in rights[w]' → '!(use in rights[w])'"), .killed)
        XCTAssertEqual(status("boundary-comparison 'count < 2' → 'count <= 2'"), .killed)
        XCTAssertEqual(status("drop-condition 'if count < 2' always takes its branch"), .killed)
        // Nothing in the invariants is about the lock itself. Taking a busy lock again reaches
        // only states the model reaches too (equivalent for any invariant); never setting busy
        // reaches a new state (a missing obligation), and never setting the holder fewer states.
        XCTAssertEqual(status("drop-require drop 'require !busy'"), .equivalent)
        XCTAssertEqual(status("delete-assignment delete 'busy = true'"), .survived)
        XCTAssertEqual(status("delete-assignment delete 'holder = w'"), .survived)
        let byKey = { (k: String) in byDescription[k]?.evidence.first ?? "" }
        XCTAssert(byKey("delete-assignment delete 'busy = true'").hasPrefix("reaches a state the model never does, after take(w=B)"),
                  byKey("delete-assignment delete 'busy = true'"))
        XCTAssert(byKey("delete-assignment delete 'holder = w'").hasPrefix("only removes behaviour: reaches 3 fewer states"),
                  byKey("delete-assignment delete 'holder = w'"))
        XCTAssert(byKey("drop-require drop 'require !busy'").contains("a transition the model never takes (after take(w=A); take(w=B))"),
                  byKey("drop-require drop 'require !busy'"))
        XCTAssertEqual(r.unknown, 0)
        XCTAssertEqual(r.killed + r.survived + r.equivalent, r.results.count)
        // Locations point at the statement when the source matches the IR.
        let dropBusy = r.results.first { $0.mutant.description == "drop 'require !busy'" }!
        XCTAssertEqual(dropBusy.mutant.location.line, 10)
        let kill = r.results.first { $0.mutant.description == "'count < 2' → 'count <= 2'" }!
        XCTAssert(kill.evidence.first?.contains("invariant small") == true, "\(kill.evidence)")
        // Every operator that has a site here produced mutants.
        XCTAssertEqual(Set(r.results.map(\.mutant.op)), [.dropRequire, .deleteAssignment, .dropCondition, .negateComparison, .boundaryComparison, .widenSet])
    }

    /// Removing the trap that makes a sensitive instruction privileged opens a Theorem 1 hole,
    /// and the classifier reports it; removing a bounds trap on an innocuous instruction changes
    /// no class, but it changes the instruction's trap profile, which is part of the classification.
    static let isa = """
    isa tiny {
      width W = 2
      mode M : { supervisor, user }
      protected(relocation) L : bits<W>
      protected B : bits<W>
      visible A : bits<W>
      deprivileged { M = user }
      instruction SETL(l: bits<W>) { if M == user { trap privilege }; L = l }
      instruction GETL() { if M == user { trap privilege }; A = L }
      instruction LOAD(a: bits<W>) { if a > B { trap memory }; A = a }
    }
    """

    func testRemovedPrivilegeTrapsBecomeHoles() throws {
        let path = try write("tiny.ward", Self.isa)
        var o = MutateOptions(modelPath: path)
        o.operators = [.removeTrap]
        let r = try MutateCommand.mutate(o)
        XCTAssertEqual(r.results.map(\.mutant.description), ["remove 'trap privilege'", "remove 'trap privilege'", "remove 'trap memory'"])
        XCTAssertEqual(r.results.map(\.status), [.killed, .killed, .killed])
        XCTAssertEqual(r.results.map(\.newHoles), [["SETL"], ["GETL"], []])
        XCTAssertEqual(r.checkedBy, ["classification (enumerate, width 2)"])
        XCTAssertEqual(r.results[2].evidence, ["classification (enumerate, width 2): trap profile: LOAD no longer raises memory in user mode",
                                               "classification (enumerate, width 2): trap profile: LOAD no longer raises memory in supervisor mode",
                                               "classification (enumerate, width 2): traps differently: LOAD (a = 1) in M = supervisor, B = 0, A = 0: "
                                               + "the baseline traps (memory); this model: A: 0 → 1"])
    }

    /// STORE's first check is covered in user mode by the bounds check (which still raises
    /// memory there), so removing it changes no class and no trap profile; but STORE then runs
    /// in states where the model traps, which the comparison with the model finds, by both
    /// engines alike. CHECK's second trap can never fire (the first one already has): removing it
    /// changes nothing, so that mutant is equivalent (the classifier finds the same instruction). PUT
    /// is STORE with an enum operand (each load of a model makes its own enum types).
    static let covered = """
    isa covered {
      width W = 2
      enum R { R0, R1 }
      mode M : { supervisor, user }
      protected B : bits<W>
      visible A : bits<W>
      visible REG : map<R, bits<W>>
      deprivileged { M = user }
      instruction STORE(a: bits<W>) { if M == user && a == 0 { trap memory }; if a > B { trap memory }; A = a }
      instruction CHECK(a: bits<W>) { if a > B { trap memory }; if a == 3 && a > B { trap memory }; A = a }
      instruction PUT(r: R) { if M == user && REG[r] == 0 { trap memory }; if REG[r] > B { trap memory }; A = REG[r] }
    }
    """

    func testACoveredCheckIsCaughtWhereItTrapsADeadOneIsNot() throws {
        let r = try removeTraps(Self.covered, named: "covered")
        XCTAssertEqual(r.results.map(\.mutant.description), Array(repeating: "remove 'trap memory'", count: 6))
        XCTAssertEqual(r.results.map(\.status), [.killed, .killed, .killed, .equivalent, .killed, .killed])
        XCTAssert(r.results[3].evidence.first?.contains("the same instruction as the model's") == true, "\(r.results[3].evidence)")
        XCTAssertEqual(r.killRate, 1)
        XCTAssert(r.results[4].evidence.first?.contains("traps differently: PUT (r = R0) in M = user") == true, "\(r.results[4].evidence)")
        XCTAssertEqual(r.results[0].evidence.map { $0.components(separatedBy: "): ").dropFirst().joined(separator: "): ") },
                       ["traps differently: STORE (a = 0) in M = user, B = 0, A = 0: the baseline traps (memory); this model: no change"])
        XCTAssert(r.results[1].evidence.contains { $0.hasSuffix("trap profile: STORE no longer raises memory in supervisor mode") }, "\(r.results[1].evidence)")
    }

    /// `ward mutate --operator remove-trap` on an isa judged by one classify obligation
    /// (both engines, width 2) that expects Theorem 1 to hold.
    func removeTraps(_ model: String, named name: String) throws -> MutationReport {
        let path = try write("Models/\(name).ward", model)
        _ = try write("Proofs/\(name).proof", """
        obligation \(name)_vmm {
          model "../Models/\(name).ward"
          analysis classify
          engine both
          width 2
          expect vmm holds
        }
        """)
        var o = MutateOptions(modelPath: path)
        o.obligations = [dir.appendingPathComponent("Proofs").path]
        o.operators = [.removeTrap]
        return try MutateCommand.mutate(o)
    }

    /// A classify obligation whose expectations (Theorem 1 holds) a removed bounds trap keeps:
    /// the changed trap profile kills it all the same.
    func testClassifyObligationKillsAChangedTrapProfile() throws {
        let r = try removeTraps(Self.isa, named: "tiny")
        XCTAssertEqual(r.results.map(\.status), [.killed, .killed, .killed])
        XCTAssertEqual(r.results[2].evidence.first.map { $0.hasSuffix(": trap profile: LOAD no longer raises memory in user mode") }, true,
                       "\(r.results[2].evidence)")
        XCTAssertEqual(r.results[0].evidence.first?.contains("trap profile"), false, "killed by the expectation first: \(r.results[0].evidence)")
    }

    /// Tests/Fixtures/rings.ward. Removing one of ENTER's gp checks keeps the table and the trap
    /// profile (ENTER still raises gp there through the other) but lets it leave the valid states:
    /// the classifier's closure check kills it, as it kills x86's RET_FAR without its inner-ring check.
    static let rings = try! String(contentsOf: CheckTestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/rings.ward"), encoding: .utf8)

    func testAMutantThatLeavesTheValidStatesIsKilled() throws {
        let r = try removeTraps(Self.rings, named: "rings")
        XCTAssertEqual(r.results.map(\.mutant.description), ["remove 'trap svc'", "remove 'trap privilege'", "remove 'trap gp'", "remove 'trap gp'"])
        XCTAssertEqual(r.results.map(\.status), [.killed, .killed, .killed, .killed])
        for k in [2, 3] {
            XCTAssertEqual(r.results[k].evidence.first.map { $0.contains("the valid states are not closed: ENTER breaks {tie}") }, true,
                           "\(r.results[k].evidence)")
        }
    }

    /// The lock model judged by the obligations in `proof` (written as Proofs/lock.proof).
    func mutateLock(judgedBy proof: String) throws -> MutationReport {
        let path = try write("Models/lock.ward", Self.lock)
        _ = try write("Proofs/lock.proof", proof)
        var o = MutateOptions(modelPath: path)
        o.obligations = [dir.appendingPathComponent("Proofs").path]
        return try MutateCommand.mutate(o)
    }

    func testObligationsJudgeTheMutants() throws {
        let r = try mutateLock(judgedBy: """
        obligation lock_small {
          model "../Models/lock.ward"
          analysis verify
          engine explore
          property small
          expect holds
        }
        obligation lock_broken {
          model "../Models/lock.ward"
          analysis verify
          engine explore
          property never_admin
          expect violated { never_admin }
        }
        obligation other_model {
          model "../Models/other.ward"
          analysis verify
          expect holds
        }
        """)
        // lock_broken fails on the model itself (never_admin holds), so it judges nothing.
        XCTAssertEqual(r.checkedBy.count, 2, "\(r.checkedBy)")
        XCTAssert(r.checkedBy[0].hasPrefix("obligation lock_small"), "\(r.checkedBy)")
        XCTAssert(r.checkedBy[1].hasPrefix("obligation lock_broken") && r.checkedBy[1].contains("not used, it fails on the model itself"), "\(r.checkedBy)")
        // Only `small` judges: the count mutants die, the rights mutants survive.
        let killed = r.results.filter { $0.status == .killed }.map(\.mutant.description)
        XCTAssertEqual(killed, ["'if count < 2' always takes its branch", "'count < 2' → 'count <= 2'"])
    }

    /// `expect live` kills what no invariant can: a tick that no longer counts.
    func testLiveObligationKillsWhatOnlyRemovesBehaviour() throws {
        let r = try mutateLock(judgedBy: """
        obligation lock_live {
          model "../Models/lock.ward"
          analysis verify
          engine explore
          expect holds
          expect live { take, tick }
        }
        """)
        let byDescription = Dictionary(uniqueKeysWithValues: r.results.map { ($0.mutant.description, $0) })
        let tick = try XCTUnwrap(byDescription["delete 'count = count + 1'"])
        XCTAssertEqual(tick.status, .killed)
        XCTAssert(tick.evidence.first?.contains("never changes the state in any reachable state: tick") == true, "\(tick.evidence)")
        // Never setting the holder still lets take change the state (busy): it survives, with fewer states.
        XCTAssertEqual(byDescription["delete 'holder = w'"]?.status, .survived)
    }

    /// A mutant that reaches the model's states by other, longer paths differs at the compared
    /// depth but not two steps further: set aside as equivalent, with that evidence.
    func testSurvivorReachingTheSameStatesLaterIsEquivalent() throws {
        let path = try write("Models/steps.ward", """
        model steps {
          var x : bits<3> = 0
          action inc() { require x < 7; x = x + 1 }
          action twice() { require x == 0; x = x + 1; x = x + 1 }
          invariant fine: x <= 7
        }
        """)
        _ = try write("Proofs/steps.proof", """
        obligation steps_shallow {
          model "../Models/steps.ward"
          analysis verify
          engine explore
          depth 1
          expect bounded
        }
        """)
        var o = MutateOptions(modelPath: path)
        o.obligations = [dir.appendingPathComponent("Proofs").path]
        o.operators = [.deleteAssignment]
        let r = try MutateCommand.mutate(o)
        // Without one of twice's increments, 2 is reached at depth 2 instead of 1.
        let once = try XCTUnwrap(r.results.first { $0.mutant.description == "delete 'x = x + 1'" && $0.mutant.actionName == "twice" })
        XCTAssertEqual(once.status, .equivalent, "\(once.evidence)")
        XCTAssert(once.evidence.first?.hasPrefix("every state it reaches within depth 1 the model reaches within depth 3") == true, "\(once.evidence)")
        // Without inc's increment, 3 and above are never reached: a survivor, not equivalent.
        let inc = try XCTUnwrap(r.results.first { $0.mutant.actionName == "inc" })
        XCTAssertEqual(inc.status, .survived, "\(inc.evidence)")
    }

    /// The deeper comparison runs at the largest depth whose graphs two steps further are
    /// predicted to fit: levels the reference graph has are counted, deeper ones extrapolated.
    func testDeeperComparisonLowersItsDepthWhenTheGraphsWouldNotFit() throws {
        let path = try write("Models/tree.ward", """
        model tree {
          var path : bits<16> = 1
          action left() { path = path * 2 }
          action right() { path = path * 2 + 1 }
          invariant fine: true
        }
        """)
        let model = try ModelLoader().load(path: path)
        let graph = try StateGraph(machine: try Machine(model), maxDepth: 3)
        XCTAssertEqual(graph.states.count, 15)   // levels 1, 2, 4, 8
        // Depth 3 + 2 needs 15 + 16 + 32 = 63 states; depth 2 + 2, 15 + 16 = 31; depth 1 + 2, 15.
        XCTAssertEqual(MutateCommand.comparableDepth(graph, depth: 3, cap: 63), 3)
        XCTAssertEqual(MutateCommand.comparableDepth(graph, depth: 3, cap: 40), 2)
        XCTAssertEqual(MutateCommand.comparableDepth(graph, depth: 3, cap: 20), 1)
        XCTAssertEqual(MutateCommand.comparableDepth(graph, depth: 3, cap: 5), nil)
    }

    /// The bundled policies' obligations kill every mutant that reaches a state the model does
    /// not, or fewer states; the rest reach exactly the model's states (explained as equivalent).
    func testBundledPoliciesKillEveryNonEquivalentMutant() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for (model, killedAtLeast) in [("two-guests", 29), ("delegation", 22)] {
            var o = MutateOptions(modelPath: root.appendingPathComponent("Models/policy/\(model).ward").path)
            o.obligations = [root.appendingPathComponent("Proofs/policy").path]
            let r = try MutateCommand.mutate(o)
            let survivors = r.results.filter { $0.status != .killed && $0.status != .equivalent }
            XCTAssertEqual(survivors.map { "\($0.mutant.description): \($0.evidence)" }, [], model)
            XCTAssertGreaterThanOrEqual(r.killed, killedAtLeast, model)
            XCTAssertEqual(r.killRate, 1, model)
            for e in r.results where e.status == .equivalent {
                XCTAssert(e.evidence.first?.hasPrefix("the same reachable states") == true, "\(model): \(e.mutant.description): \(e.evidence)")
            }
        }
    }

    func testReportsAreDeterministicWhateverTheJobs() throws {
        let path = try write("lock.ward", Self.lock)
        var o = MutateOptions(modelPath: path)
        o.json = true
        o.jobs = 1
        let a = MutateCommand.run(o)
        o.jobs = 3
        let b = MutateCommand.run(o)
        XCTAssertEqual(a.exitCode, .ok)
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssert(a.stdout.contains("\"killRate\""))
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)))
        o.json = false
        XCTAssertEqual(MutateCommand.run(o).stdout, MutateCommand.run(o).stdout)
    }

    func testInterruptedRunLeavesTheRestUnknown() throws {
        let path = try write("lock.ward", Self.lock)
        var o = MutateOptions(modelPath: path)
        o.json = true
        let interruption = Interruption()
        interruption.request()   // Ctrl-C before the first mutant
        o.interruption = interruption
        let out = MutateCommand.run(o)
        XCTAssertEqual(out.exitCode, .unknown, out.stdout + out.stderr)
        XCTAssertTrue(out.stdout.contains("\"interrupted\": true"), out.stdout)
        XCTAssertTrue(out.stdout.contains("\"killed\": 0"), out.stdout)
        XCTAssertTrue(out.stdout.contains("not run: interrupted"), out.stdout)
    }

    func testExitCodes() throws {
        let path = try write("lock.ward", Self.lock)
        var o = MutateOptions(modelPath: path)
        o.minimumKillRate = 1.0
        XCTAssertEqual(MutateCommand.run(o).exitCode, .violated, "some mutants survive")
        o.minimumKillRate = 0.1
        XCTAssertEqual(MutateCommand.run(o).exitCode, .ok)
        XCTAssertEqual(MutateCommand.run(MutateOptions(modelPath: try write("bad.ward", "model m { var x : bits<0> }"))).exitCode, .invalidInput)
        XCTAssertEqual(MutateCommand.run(MutateOptions(modelPath: dir.appendingPathComponent("missing.ward").path)).exitCode, .invalidInput)
        // No property holds: nothing can kill a mutant.
        let broken = try write("broken.ward", "model m { var x : bool = false\n action a() { x = true }\n invariant p: !x }")
        XCTAssertEqual(MutateCommand.run(MutateOptions(modelPath: broken)).exitCode, .unknown)
        var withProofs = MutateOptions(modelPath: path)
        withProofs.obligations = [dir.appendingPathComponent("none").path]
        XCTAssertEqual(MutateCommand.run(withProofs).exitCode, .usage)
        withProofs.obligations = [try write("unrelated.proof", "obligation u { model \"x.ward\"\n analysis verify\n expect holds }")]
        XCTAssertEqual(MutateCommand.run(withProofs).exitCode, .usage)
        withProofs.obligations = [try write("invalid.proof", "obligation {")]
        XCTAssertEqual(MutateCommand.run(withProofs).exitCode, .invalidInput)
    }
}
