import WardPlatform
import XCTest

final class WalkCostTests: XCTestCase {
    /// Seed 003: a 4-level guest table under 4-level nested paging costs over 20 references.
    func testFourByFourIsTwentyFour() {
        XCTAssertEqual(WalkCost.nestedWalkReferences(guestLevels: 4, nestedLevels: 4), 24)
    }

    /// Counts a two-dimensional walk step by step: each guest level's table address is
    /// guest-physical (an m-step nested walk, then the read), and the final address needs one more nested walk.
    func testFormulaMatchesAStepByStepWalk() {
        for n in 1...5 {
            for m in 0...5 {
                var references = 0
                for _ in 0..<n {
                    references += m      // translate the guest table's guest-physical address
                    references += 1      // read the guest table entry
                }
                references += m          // translate the final guest-physical address
                XCTAssertEqual(WalkCost.nestedWalkReferences(guestLevels: n, nestedLevels: m), references, "n=\(n) m=\(m)")
            }
        }
        XCTAssertEqual(WalkCost.nestedWalkReferences(guestLevels: 4, nestedLevels: 0), 4, "native 4-level walk")
    }

    /// The closed form against the emulated walk (NestedPaging): every level count from 1 to 5,
    /// a cold TLB miss on a mapped address, counted reference by reference.
    func testFormulaMatchesTheEmulatedWalk() throws {
        for n in 1...5 {
            for m in 1...5 {
                var paging = NestedPaging(guestLevels: n, nestedLevels: m)
                let data = paging.newDataPage()
                let gva: UInt64 = 0x7f12_3456_7000 & ((1 << UInt64(12 + 9 * n)) - 1)
                paging.mapGuest(guestVirtual: gva, guestPhysical: data.guestPhysical)
                let walk = try paging.walk(gva | 0x18)
                XCTAssertEqual(walk.hostPhysical, data.hostPhysical | 0x18, "n=\(n) m=\(m)")
                XCTAssertEqual(walk.count, WalkCost.nestedWalkReferences(guestLevels: n, nestedLevels: m), "n=\(n) m=\(m)")
                XCTAssertEqual(walk.references.filter { if case .guest = $0 { true } else { false } }.count, n)
            }
        }
        var seed = NestedPaging(guestLevels: 4, nestedLevels: 4)
        let page = seed.newDataPage()
        seed.mapGuest(guestVirtual: 0x4000_0000, guestPhysical: page.guestPhysical)
        XCTAssertEqual(try seed.walk(0x4000_0000).count, 24, "seed 003: over 20 references for 4 and 4")
    }
}
