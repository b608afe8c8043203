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
}
