// The bundled platform (Models/platform): the correct model proved by Z3 at full width (64-bit
// addresses, 4 KiB pages) and confirmed by exploration at a reduced width; each bug variant
// violated in both engines, on the property it breaks, with the same shortest trace. Full-width
// counterexamples and the bugs' other properties are Proofs/platform's job (`ward check`): there
// the induction attempts on a buggy model run into solver timeouts before BMC answers.
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
        XCTAssertEqual(occurrences("holds (unbounded: inductive invariant", in: out.stdout), 11, out.stdout)
        XCTAssert(out.stdout.hasSuffix("verdict: holds"), out.stdout)
    }

    func testExplorationAtSmallWidthAgrees() {
        let explored = verify("Models/platform/iommu.ward", .explore, depth: 3, small: true)
        XCTAssertEqual(explored.exitCode, .ok, explored.stdout + explored.stderr)
        XCTAssertEqual(occurrences("explore: holds up to the depth bound", in: explored.stdout), 11, explored.stdout)
        // Z3 at the same small width proves what exploration found no counterexample to.
        let proved = verify("Models/platform/iommu.ward", .smt, depth: 1, small: true)
        XCTAssertEqual(proved.exitCode, .ok, proved.stdout + proved.stderr)
        XCTAssertEqual(occurrences("holds (unbounded", in: proved.stdout), 11, proved.stdout)
    }

    /// Each bug: the property it breaks, the length of the shortest trace, its first step, and the
    /// engines (the deeper traces only explored: Z3's induction attempts there run into timeouts).
    static let bugs: [(file: String, property: String, steps: Int, first: String, engine: VerifyOptions.Engine)] = [
        ("iommu-first-page-only", "dma_isolation", 1, "1. dma_map(g=1, d=0, gpa=0, len=5, write=false)", .both),
        ("iommu-length-overflow", "dma_isolation", 1, "1. dma_map(g=1, d=0, gpa=2, len=7, write=false)", .both),
        ("iommu-missing-ownership", "dma_isolation", 1, "1. dma_map(g=1, d=0, gpa=0, len=5, write=false)", .both),
        ("iommu-permission-escalation", "dma_write_permitted", 1, "1. dma_map(g=1, d=0, gpa=0, len=3, write=true)", .both),
        ("iommu-unmap-without-flush", "no_reuse_before_flush", 3, "3. dma_unmap(g=1, d=0, gpa=0, len=1)", .explore),
        ("iommu-balloon-pinned", "dma_isolation", 2, "2. balloon_release(g=1, p=0)", .explore),
        ("iommu-shadow-no-ownership", "shadow_consistency", 1, "1. pte_write(g=1, v=0, f=2, w=false)", .explore),
    ]

    func testEveryBugIsViolatedWithItsShortestTrace() {
        for bug in Self.bugs {
            let out = verify("Models/platform/bugs/\(bug.file).ward", bug.engine, depth: bug.steps, small: true, properties: [bug.property])
            XCTAssertEqual(out.exitCode, .violated, bug.file + ": " + out.stdout + out.stderr)
            let plural = bug.steps == 1 ? "step" : "steps"
            let summary = bug.engine == .both ? "both engines give the same shortest trace" : "shortest trace has"
            XCTAssert(out.stdout.contains("\(summary) (\(bug.steps) \(plural))") || out.stdout.contains("\(summary) \(bug.steps) \(plural)"),
                      bug.file + ": " + out.stdout)
            XCTAssert(out.stdout.contains(bug.first), bug.file + ": " + out.stdout)
            XCTAssert(out.stdout.contains("violates '\(bug.property)'"), bug.file + ": " + out.stdout)
        }
    }
}
