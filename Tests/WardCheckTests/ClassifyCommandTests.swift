import Foundation
import XCTest
import WardCheck
import WardISA
import WardSolver

/// `ward classify`'s report when a solver fault leaves questions undecided: the exit code is 2,
/// and neither the text nor the JSON may say that a theorem holds, since an undecided question
/// could hide a hole (with Z3 failing outright, the table is empty and no hole is found at all).
final class ClassifyCommandTests: XCTestCase {
    func classify(_ format: String, fault: SolverFault) -> CommandOutput {
        var o = ClassifyCommandOptions(modelPath: CheckTestSupport.packageRoot.appendingPathComponent("Models/isa/pg-machine.ward").path,
                                       classifier: ClassifierOptions(engine: .smt, width: 4))
        o.json = format == "json"
        let run = SolverFaults.inject(fault, atCheck: 1) { ClassifyCommand.run(o) }
        XCTAssert(run.injected)
        return run.value
    }

    func testAnUndecidedClassificationDoesNotSayHolds() throws {
        let healthy = ClassifyCommand.run(ClassifyCommandOptions(
            modelPath: CheckTestSupport.packageRoot.appendingPathComponent("Models/isa/pg-machine.ward").path,
            classifier: ClassifierOptions(engine: .smt, width: 4)))
        XCTAssertEqual(healthy.exitCode, .ok)
        XCTAssert(healthy.stdout.contains("Theorem 1 (VMM):        holds"), healthy.stdout)
        for fault in [SolverFault.error, .timeout] {
            let text = classify("text", fault: fault)
            XCTAssertEqual(text.exitCode, .unknown, "\(fault)")
            XCTAssert(text.stdout.contains("Theorem 1 (VMM):        unknown"), text.stdout)
            XCTAssert(text.stdout.contains("Theorem 3 (hybrid VMM): unknown"), text.stdout)
            let json = classify("json", fault: fault)
            let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let vmm = try XCTUnwrap((root["theorems"] as? [String: Any])?["vmm"] as? [String: Any])
            XCTAssertEqual(vmm["status"] as? String, "unknown")
            XCTAssert(vmm["holds"] is NSNull, "\(vmm)")
        }
    }
}

/// `ward classify NEW --against OLD`: where changed instructions trap differently, by both
/// engines; trap kinds are matched by name (OLD raises gp, which NEW no longer mentions at all).
final class ClassifyAgainstTests: XCTestCase {
    static let old = """
    isa rev {
      width W = 2
      visible CPL : bits<2>
      visible C : bits<W>
      mode NR : bits<1> { supervisor = 0, user = 1 }
      protected MASK : bits<W>
      deprivileged { NR = 1  MASK = ~0 }
      instruction WR(v: bits<W>) {
        if CPL != 0 { trap gp }
        if NR == 1 && ((v ^ C) & MASK) != 0 { trap vmexit }
        C = v
      }
      instruction RD() { if NR == 1 { trap vmexit } }
    }
    """

    func write(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-against-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func against(_ new: String, engine: ClassifierOptions.Engine) throws -> CommandOutput {
        var o = ClassifyCommandOptions(modelPath: try write("new.ward", new), classifier: ClassifierOptions(engine: engine, width: 2))
        o.against = try write("old.ward", Self.old)
        return ClassifyCommand.run(o)
    }

    func testChangedTrappingIsShownWithAStateByEitherEngine() throws {
        let new = Self.old.replacingOccurrences(of: "if CPL != 0 { trap gp }", with: "")
        for engine in [ClassifierOptions.Engine.enumerate, .smt, .both] {
            let out = try against(new, engine: engine)
            XCTAssertEqual(out.exitCode, .ok, out.stderr)
            XCTAssert(out.stdout.contains("1 instruction traps differently"), out.stdout)
            XCTAssert(out.stdout.contains(": the baseline traps (gp); this model: "), out.stdout)
            XCTAssertFalse(out.stdout.contains("DISAGREEMENT"), out.stdout)
        }
        let same = try against(Self.old, engine: .both)
        XCTAssert(same.stdout.contains("every instruction traps in the same valid states"), same.stdout)
    }

    func testRevisionsThatDifferInMoreThanInstructionsAreRefused() throws {
        let out = try against(Self.old.replacingOccurrences(of: "visible C :", with: "protected C :"), engine: .both)
        XCTAssertEqual(out.exitCode, .invalidInput)
        XCTAssert(out.stderr.contains("differs from") && out.stderr.contains("'f C:bits<2>:visible:' there"), out.stderr)
    }
}
