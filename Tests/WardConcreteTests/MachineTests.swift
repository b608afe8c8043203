import XCTest
import WardConcrete
import WardIR

/// The concrete engine: state layout, the orders both engines agree on (labels, initial
/// states), single steps, breadth-first exploration and how values are shown.
final class MachineTests: XCTestCase {
    func machine(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Machine {
        try Machine(try ModelLoader().load(text: text))
    }

    func testLayoutOfScalarsAndNestedMaps() throws {
        let m = try machine("""
        model l {
          enum E { a, b, c }
          var flag : bool
          var m : map<E, map<bool, bits<4>>>
          var s : set<E>
          var k : map<bits<2>, E>
        }
        """)
        XCTAssertEqual(m.layout.offsets, [0, 1, 7, 8])
        XCTAssertEqual(m.layout.slotCount, 12)
        XCTAssertEqual(m.layout.slotField, [0, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3])
        let mapType = m.model.fields[1].type
        XCTAssertEqual(StateLayout.keys(of: 0, in: mapType), [0, 0])
        XCTAssertEqual(StateLayout.keys(of: 3, in: mapType), [1, 1])
        XCTAssertEqual(StateLayout.keys(of: 4, in: mapType), [2, 0])
        let f = ValueFormatter(model: m.model, layout: m.layout)
        XCTAssertEqual(f.place(5), "m[c][false]")
        XCTAssertEqual(f.place(4), "m[b][true]")
        XCTAssertEqual(f.place(10), "k[2]")
        XCTAssertEqual(f.place(0), "flag")
    }

    func testLayoutRefusesHugeMaps() throws {
        let model = try ModelLoader().load(text: "model h { var big : map<bits<30>, bits<8>> }")
        XCTAssertThrowsError(try StateLayout(model)) { error in
            XCTAssert("\(error)".contains("field 'big' is too large for the concrete engine"), "\(error)")
        }
    }

    func testOdometerCountsWithTheFirstPositionMostSignificant() {
        XCTAssertEqual(Array(Odometer([2, 3])), [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
        XCTAssertEqual(Array(Odometer([])), [[]])
        XCTAssertEqual(Array(Odometer([3, 0])), [])
    }

    func testLabelsInDeclarationAndParameterOrder() throws {
        let m = try machine("""
        model p {
          enum E { a, b, c }
          var x : bits<2>
          action first(e: E, f: bool) { x = 1 }
          action second() { x = 2 }
          action third(v: bits<1>) { x = 3 }
        }
        """)
        XCTAssertEqual(try m.labels(), [
            Label(action: 0, params: [0, 0]), Label(action: 0, params: [0, 1]), Label(action: 0, params: [1, 0]),
            Label(action: 0, params: [1, 1]), Label(action: 0, params: [2, 0]), Label(action: 0, params: [2, 1]),
            Label(action: 1, params: []), Label(action: 2, params: [0]), Label(action: 2, params: [1]),
        ])
    }

    func testInitialStatesAreFilteredDeduplicatedAndOrdered() throws {
        let m = try machine("""
        model i {
          var a : bits<2>
          var b : bits<2>
          var c : bool = true
          init {
            require a <= b
            if a == b { b = 0 }
          }
        }
        """)
        // (a, b) with a <= b, then b cleared when equal: (0,0) from (0,0); (1,0) from (1,1) ...
        XCTAssertEqual(try m.initialStates(), [
            [0, 0, 1], [0, 1, 1], [0, 2, 1], [0, 3, 1], [1, 0, 1], [1, 2, 1], [1, 3, 1], [2, 0, 1], [2, 3, 1], [3, 0, 1],
        ])
    }

    func testInitialStatesThatTrapOrExplodeAreErrors() throws {
        XCTAssertThrowsError(try machine("model t { var a : bool\n init { if a { trap oops } } }").initialStates()) { error in
            XCTAssert("\(error)".contains("the init block traps"), "\(error)")
        }
        XCTAssertThrowsError(try machine("model t { var a : bits<32>\n var b : bits<32> }").initialStates()) { error in
            XCTAssert("\(error)".contains("too many"), "\(error)")
        }
    }

    func testStepOutcomes() throws {
        let m = try machine("""
        model s {
          enum E { a, b, c }
          var x : bits<4> = 0
          var m : map<E, bits<4>> = 0
          action set(e: E, v: bits<4>) {
            require v != 15
            m[e] = v
            if v == 7 { trap lucky }
            if v == 8 { trap unlucky }
            x = x + v
          }
        }
        """)
        XCTAssertEqual(m.step([0, 0, 0, 0], Label(action: 0, params: [1, 5])), .next([5, 0, 5, 0]))
        XCTAssertEqual(m.step([1, 0, 0, 0], Label(action: 0, params: [2, 14])), .next([15, 0, 0, 14]))
        XCTAssertEqual(m.step([0, 0, 0, 0], Label(action: 0, params: [0, 15])), .disabled)
        XCTAssertEqual(m.step([0, 0, 0, 0], Label(action: 0, params: [0, 7])), .trapped(0))
        XCTAssertEqual(m.step([0, 0, 0, 0], Label(action: 0, params: [0, 8])), .trapped(1))
        XCTAssertEqual(m.model.trapKinds, ["lucky", "unlucky"])
        // The caller's state is never modified.
        let before: [UInt64] = [3, 1, 2, 3]
        _ = m.step(before, Label(action: 0, params: [0, 9]))
        XCTAssertEqual(before, [3, 1, 2, 3])
    }

    func testQuantifiersOverTooManyValuesAreRefused() throws {
        let model = try ModelLoader().load(text: "model q { var x : bits<32>\n invariant p: forall v: bits<32> :: v != x + 1 || x == 0 }")
        XCTAssertThrowsError(try Machine(model)) { error in
            XCTAssert("\(error)".contains("quantifies over bits<32>"), "\(error)")
        }
        // A small domain is enumerated.
        let small = try machine("model q { var x : bits<3>\n invariant p: exists v: bits<3> :: v == x + 1 }")
        XCTAssertTrue(small.holds(0, in: [5]))
    }

    // MARK: exploration

    static let counter = """
    model c {
      var x : bits<3> = 0
      var y : bool = false
      action inc() { require x < 5; x = x + 1 }
      action flip() { y = !y }
      invariant x_small: x <= 5
      property not_both: !(x == 4 && y)
    }
    """

    func testExplorationVisitsEveryReachableState() throws {
        let m = try machine(Self.counter)
        let r = Explorer(m).run(ExplorerOptions(properties: [0]))
        guard case .holds(complete: true) = r.verdict else { return XCTFail("\(r.verdict)") }
        XCTAssertEqual(r.statistics.states, 12)      // x in 0...5, y either way
        XCTAssertEqual(r.statistics.transitions, 22) // inc from x < 5 (10) + flip everywhere (12)
        XCTAssertEqual(r.statistics.depth, 6)
    }

    func testExplorationFindsTheShortestLeastTrace() throws {
        let m = try machine(Self.counter)
        let r = Explorer(m).run()
        guard case .violated(let t) = r.verdict else { return XCTFail("\(r.verdict)") }
        XCTAssertEqual(t.property, 1)
        XCTAssertEqual(t.initial, [0, 0])
        // Five steps; among them the least in label order: inc before flip wherever possible.
        XCTAssertEqual(t.steps.map(\.label.action), [0, 0, 0, 0, 1])
        XCTAssertEqual(t.steps.map(\.state), [[1, 0], [2, 0], [3, 0], [4, 0], [4, 1]])
        let text = ValueFormatter(model: m.model, layout: m.layout).render(t)
        XCTAssert(text.contains("  5. flip()\n       y: false → true"), text)
        XCTAssert(text.contains("violates 'not_both'"), text)
    }

    func testExplorationLimits() throws {
        let m = try machine(Self.counter)
        let bounded = Explorer(m).run(ExplorerOptions(maxDepth: 3))
        guard case .holds(complete: false) = bounded.verdict else { return XCTFail("\(bounded.verdict)") }
        XCTAssertEqual(bounded.statistics.states, 7)  // within three steps: x + (y ? 1 : 0) ≤ 3
        let capped = Explorer(m).run(ExplorerOptions(maxStates: 5, properties: [0]))
        guard case .unknown(let why) = capped.verdict else { return XCTFail("\(capped.verdict)") }
        XCTAssert(why.contains("state limit of 5"), why)
    }

    func testFormatting() throws {
        let m = try ModelLoader().load(text: "model f { enum E { a, b, c }\n var x : E }")
        let e = m.enums[0]
        XCTAssertEqual(ValueFormatter.format(1, .bool), "true")
        XCTAssertEqual(ValueFormatter.format(5, .bits(4)), "5")
        XCTAssertEqual(ValueFormatter.format(255, .bits(8)), "0xff")
        XCTAssertEqual(ValueFormatter.format(2, .enumeration(e)), "c")
        XCTAssertEqual(ValueFormatter.format(7, .enumeration(e)), "<7>")
        XCTAssertEqual(ValueFormatter.format(0b101, .set(e)), "{a, c}")
        XCTAssertEqual(ValueFormatter.format(0, .set(e)), "{}")
    }
}
