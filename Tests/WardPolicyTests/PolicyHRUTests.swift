// HRU safety for mono-operational systems (PolicyHRU.swift), cross-checked against exhaustive
// exploration of the same IR on small random systems.
import XCTest

final class PolicyHRUTests: XCTestCase {
    /// A random mono-operational system: 2-3 subjects, 2 objects, 2-3 rights, 3-5 commands, each
    /// with 0-2 positive conditions and one enter, delete (or, sometimes, create) operation.
    static func randomSystem(_ rng: inout PolicyRandom, index: Int) -> (text: String, query: String) {
        let subjects = ["S0", "S1", "S2"].prefix(2 + rng.below(2))
        let objects = ["O0", "O1"]
        let rights = ["r0", "r1", "r2"].prefix(2 + rng.below(2))
        let spare = rng.below(3) == 0
        var lines = [
            "policy random_\(index) {",
            "  subjects { \(subjects.joined(separator: ", ")) }" + (spare ? " spare { N0 }" : ""),
            "  objects { \(objects.joined(separator: ", ")) }",
            "  rights { \(rights.joined(separator: ", ")) }",
        ]
        var cells: [String] = []
        for s in subjects {
            var row: [String] = []
            for o in objects where rng.below(3) == 0 {
                row.append("\(o) {\(rng.pick(Array(rights)))}")
            }
            if !row.isEmpty { cells.append("    \(s): " + row.joined(separator: ", ")) }
        }
        lines.append("  matrix A {")
        lines += cells
        lines.append("  }")
        let params = ["x", "y"]
        for c in 0..<(3 + rng.below(3)) {
            var conds: [String] = []
            for _ in 0..<rng.below(3) {
                conds.append("\(rng.pick(Array(rights))) in A[\(rng.pick(params))][f]")
            }
            let when = conds.isEmpty ? "" : " when " + conds.joined(separator: " && ")
            let op: String
            switch rng.below(spare ? 6 : 5) {
            case 0, 1, 2: op = "enter \(rng.pick(Array(rights))) into A[\(rng.pick(params))][f]"
            case 3, 4: op = "delete \(rng.pick(Array(rights))) from A[\(rng.pick(params))][f]"
            default: op = "create subject y"
            }
            lines.append("  command c\(c)(x: Subject, y: Subject, f: Object)\(when) { \(op) }")
        }
        let query = "\(rng.pick(Array(rights))) in A[\(rng.pick(Array(subjects)))][\(rng.pick(objects))]"
        lines.append("  safety q: never \(query)")
        lines.append("}")
        return (lines.joined(separator: "\n"), query)
    }

    func testDecisionAgreesWithExhaustiveExploration() throws {
        var rng = PolicyRandom(seed: 0x4852_5531_3937_36)
        var safe = 0, unsafe = 0
        for i in 0..<30 {
            let (text, _) = Self.randomSystem(&rng, index: i)
            let path = try Ward.temporaryModel(text, name: "hru")
            let r = try Ward.verify(path, ["--engine", "explore"])
            let p = try XCTUnwrap(r.property("q"), text)
            // The decision refines the explorer's verdict; they must agree.
            XCTAssertTrue(p.summary.contains("decided: HRU, mono-operational"), "\(p.summary)\n\(text)")
            if p.verdict == "holds" {
                safe += 1
                XCTAssertTrue(p.explore.hasPrefix("holds (exhaustive"), "\(p.explore)\n\(text)")
            } else {
                unsafe += 1
                XCTAssertEqual(p.verdict, "violated", "\(p.summary)\n\(text)")
                XCTAssertEqual(Property.depth(p.explore), p.steps.count, "\(p.explore)\n\(text)")
            }
        }
        // The generator exercises both answers.
        XCTAssertGreaterThan(safe, 3)
        XCTAssertGreaterThan(unsafe, 3)
    }

    func testDecisionGoesBeyondTheDepthBound() throws {
        // A chain r0 → r1 → r2: the leak needs three commands, deeper than --depth 1.
        let path = try Ward.temporaryModel("""
        policy chain {
          subjects { S0, S1 }
          objects { O0 }
          rights { r0, r1, r2 }
          matrix A { S0: O0 {r0} }
          command a(x: Subject, f: Object) when r0 in A[x][f] { enter r1 into A[x][f] }
          command b(x: Subject, f: Object) when r1 in A[x][f] { enter r2 into A[x][f] }
          command c(x: Subject, y: Subject, f: Object) when r2 in A[x][f] { enter r2 into A[y][f] }
          safety q: never r2 in A[S1][O0]
          safety p: never r0 in A[S1][O0]
        }
        """)
        let r = try Ward.verify(path, ["--engine", "explore", "--depth", "1"])
        let q = try XCTUnwrap(r.property("q"))
        XCTAssertEqual(q.verdict, "violated", q.summary)
        XCTAssertEqual(q.labels, ["a(f=O0, x=S0)", "b(f=O0, x=S0)", "c(f=O0, x=S0, y=S1)"])
        XCTAssertTrue(q.explore.hasPrefix("holds up to the depth bound"), q.explore)
        let p = try XCTUnwrap(r.property("p"))
        XCTAssertEqual(p.verdict, "holds", p.summary)
        XCTAssertTrue(p.summary.contains("decided"), p.summary)
    }

    func testNotMonoOperationalIsNotDecided() throws {
        let path = try Ward.temporaryModel("""
        policy two_ops {
          subjects { S0, S1 }
          objects { O0 }
          rights { r0, r1 }
          matrix A { S0: O0 {r0} }
          command a(x: Subject, y: Subject, f: Object) when r0 in A[x][f] { enter r1 into A[y][f]; enter r1 into A[x][f] }
          command b(x: Subject, f: Object) when !(r1 in A[x][f]) { enter r0 into A[x][f] }
          safety q: never r1 in A[S1][O0]
        }
        """)
        let r = try Ward.verify(path, ["--engine", "explore"])
        let q = try XCTUnwrap(r.property("q"))
        XCTAssertEqual(q.verdict, "violated")
        XCTAssertFalse(q.summary.contains("decided"), q.summary)
    }
}
