// The bundled platform (Models/platform): the correct model proved by Z3 at full width (64-bit
// addresses, 4 KiB pages) and confirmed by exploration at a reduced width; each bug variant
// violated in both engines at the reduced width, on the property it breaks, with the same
// shortest trace, and by Z3 at full width with the same steps at full-width addresses.
import Foundation
import WardCheck
import XCTest

final class PlatformModelTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// An 8-byte address space of 2-byte pages, one guest, one device: small enough to explore.
    static let small: [String: UInt64] = ["ADDR_BITS": 3, "PAGE_SHIFT": 1, "GUESTS": 1, "DEVICES": 1]

    func verify(_ relative: String, _ engine: VerifyOptions.Engine, depth: Int, small: Bool,
                properties: [String] = []) -> CommandOutput {
        var o = VerifyOptions(modelPath: Self.root.appendingPathComponent(relative).path, engine: engine)
        o.depth = depth
        o.properties = properties
        if small { o.constantOverrides = Self.small }
        return VerifyCommand.run(o)
    }

    func occurrences(_ needle: String, in haystack: String) -> Int { haystack.components(separatedBy: needle).count - 1 }

    func testPlatformIsProvedAtFullWidth() {
        let out = verify("Models/platform/iommu.ward", .smt, depth: 1, small: false)
        XCTAssertEqual(out.exitCode, .ok, out.stdout + out.stderr)
        XCTAssertEqual(occurrences("holds (unbounded: inductive invariant", in: out.stdout), 14, out.stdout)
        XCTAssert(out.stdout.hasSuffix("verdict: holds"), out.stdout)
    }

    func testExplorationAtSmallWidthAgrees() {
        let explored = verify("Models/platform/iommu.ward", .explore, depth: 3, small: true)
        XCTAssertEqual(explored.exitCode, .ok, explored.stdout + explored.stderr)
        XCTAssertEqual(occurrences("explore: holds up to the depth bound", in: explored.stdout), 14, explored.stdout)
        // Z3 at the same small width proves what exploration found no counterexample to.
        let proved = verify("Models/platform/iommu.ward", .smt, depth: 1, small: true)
        XCTAssertEqual(proved.exitCode, .ok, proved.stdout + proved.stderr)
        XCTAssertEqual(occurrences("holds (unbounded", in: proved.stdout), 14, proved.stdout)
    }

    /// Two slips that no invariant can see, as they only remove behaviour: a DMA that never fills
    /// the IOTLB (the IOTLB invariants then hold vacuously) and a flush that never unpins (pages
    /// leak). The small-width obligation's `expect reachable` and `expect recoverable` catch them.
    /// (At depth 3 rather than the bundled 4, to keep a debug-build test fast; both slips show
    /// within it. `ward check Proofs` runs the obligation as written.)
    func testCoversAndRecoveryCatchWhatInvariantsCannot() throws {
        let model = try String(contentsOf: Self.root.appendingPathComponent("Models/platform/iommu.ward"), encoding: .utf8)
        let proof = try String(contentsOf: Self.root.appendingPathComponent("Proofs/platform/iommu.proof"), encoding: .utf8)
        let small = String(proof[try XCTUnwrap(proof.range(of: "obligation iommu_small_width_explored")).lowerBound...])
        XCTAssertEqual(small.components(separatedBy: "  depth 4\n").count, 2, small)
        let obligation = small.replacingOccurrences(of: "../../Models/platform/iommu.ward", with: "iommu.ward")
            .replacingOccurrences(of: "  depth 4\n", with: "  depth 3\n")
        let slips: [(drop: String, actual: String)] = [
            ("", "bounded"),
            ("    iotlb_valid[d][p] = true\n", "bounded, unreached {iotlb_caches, iotlb_caches_writes}"),
            ("    forall p: PN { pinned[g][p] = pinned[g][p] && still_reached(g, d, p) }\n", "bounded, unrecoverable {nothing_pinned}"),
        ]
        for slip in slips {
            if !slip.drop.isEmpty {
                XCTAssertEqual(model.components(separatedBy: slip.drop).count, 2, "the model no longer has: " + slip.drop)
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-iommu-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let variant = slip.drop.isEmpty ? model : model.replacingOccurrences(of: slip.drop, with: "")
            try Data(variant.utf8).write(to: dir.appendingPathComponent("iommu.ward"))
            try Data(obligation.utf8).write(to: dir.appendingPathComponent("slip.proof"))
            var o = CheckOptions(paths: [dir.appendingPathComponent("slip.proof").path])
            o.root = dir.path
            o.progress = false
            o.colored = false
            o.format = .json
            let out = CheckCommand.run(o)
            XCTAssert(out.stdout.contains("\"actual\": \"\(slip.actual)\""), slip.drop + out.stdout)
            if slip.drop.isEmpty {
                // The bundled model reaches all three covers and recovers from every state checked.
                XCTAssertEqual(out.exitCode, .ok, out.stdout + out.stderr)
                XCTAssert(out.stdout.contains("reached: iotlb_caches (at depth 2), iotlb_caches_writes (at depth 2), shadow_in_use (at depth 1)"), out.stdout)
                XCTAssert(out.stdout.contains("recoverable within 2 steps from every state within depth 1: nothing_pinned (46 states)"), out.stdout)
            } else {
                XCTAssertEqual(out.exitCode, .violated, out.stdout + out.stderr)
            }
        }
    }

    /// Each bug: the property it breaks, the length of the shortest trace, and its steps at the
    /// reduced width and at full width (the same hypercalls and events; addresses of 2-byte
    /// pages there, of 4 KiB pages here, in hex).
    static let bugs: [(file: String, property: String, steps: Int, small: [String], full: [String])] = [
        ("iommu-first-page-only", "dma_isolation", 1, ["1. dma_map(g=1, d=0, gpa=0, len=5, write=false)"],
         ["1. dma_map(g=1, d=0, gpa=0x0, len=0x2001, write=false)"]),
        ("iommu-length-overflow", "dma_isolation", 1, ["1. dma_map(g=1, d=0, gpa=2, len=7, write=false)"],
         ["1. dma_map(g=1, d=0, gpa=0x1000, len=0xfffffffffffff001, write=false)"]),
        ("iommu-missing-ownership", "dma_isolation", 1, ["1. dma_map(g=1, d=0, gpa=0, len=5, write=false)"],
         ["1. dma_map(g=1, d=0, gpa=0x0, len=0x2001, write=false)"]),
        ("iommu-permission-escalation", "dma_write_permitted", 1, ["1. dma_map(g=1, d=0, gpa=0, len=3, write=true)"],
         ["1. dma_map(g=1, d=0, gpa=0x0, len=0x1001, write=true)"]),
        ("iommu-unmap-without-flush", "no_reuse_before_flush", 3,
         ["1. dma_map(g=1, d=0, gpa=0, len=1, write=false)", "2. dma(d=0, p=0, write=false)", "3. dma_unmap(g=1, d=0, gpa=0, len=1)"],
         ["1. dma_map(g=1, d=0, gpa=0x0, len=0x1, write=false)", "2. dma(d=0, p=0x0, write=false)", "3. dma_unmap(g=1, d=0, gpa=0x0, len=0x1)"]),
        ("iommu-balloon-pinned", "dma_isolation", 2,
         ["1. dma_map(g=1, d=0, gpa=0, len=1, write=false)", "2. balloon_release(g=1, p=0)"],
         ["1. dma_map(g=1, d=0, gpa=0x0, len=0x1, write=false)", "2. balloon_release(g=1, p=0x0)"]),
        ("iommu-shadow-no-ownership", "shadow_consistency", 1, ["1. pte_write(g=1, v=0, f=2, w=false)"],
         ["1. pte_write(g=1, v=0x0, f=0x2, w=false)"]),
    ]

    func testEveryBugIsViolatedWithItsShortestTrace() {
        for bug in Self.bugs {
            let out = verify("Models/platform/bugs/\(bug.file).ward", .both, depth: bug.steps, small: true, properties: [bug.property])
            XCTAssertEqual(out.exitCode, .violated, bug.file + ": " + out.stdout + out.stderr)
            let plural = bug.steps == 1 ? "step" : "steps"
            XCTAssert(out.stdout.contains("both engines give the same shortest trace (\(bug.steps) \(plural))"), bug.file + ": " + out.stdout)
            for step in bug.small { XCTAssert(out.stdout.contains(step), bug.file + ": " + out.stdout) }
            XCTAssert(out.stdout.contains("violates '\(bug.property)'"), bug.file + ": " + out.stdout)
        }
    }

    /// Z3 at full width: the shortest counterexample (checked again with its steps fixed, as the
    /// emulator cannot hold 2^52-page maps), with no query run into the full timeout first:
    /// an induction step that Z3 cannot decide (satisfiable, over 52-bit quantified claims) must
    /// not hold up BMC, which finds these in seconds.
    func testEveryBugIsViolatedAtFullWidthByZ3() {
        for bug in Self.bugs {
            var o = VerifyOptions(modelPath: Self.root.appendingPathComponent("Models/platform/bugs/\(bug.file).ward").path, engine: .smt)
            o.depth = bug.steps
            o.properties = [bug.property]
            o.timeoutMilliseconds = 60_000
            let started = Date()
            let out = VerifyCommand.run(o)
            let seconds = Date().timeIntervalSince(started)
            XCTAssertEqual(out.exitCode, .violated, bug.file + ": " + out.stdout + out.stderr)
            let plural = bug.steps == 1 ? "step" : "steps"
            XCTAssert(out.stdout.contains("violated; shortest trace has \(bug.steps) \(plural)"), bug.file + ": " + out.stdout)
            let steps = out.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.first?.isNumber == true }
            XCTAssertEqual(steps, bug.full, bug.file + ": " + out.stdout)
            XCTAssert(out.stdout.contains("violates '\(bug.property)'"), bug.file + ": " + out.stdout)
            XCTAssertLessThan(seconds, 60, bug.file + ": a query ran into the full timeout")
        }
    }
}
