import Foundation
@testable import WardCheck
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
        // Survivors: nothing in the invariants is about the lock itself (equivalent for these checks).
        XCTAssertEqual(status("drop-require drop 'require !busy'"), .survived)
        XCTAssertEqual(status("delete-assignment delete 'busy = true'"), .survived)
        XCTAssertEqual(status("delete-assignment delete 'holder = w'"), .survived)
        XCTAssertEqual(r.unknown, 0)
        XCTAssertEqual(r.killed + r.survived, r.results.count)
        // Locations point at the statement when the source matches the IR.
        let dropBusy = r.results.first { $0.mutant.description == "drop 'require !busy'" }!
        XCTAssertEqual(dropBusy.mutant.location.line, 10)
        let kill = r.results.first { $0.mutant.description == "'count < 2' → 'count <= 2'" }!
        XCTAssert(kill.evidence.first?.contains("invariant small") == true, "\(kill.evidence)")
        // Every operator that has a site here produced mutants.
        XCTAssertEqual(Set(r.results.map(\.mutant.op)), [.dropRequire, .deleteAssignment, .dropCondition, .negateComparison, .boundaryComparison, .widenSet])
    }

    /// Removing the trap that makes a sensitive instruction privileged opens a Theorem 1 hole,
    /// and the classifier reports it; a bounds trap on an innocuous instruction changes nothing
    /// the classifier observes (an equivalent mutant for this check).
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
        XCTAssertEqual(r.results.map(\.status), [.killed, .killed, .survived])
        XCTAssertEqual(r.results.map(\.newHoles), [["SETL"], ["GETL"], []])
        XCTAssertEqual(r.checkedBy, ["classification (enumerate, width 2)"])
    }

    func testObligationsJudgeTheMutants() throws {
        let path = try write("Models/lock.ward", Self.lock)
        _ = try write("Proofs/lock.proof", """
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
        var o = MutateOptions(modelPath: path)
        o.obligations = [dir.appendingPathComponent("Proofs").path]
        let r = try MutateCommand.mutate(o)
        // lock_broken fails on the model itself (never_admin holds), so it judges nothing.
        XCTAssertEqual(r.checkedBy.count, 2, "\(r.checkedBy)")
        XCTAssert(r.checkedBy[0].hasPrefix("obligation lock_small"), "\(r.checkedBy)")
        XCTAssert(r.checkedBy[1].hasPrefix("obligation lock_broken") && r.checkedBy[1].contains("not used, it fails on the model itself"), "\(r.checkedBy)")
        // Only `small` judges: the count mutants die, the rights mutants survive.
        let killed = r.results.filter { $0.status == .killed }.map(\.mutant.description)
        XCTAssertEqual(killed, ["'if count < 2' always takes its branch", "'count < 2' → 'count <= 2'"])
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
