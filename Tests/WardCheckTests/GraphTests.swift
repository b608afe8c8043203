// `ward graph`: the authority graph of an access-matrix model as DOT (and JSON).
import Foundation
import XCTest
@testable import WardCheck

final class GraphTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    func model(_ relative: String) -> String { Self.root.appendingPathComponent(relative).path }

    /// DOT-ish: braces balance (outside quotes), one digraph, every edge's ends declared as nodes.
    func assertDOTish(_ dot: String, file: StaticString = #filePath, line: UInt = #line) -> (nodes: Set<String>, edges: [(String, String, String)]) {
        var depth = 0, inQuote = false, escaped = false
        for c in dot {
            if escaped { escaped = false; continue }
            if c == "\\" && inQuote { escaped = true; continue }
            if c == "\"" { inQuote.toggle(); continue }
            if inQuote { continue }
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1; XCTAssertGreaterThanOrEqual(depth, 0, "a '}' closes nothing", file: file, line: line) }
        }
        XCTAssertEqual(depth, 0, "unbalanced braces", file: file, line: line)
        XCTAssertFalse(inQuote, "unterminated string", file: file, line: line)
        XCTAssertTrue(dot.hasPrefix("digraph \""), file: file, line: line)
        var nodes = Set<String>()
        var edges: [(String, String, String)] = []
        let quoted = #""((?:[^"\\]|\\.)*)""#
        let nodeRE = try! NSRegularExpression(pattern: "^\\s*\(quoted) \\[")
        let edgeRE = try! NSRegularExpression(pattern: "^\\s*\(quoted) -> \(quoted) \\[(.*)\\];$")
        for l in dot.split(separator: "\n").map(String.init) {
            let range = NSRange(l.startIndex..., in: l)
            if let m = edgeRE.firstMatch(in: l, range: range) {
                edges.append((String(l[Range(m.range(at: 1), in: l)!]), String(l[Range(m.range(at: 2), in: l)!]), String(l[Range(m.range(at: 3), in: l)!])))
            } else if let m = nodeRE.firstMatch(in: l, range: range) {
                nodes.insert(String(l[Range(m.range(at: 1), in: l)!]))
            }
        }
        for (a, b, _) in edges {
            XCTAssertTrue(nodes.contains(a), "edge from undeclared node \(a)", file: file, line: line)
            XCTAssertTrue(nodes.contains(b), "edge to undeclared node \(b)", file: file, line: line)
        }
        return (nodes, edges)
    }

    func testInitialMatrixOfTwoGuests() {
        let out = GraphCommand.run(GraphOptions(modelPath: model("Models/policy/two-guests.ward")))
        XCTAssertEqual(out.exitCode, .ok, out.stderr)
        let (nodes, edges) = assertDOTish(out.stdout)
        XCTAssertEqual(nodes.count, 7)   // 4 subjects, 3 objects
        XCTAssertEqual(edges.count, 9)   // the non-empty cells
        XCTAssertTrue(edges.contains { $0.0 == "S:G1" && $0.1 == "O:Svc" && $0.2 == "label=\"call\"" })
        XCTAssertTrue(out.stdout.contains("subgraph \"cluster_guest1\""))
        XCTAssertFalse(out.stdout.contains("color=red"))
    }

    func testCounterexampleHighlightsTheEdgesItAdds() {
        var o = GraphOptions(modelPath: model("Models/policy/bugs/two-guests-confused-deputy.ward"))
        o.trace = true
        let out = GraphCommand.run(o)
        XCTAssertEqual(out.exitCode, .violated, out.stderr)
        let (_, edges) = assertDOTish(out.stdout)
        let red = edges.filter { $0.2.contains("color=red") }
        XCTAssertEqual(red.count, 1)
        XCTAssertEqual(red.first?.0, "S:G1")
        XCTAssertEqual(red.first?.1, "O:M2")
        XCTAssertTrue(red.first?.2.contains("label=\"+read, +write\"") ?? false)
        XCTAssertTrue(out.stdout.contains("counterexample to isolation (1 step): request_map(caller=G1, o=M2)"))
    }

    func testRemovedRightsAndDeadSlotsAndJSON() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.ward").path
        try """
        policy g {
          subjects { A1, "B" } 
        }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        // A malformed model is a diagnostic, not a graph.
        XCTAssertEqual(GraphCommand.run(GraphOptions(modelPath: path)).exitCode, .invalidInput)
        try """
        policy g {
          subjects { U, V } spare { W }
          objects { F }
          rights { read, own }
          matrix A { U: F {read, own} }
          command take(s: Subject, f: Object) when own in A[s][f] { delete read from A[s][f] }
          command hire(s: Subject) { create subject s }
          safety u_reads: never own in A[V][F]
          invariant keeps_read: read in A[U][F]
        }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        var o = GraphOptions(modelPath: path)
        o.trace = true
        o.property = "keeps_read"
        let out = GraphCommand.run(o)
        XCTAssertEqual(out.exitCode, .violated, out.stderr)
        let (nodes, edges) = assertDOTish(out.stdout)
        XCTAssertTrue(nodes.contains("S:W"))
        XCTAssertTrue(out.stdout.contains("\"S:W\" [label=\"W\", shape=ellipse, style=dashed];"))
        XCTAssertEqual(edges.count, 1)
        XCTAssertTrue(edges[0].2.contains("style=dashed"), edges[0].2)
        o.format = .json
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(GraphCommand.run(o).stdout.utf8)) as? [String: Any])
        let e = try XCTUnwrap((json["edges"] as? [[String: Any]])?.first)
        XCTAssertEqual(e["removed"] as? [String], ["read"])
        XCTAssertEqual(e["rights"] as? [String], ["own"])
    }

    func testModelWithoutMatrix() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ward-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.ward").path
        try "model m { var x : bits<2> = 0 }".write(toFile: path, atomically: true, encoding: .utf8)
        let out = GraphCommand.run(GraphOptions(modelPath: path))
        XCTAssertEqual(out.exitCode, .invalidInput)
        XCTAssertTrue(out.stderr.contains("has no access matrix"))
    }

    func testHypervisorGraphIsDOTish() {
        let out = GraphCommand.run(GraphOptions(modelPath: model("Models/policy/hypervisor-8.ward")))
        XCTAssertEqual(out.exitCode, .ok, out.stderr)
        let (nodes, edges) = assertDOTish(out.stdout)
        XCTAssertEqual(nodes.count, 11 + 18)
        XCTAssertGreaterThan(edges.count, 40)
    }
}
