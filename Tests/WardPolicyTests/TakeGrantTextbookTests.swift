// Small hand-made graphs in the style of the textbook figures: each checks the decision, the
// explanation it gives, and that the bounded explorer agrees — replaying the explorer's
// derivation rule by rule through `Graph.apply` when the answer is yes.
import XCTest
@testable import WardPolicy

final class TakeGrantTextbookTests: XCTestCase {
    typealias TG = TakeGrant

    /// The explorer finds x -α-> y with `creates` creates but not with one fewer, and its
    /// derivation replays through the public rules.
    private func assertExplorerNeeds(_ creates: Int, _ g: TG.Graph, _ α: TG.Right, _ x: String, _ y: String,
                                     stealing: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        let (vx, vy) = (g.v(x), g.v(y))
        func exploration(_ k: Int) -> TG.Exploration {
            let e = TG.Explorer(g, maxCreated: k, recordsDerivations: true)
            return stealing ? e.explore(stealing: α, over: vy) : e.explore()
        }
        if creates > 0 {
            XCTAssertFalse(exploration(creates - 1).holds(α, from: vx, to: vy), "found with fewer creates", file: file, line: line)
        }
        let found = exploration(creates)
        guard let derivation = found.derivation(of: α, from: vx, to: vy) else {
            return XCTFail("explorer found no derivation with \(creates) creates", file: file, line: line)
        }
        XCTAssertEqual(derivation.filter { if case .create = $0 { true } else { false } }.count, creates, file: file, line: line)
        do {
            let end = try g.applying(derivation)
            XCTAssertTrue(end.has(α, from: vx, to: vy), file: file, line: line)
        } catch {
            XCTFail("derivation does not replay: \(error)", file: file, line: line)
        }
    }

    private func assertExplorerNever(_ g: TG.Graph, _ α: TG.Right, _ x: String, _ y: String, stealing: Bool = false,
                                     file: StaticString = #filePath, line: UInt = #line) {
        let e = TG.Explorer(g, maxCreated: 3)
        let found = stealing ? e.canSteal(right: α, from: g.v(x), to: g.v(y)) : e.canShare(right: α, from: g.v(x), to: g.v(y))
        XCTAssertFalse(found, file: file, line: line)
    }

    // MARK: can_share

    func testTakeChain() {
        // p takes its way along t-edges to the file: a terminal span p ⇝ o2.
        let g = parse("subject p; object o1, o2, f; p -> o1 : t; o1 -> o2 : t; o2 -> f : r")
        let verdict = g.canShare(right: .read, from: g.v("p"), to: g.v("f"))
        XCTAssertEqual(verdict.witness?.describe(in: g), """
            can_share(r, p, f): yes
              owner s = o2: o2 -r-> f
              x' = x = p (a subject)
              s' = p terminally spans to s: p -t-> o1 -t-> o2  [t→ t→]
              islands: I1 {p}
            """)
        assertExplorerNeeds(0, g, .read, "p", "f")
    }

    func testExistingEdge() {
        let g = parse("object a, b; a -> b : r")
        XCTAssertEqual(g.canShare(right: .read, from: g.v("a"), to: g.v("b")).witness?.route, .existingEdge)
        XCTAssertFalse(g.canShare(right: .write, from: g.v("a"), to: g.v("b")).holds)
    }

    func testGrantOnlyBridge() {
        // a can grant into m, b can take from m: the bridge a -g-> m <-t- b (word g→ t←, of
        // shape t→* g→ t←*) joins two islands, and the right crosses it without any create.
        let g = parse("subject a, b; object m, f; a -> m : g; b -> m : t; a -> f : r")
        let verdict = g.canShare(right: .read, from: g.v("b"), to: g.v("f"))
        XCTAssertEqual(verdict.witness?.describe(in: g), """
            can_share(r, b, f): yes
              owner s = a: a -r-> f
              x' = x = b (a subject)
              s' = s = a (a subject)
              islands: I2 {b}
                bridge b -t-> m <-g- a  [t→ g←]
                I1 {a}
            """)
        assertExplorerNeeds(0, g, .read, "b", "f")
        XCTAssertEqual(TG.Analysis(g).bridge(from: g.v("a"), to: g.v("b"))?.wordDescription, "g→ t←")
    }

    func testBridgesWorkBothWaysButBackwardsNeedsACreate() {
        // The same bridge carries b's right to a: a creates a mailbox, grants t,g over it into m,
        // b takes those, writes into the mailbox, and a takes from it.
        let g = parse("subject a, b; object m, h; a -> m : g; b -> m : t; b -> h : w")
        XCTAssertTrue(g.canShare(right: .write, from: g.v("a"), to: g.v("h")).holds)
        assertExplorerNeeds(1, g, .write, "a", "h")
    }

    func testReverseTakeNeedsCreate() {
        // x -t-> y: x can take from y, but for y to get x's right, y must create a vertex that x
        // can take t,g over and write into.
        let g = parse("subject x, y; object f; x -> y : t; x -> f : r")
        let verdict = g.canShare(right: .read, from: g.v("y"), to: g.v("f"))
        XCTAssertEqual(verdict.witness?.describe(in: g), """
            can_share(r, y, f): yes
              owner s = x: x -r-> f
              x' = x = y (a subject)
              s' = s = x (a subject)
              islands: I1 {x, y}
            """)
        assertExplorerNeeds(1, g, .read, "y", "f")
    }

    func testIslandsThatNoBridgeJoinsCannotShare() {
        // Both subjects can take from m, but neither can put anything into it: t→ t← is not a
        // bridge, so a's right never reaches b, however many vertices are created.
        let g = parse("subject a, b; object m, f; a -> m : t; b -> m : t; a -> f : r")
        guard case .no(let reason) = g.canShare(right: .read, from: g.v("b"), to: g.v("f")) else {
            return XCTFail("expected no")
        }
        XCTAssertEqual(reason, "no chain of bridges joins the islands of a candidate x' {b} to those of a candidate s' {a}")
        XCTAssertNil(TG.Analysis(g).bridge(from: g.v("a"), to: g.v("b")))
        assertExplorerNever(g, .read, "b", "f")
    }

    func testObjectNeedsAnInitialSpan() {
        // An object only receives rights by grant: s' = a takes r from o, and a can grant to the
        // object x only after taking g over it from u (initial span a -t-> u -g-> x).
        let g = parse("subject a; object u, x, o, f; a -> u : t; u -> x : g; a -> o : t; o -> f : r")
        let witness = g.canShare(right: .read, from: g.v("x"), to: g.v("f")).witness
        XCTAssertEqual(witness.map { if case .derived(_, let i, _, _) = $0.route { i.wordDescription } else { "" } }, "t→ g→")
        assertExplorerNeeds(0, g, .read, "x", "f")
        // Without the g there is no subject that can write into x.
        let h = parse("subject a; object u, x, o, f; a -> u : t; u -> x : t; a -> o : t; o -> f : r")
        XCTAssertEqual(h.canShare(right: .read, from: h.v("x"), to: h.v("f")),
                       .no(reason: "x is an object and no subject initially spans to it (t→* g→)"))
        assertExplorerNever(h, .read, "x", "f")
    }

    func testChainOfThreeIslands() {
        // I{a} -bridge t→ t→- I{b, c} -bridge t← t←- I{d}: d's right reaches a.
        let g = parse("""
            subject a, b, c, d; object o1, o2, f
            a -> o1 : t; o1 -> b : t; b -> c : g; d -> o2 : t; o2 -> c : t; d -> f : r
            """)
        let witness = g.canShare(right: .read, from: g.v("a"), to: g.v("f")).witness
        guard case let .derived(_, _, _, chain)? = witness?.route else { return XCTFail("expected a derived witness") }
        XCTAssertEqual(chain.islands.map { $0.members.map(g.name) }, [["a"], ["b", "c"], ["d"]])
        XCTAssertEqual(chain.bridges.map(\.wordDescription), ["t→ t→", "t← t←"])
        XCTAssertTrue(TG.Explorer(g, maxCreated: 2).canShare(right: .read, from: g.v("a"), to: g.v("f")))
    }

    // MARK: walks, not simple paths

    func testInitialSpanThatIsOnlyAWalk() {
        // a takes t over u from x, then g over x from u, then grants r over u to x. The walk
        // a -t-> x -t-> u -g-> x spells t→ t→ g→, but no simple path from a to x does.
        let g = parse("subject a; object x, u; a -> x : t; x -> u : t; u -> x : g; a -> u : r")
        let witness = g.canShare(right: .read, from: g.v("x"), to: g.v("u")).witness
        guard case let .derived(_, initial, _, _)? = witness?.route else { return XCTFail("expected a derived witness") }
        XCTAssertEqual(initial.describe(in: g), "a -t-> x -t-> u -g-> x")
        assertExplorerNeeds(0, g, .read, "x", "u")
    }

    func testBridgeThatIsOnlyAWalk() {
        // Every simple path from v0 to vn goes v0 -t-> p <-t- vn (t→ t←, no bridge), yet the walk
        // v0 -t-> p -t-> i -g-> j <-t- p <-t- vn is one: v0 takes g over j, vn takes t over j.
        let g = parse("""
            subject v0, vn; object p, i, j
            v0 -> p : t; p -> i : t; i -> j : g; p -> j : t; vn -> p : t; v0 -> i : r
            """)
        let witness = g.canShare(right: .read, from: g.v("vn"), to: g.v("i")).witness
        guard case let .derived(_, _, _, chain)? = witness?.route else { return XCTFail("expected a derived witness") }
        XCTAssertEqual(chain.bridges.count, 1)
        let bridge = chain.bridges[0]
        XCTAssertTrue(bridge.isValid(in: g))
        XCTAssertEqual(bridge.vertices.filter { $0 == g.v("p") }.count, 2, "the bridge passes p twice: \(bridge.describe(in: g))")
        XCTAssertTrue(["t→ t→ g→ t← t←", "t→ t→ g← t← t←"].contains(bridge.wordDescription))
        assertExplorerNeeds(0, g, .read, "vn", "i")
    }

    // MARK: can_steal

    func testStealByTaking() {
        let g = parse("subject x, s; object y; x -> s : t; s -> y : r")
        let verdict = g.canSteal(right: .read, from: g.v("x"), to: g.v("y"))
        XCTAssertEqual(verdict.witness?.describe(in: g), """
            can_steal(r, x, y): yes
              owner s = s: s -r-> y
              x' = x = x (a subject)
              x' comes to hold t over s, takes r over y from s, because
              can_share(t, x, s): yes
                x -t-> s is already an edge
            """)
        assertExplorerNeeds(0, g, .read, "x", "y", stealing: true)
    }

    func testNoStealWhenOnlyTheOwnerCouldGrant() {
        // s could grant r over y to x (so can_share holds), but an owner granting is not theft,
        // and nobody can take from s.
        let g = parse("subject x, s; object y; s -> x : g; s -> y : r")
        XCTAssertTrue(g.canShare(right: .read, from: g.v("x"), to: g.v("y")).holds)
        XCTAssertEqual(g.canSteal(right: .read, from: g.v("x"), to: g.v("y")),
                       .no(reason: "no x' {x, s} can come to hold t over a holder {s} of r over y"))
        assertExplorerNever(g, .read, "x", "y", stealing: true)
    }

    func testNoStealOfARightAlreadyHeld() {
        let g = parse("subject x, s; object y; x -> s : t; s -> y : r; x -> y : r")
        XCTAssertFalse(g.canSteal(right: .read, from: g.v("x"), to: g.v("y")).holds)
        XCTAssertFalse(TG.Explorer(g).canSteal(right: .read, from: g.v("x"), to: g.v("y")))
    }

    func testStealThroughAFreshAccompliceWhenTheSpannerIsAnOwner() {
        // The object x can only be reached through a, which owns r over y and so may not grant
        // it. a creates a subject n, grants it t over s and g over x; n takes r over y from s
        // and grants it to x. Snyder's conditions hold with x' = a and s = s.
        let g = parse("subject a, s; object x, y; a -> x : g; a -> y : r; a -> s : t; s -> y : r")
        let witness = g.canSteal(right: .read, from: g.v("x"), to: g.v("y")).witness
        XCTAssertEqual(witness.map { g.name($0.xPrime) }, "a")
        XCTAssertEqual(witness.map { g.name($0.owner) }, "s")
        assertExplorerNeeds(1, g, .read, "x", "y", stealing: true)
    }

    func testSnydersConditionOverApproximatesTheftOfTake() {
        // Snyder's (d), can_share(t, v3, v2), holds only by v2 granting t over v1 to v3 (who then
        // takes t over v2 from v1) — but v2 owns t over v1, and theft forbids that grant. The
        // explorer finds no theft; the procedure answers Snyder's yes, marked unconfirmed.
        let g = parse("subject v2, v3; object v0, v1; v2 -> v1 : t; v1 -> v2 : t; v2 -> v3 : t; v3 -> v0 : g; v2 -> v0 : g")
        let (x, y) = (g.v("v0"), g.v("v1"))
        XCTAssertTrue(g.canShare(right: .take, from: g.v("v3"), to: g.v("v2")).holds)
        XCTAssertEqual(g.canSteal(right: .take, from: x, to: y).witness?.isConfirmed, false)
        assertExplorerNever(g, .take, "v0", "v1", stealing: true)
        // With the inert right r the same shape is a real theft: v2 may pass t over v1 to v3 (via a
        // mailbox v3 creates and v2 takes t,g over), v3 takes t over v2 from v1, then r over v1
        // from v2, and grants it to v0.
        let h = parse("subject v2, v3; object v0, v1; v2 -> v1 : t, r; v1 -> v2 : t; v2 -> v3 : t; v3 -> v0 : g; v2 -> v0 : g")
        XCTAssertEqual(h.canSteal(right: .read, from: x, to: y).witness?.isConfirmed, true)
        assertExplorerNeeds(1, h, .read, "v0", "v1", stealing: true)
    }

    func testOwnerWhoIsTheOnlySpannerRecruitsAnAccomplice() {
        // Only the owner v2 can write into v3, and can_share(t, v2, v2) is false as a predicate (no
        // self-loops), yet theft succeeds without a create: v2 takes g over v1 and v3 from v0,
        // grants v1 t over v0 and g over v3; v1 takes t over v2 from v0, r over v0 from v2, and
        // grants it to v3. Snyder's (d) must be read as Lipton–Snyder's conditions, which hold.
        let g = parse("subject v1, v2; object v0, v3; v2 -> v0 : t, r; v0 -> v2 : t; v0 -> v1 : g; v0 -> v3 : g")
        let witness = g.canSteal(right: .read, from: g.v("v3"), to: g.v("v0")).witness
        XCTAssertEqual(witness.map { g.name($0.xPrime) }, "v2")
        XCTAssertEqual(witness.map { g.name($0.owner) }, "v2")
        XCTAssertEqual(witness?.describe(in: g), """
            can_steal(r, v3, v0): yes
              owner s = v2: v2 -r-> v0
              x' = v2 initially spans to x: v2 -t-> v0 -g-> v3  [t→ g→]
              x' is the owner, so an accomplice it creates comes to hold t over s, takes r over v0 from s and, given g over x by x', passes it to x, because
              can_share(t, v2, v2): yes
                owner s = v0: v0 -t-> v2
                x' = x = v2 (a subject)
                s' = v2 terminally spans to s: v2 -t-> v0  [t→]
                islands: I2 {v2}
            """)
        assertExplorerNeeds(0, g, .read, "v3", "v0", stealing: true)
    }

    func testStealAcrossAnIsland() {
        // x takes from b, b from s: b is a conspirator, not an owner, so b may pass r on.
        let g = parse("subject x, b; object s, y; b -> x : g; b -> s : t; s -> y : r")
        let witness = g.canSteal(right: .read, from: g.v("x"), to: g.v("y")).witness
        XCTAssertEqual(witness.map { g.name($0.owner) }, "s")
        XCTAssertTrue(TG.Explorer(g).canSteal(right: .read, from: g.v("x"), to: g.v("y")))
    }
}

/// The structural queries on their own, and a size that would expose quadratic behaviour.
final class TakeGrantStructureTests: XCTestCase {
    typealias TG = TakeGrant

    func testSpanAndBridgeQueries() {
        let g = parse("""
            subject a, b, c; object o, p, x
            a -> o : t; o -> x : g; b -> p : t; p -> a : t; c -> p : g
            """)
        let analysis = TG.Analysis(g)
        XCTAssertEqual(analysis.initialSpan(from: g.v("a"), to: g.v("x"))?.describe(in: g), "a -t-> o -g-> x")
        XCTAssertEqual(analysis.initialSpan(from: g.v("b"), to: g.v("x"))?.wordDescription, "t→ t→ t→ g→")
        XCTAssertEqual(analysis.terminalSpan(from: g.v("b"), to: g.v("o"))?.wordDescription, "t→ t→ t→")
        XCTAssertEqual(analysis.terminalSpan(from: g.v("a"), to: g.v("a"))?.wordDescription, "ν")
        XCTAssertNil(analysis.terminalSpan(from: g.v("c"), to: g.v("o")))
        // b and c both reach p: b by t, c by g: the bridge c -g-> p <-t- b (t→* g→ t←*).
        XCTAssertEqual(analysis.bridge(from: g.v("c"), to: g.v("b"))?.wordDescription, "g→ t←")
        XCTAssertTrue(analysis.areLinked(g.v("a"), g.v("c")))
        XCTAssertFalse(analysis.areLinked(g.v("a"), g.v("x")), "objects are in no island")
    }

    func testDecisionsStayFastOnLargeGraphs() {
        // 20,000 objects on a take chain, and 5,000 subjects linked in a row by g-bridges through
        // objects: a quadratic procedure would take minutes here.
        var g = TG.Graph()
        let n = 20_000
        try! g.addVertex("p", kind: .subject)
        for i in 0..<n { try! g.addVertex("o\(i)", kind: .object) }
        try! g.addVertex("f", kind: .object)
        try! g.addRights([.take], from: "p", to: "o0")
        for i in 1..<n { try! g.addRights([.take], from: "o\(i - 1)", to: "o\(i)") }
        try! g.addRights([.read], from: "o\(n - 1)", to: "f")
        let m = 5_000
        for i in 0..<m { try! g.addVertex("s\(i)", kind: .subject); try! g.addVertex("m\(i)", kind: .object) }
        for i in 1..<m {
            try! g.addRights([.grant], from: "s\(i - 1)", to: "m\(i)")
            try! g.addRights([.take], from: "s\(i)", to: "m\(i)")
        }
        try! g.addRights([.take], from: "s0", to: "p")

        let analysis = TG.Analysis(g)
        let witness = analysis.canShare(right: .read, from: g.v("s\(m - 1)"), to: g.v("f")).witness
        guard case let .derived(_, _, terminal, chain)? = witness?.route else { return XCTFail("expected a derived witness") }
        XCTAssertEqual(terminal.word.count, n)
        XCTAssertEqual(chain.islands.count, m)
        XCTAssertTrue(analysis.canSteal(right: .read, from: g.v("s\(m - 1)"), to: g.v("f")).holds)
    }
}
