// The graph type, its text form, and the de jure rules applied one at a time.
import XCTest
@testable import WardPolicy

final class TakeGrantGraphTests: XCTestCase {
    typealias TG = TakeGrant

    func testParsesDeclarationsEdgesAndComments() throws {
        let g = try TG.Graph(parsing: """
            # a comment
            subject a, b; object f
            a -> b : t, g   # trailing comment
            b -> f : r; a -> f : map
            a -> b : w
            """)
        XCTAssertEqual(g.vertices.map(\.name), ["a", "b", "f"])
        XCTAssertEqual(g.vertices.map(\.kind), [.subject, .subject, .object])
        XCTAssertEqual(g.rights(from: g.v("a"), to: g.v("b")), [.take, .grant, .write])
        XCTAssertEqual(g.rights(from: g.v("a"), to: g.v("f")), ["map"])
        XCTAssertEqual(g.edgeCount, 3)
        XCTAssertTrue(g.rights(from: g.v("f"), to: g.v("a")).isEmpty)
    }

    func testPrintsTextThatParsesBackToTheSameGraph() throws {
        let text = """
            subject a, x'
            object o
            subject b
            a -> o : t, g, r
            x' -> b : g
            o -> a : w
            """
        let g = try TG.Graph(parsing: text)
        XCTAssertEqual(g.description, text)
        XCTAssertEqual(try TG.Graph(parsing: g.description), g)
    }

    func testReportsErrorsWithPositions() {
        func error(_ text: String) -> String {
            do { _ = try TG.Graph(parsing: text); return "no error" } catch { return error.description }
        }
        XCTAssertEqual(error("subject a\na -> b : t"), "2:6: unknown vertex 'b' (declare it with `subject b` or `object b`)")
        XCTAssertEqual(error("subject a, a"), "1:12: vertex 'a' is declared twice")
        XCTAssertTrue(error("subject a\na -> a : t").hasPrefix("2:1: edge from 'a' to itself"))
        XCTAssertEqual(error("subject a, b\na -> b t"), "2:8: expected ':' before the rights, found 't'")
        XCTAssertEqual(error("subject a, b\na -> b :"), "2:9: expected right, found end of input")
        XCTAssertEqual(error("subject a b"), "1:11: expected end of statement (newline or ';'), found 'b'")
        XCTAssertEqual(error("subject a\n  a => b : t"), "2:5: unexpected character '='")
        XCTAssertEqual(error("-> a"), "1:1: expected a declaration or an edge, found '->'")
    }

    func testTakeAndGrantCopyRights() throws {
        var g = try TG.Graph(parsing: "subject x, z; object y; x -> z : t; z -> y : r, w; z -> x : g")
        let (x, y, z) = (g.v("x"), g.v("y"), g.v("z"))
        try g.apply(.take(actor: x, rights: [.read], target: y, source: z))
        XCTAssertEqual(g.rights(from: x, to: y), [.read])
        // z grants (w to y) to x, along z -g-> x.
        try g.apply(.grant(actor: z, rights: [.write], target: y, recipient: x))
        XCTAssertEqual(g.rights(from: x, to: y), [.read, .write])
    }

    func testCreateAddsAVertexAndRemoveDeletesRights() throws {
        var g = try TG.Graph(parsing: "subject x; object y; x -> y : r, w")
        let (x, y) = (g.v("x"), g.v("y"))
        let n = try g.apply(.create(actor: x, rights: [.take, .grant], kind: .object, name: "m"))
        XCTAssertEqual(n, g.v("m"))
        XCTAssertEqual(g.rights(from: x, to: n!), [.take, .grant])
        try g.apply(.remove(actor: x, rights: [.read], target: y))
        XCTAssertEqual(g.rights(from: x, to: y), [.write])
        try g.apply(.remove(actor: x, rights: [.write, .take], target: y))
        XCTAssertEqual(g.edgeCount, 1, "an emptied label deletes the edge")
    }

    func testRulesCheckTheirPreconditions() throws {
        let g = try TG.Graph(parsing: "subject x; object o, y; x -> o : t; o -> y : r; o -> x : t")
        let (x, o, y) = (g.v("x"), g.v("o"), g.v("y"))
        func failure(_ rule: TG.Rule) -> TG.RuleError? { Self.failure(of: rule, in: g) }
        XCTAssertNil(failure(.take(actor: x, rights: [.read], target: y, source: o)))
        XCTAssertEqual(failure(.take(actor: x, rights: [.write], target: y, source: o)), .missingRight(needed: "o -w-> y"))
        XCTAssertEqual(failure(.take(actor: o, rights: [.take], target: x, source: x)), .notDistinct("o, x, x"))
        XCTAssertEqual(failure(.grant(actor: o, rights: [.read], target: y, recipient: x)), .actorNotSubject("o"))
        XCTAssertEqual(failure(.grant(actor: x, rights: [.read], target: y, recipient: o)), .missingRight(needed: "x -g-> o"))
        XCTAssertEqual(failure(.take(actor: x, rights: [], target: y, source: o)), .emptyRights)
        XCTAssertEqual(failure(.create(actor: x, rights: [.take], kind: .subject, name: "o")), .graph(.duplicateVertex("o")))
        // x cannot take t over itself from o: the rules never make self-loops.
        XCTAssertEqual(failure(.take(actor: x, rights: [.take], target: x, source: o)), .notDistinct("x, x, o"))
    }

    private static func failure(of rule: TG.Rule, in graph: TG.Graph) -> TG.RuleError? {
        do {
            _ = try graph.applying([rule])
            return nil
        } catch {
            return error
        }
    }

    func testRulesDescribeThemselvesInTheTextbookPhrasing() throws {
        let g = try TG.Graph(parsing: "subject x, z; object y")
        let (x, y, z) = (g.v("x"), g.v("y"), g.v("z"))
        XCTAssertEqual(TG.Rule.take(actor: x, rights: [.read], target: y, source: z).describe(in: g), "x takes (r to y) from z")
        XCTAssertEqual(TG.Rule.grant(actor: z, rights: [.read], target: y, recipient: x).describe(in: g), "z grants (r to y) to x")
        XCTAssertEqual(TG.Rule.create(actor: x, rights: [.take, .grant], kind: .subject, name: "n").describe(in: g),
                       "x creates (t,g to new subject) n")
        XCTAssertEqual(TG.Rule.remove(actor: x, rights: [.read], target: y).describe(in: g), "x removes (r to) y")
    }

    func testIslandsAreSubjectComponentsOfTheTgSubgraph() throws {
        // a and b share a g-edge; c is tied to b only through object o; d has only an r-edge.
        let g = try TG.Graph(parsing: """
            subject a, b, c, d; object o
            b -> a : g; b -> o : t; c -> o : t; d -> a : r
            """)
        XCTAssertEqual(g.islands.map { $0.members.map(g.name) }, [["a", "b"], ["c"], ["d"]])
    }
}
