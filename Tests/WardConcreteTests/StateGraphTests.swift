import XCTest
import WardConcrete
import WardIR

/// The reachable state graph: stutters left out, first effects, and how two graphs relate.
final class StateGraphTests: XCTestCase {
    func graph(_ text: String, depth: Int? = nil) throws -> StateGraph {
        try StateGraph(machine: try Machine(try ModelLoader().load(text: text)), maxDepth: depth)
    }

    static func counter(step: String = "n = n + 1", guardText: String = "n < 3", reset: String = "n = 0") -> String {
        """
        model c {
          var n : bits<2> = 0
          var done : bool = false
          action inc() { require \(guardText); \(step) }
          action reset() { require !done; \(reset) }
          action finish() { require n == 3; done = true }
          action idle() { }
        }
        """
    }

    func testStatesEdgesAndFirstEffects() throws {
        let g = try graph(Self.counter())
        // n in 0...3 with done false, and n == 3 with done true (then reset is disabled).
        XCTAssertEqual(g.states.count, 5)
        XCTAssertTrue(g.complete)
        // idle never changes the state: no edge, no first effect; reset at n == 0 is a stutter too.
        XCTAssertNil(g.firstEffect(of: 3))
        XCTAssertFalse(g.edges.contains { g.states[Int($0.from)] == g.states[Int($0.to)] })
        let finish = try XCTUnwrap(g.firstEffect(of: 2))
        XCTAssertEqual(g.trace(through: finish).steps.map(\.label.action), [0, 0, 0, 2])
        XCTAssertEqual(g.depthOf[Int(finish.to)], 4)
        let bounded = try graph(Self.counter(), depth: 2)
        XCTAssertFalse(bounded.complete)
        XCTAssertEqual(bounded.states.count, 3)
    }

    func testRelations() throws {
        let model = try graph(Self.counter())
        guard case .equivalent = model.relation(to: try graph(Self.counter())) else { return XCTFail("a model is equivalent to itself") }
        // Counting by 2 from 0 reaches fewer states.
        guard case .fewerStates(let missing, _) = model.relation(to: try graph(Self.counter(step: "n = n + 2", guardText: "n < 2"))) else {
            return XCTFail("fewer states")
        }
        XCTAssertGreaterThan(missing, 0)
        // Finishing early reaches done with n < 3: a new state, with its shortest trace.
        guard case .newState(let t) = model.relation(to: try graph(Self.counter().replacingOccurrences(of: "require n == 3; done", with: "done"))) else {
            return XCTFail("new state")
        }
        XCTAssertEqual(t.steps.map(\.label.action), [2])
        // Resetting to 1 instead of 0 from 3 reaches the same states by other transitions.
        guard case .sameStates(let extra, let lacking) = model.relation(to: try graph(Self.counter(reset: "if n == 3 { n = 1 } else { n = 0 }"))) else {
            return XCTFail("same states, other transitions")
        }
        XCTAssertNotNil(extra)
        XCTAssertGreaterThan(lacking, 0)
    }
}
