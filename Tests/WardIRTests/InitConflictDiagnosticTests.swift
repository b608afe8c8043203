import XCTest
import WardIR
import WardSyntax

/// Malformed platforms: a host page owned twice, a device assigned twice (ElaborateInit.swift),
/// and translations outside the address width (constants that do not fit their type).
final class InitConflictDiagnosticTests: XCTestCase {
    func platform(_ initBody: String) -> String {
        """
        platform p {
          type PN = bits<12>
          var owner : map<PN, bits<2>> = 0
          var assigned : map<bits<1>, bits<2>> = 0
          var p2m_frame : map<bits<2>, map<PN, PN>> = 0
          init {
        \(initBody)
          }
        }
        """
    }

    func testPageOwnedByTwoGuests() {
        expectError(platform("    owner[4] = 1\n    owner[4] = 2"), at: Spot(line: 8, token: "owner"),
                    "'init' sets owner[4] twice, to 1 and to 2", note: "first set at <input>:7:5")
    }

    func testOverlapThroughAnUnrolledLoop() {
        // Guest g owns page 2g and 2g + 1; a page also handed to guest 1 overlaps guest 2's.
        expectError(platform("    for g in 1..3 { owner[2 * g] = g\n owner[2 * g + 1] = g }\n    owner[5] = 1"),
                    at: Spot(line: 9, token: "owner"), "'init' sets owner[5] twice, to 2 and to 1")
    }

    func testDeviceAssignedTwice() {
        expectError(platform("    assigned[0] = 1\n    assigned[1] = 2\n    assigned[0] = 2"), at: Spot(line: 9, token: "assigned"),
                    "'init' sets assigned[0] twice, to 1 and to 2")
    }

    func testTranslationOutsideTheAddressWidth() {
        expectError(platform("    p2m_frame[1][0] = 0x1000"), at: Spot(line: 7, token: "0x1000"), "number 4096 does not fit in bits<12>")
        expectError(platform("    p2m_frame[1][0x1000] = 1"), at: Spot(line: 7, token: "0x1000"), "number 4096 does not fit in bits<12>")
    }

    func testRepeatedOrConditionalWritesAreFine() throws {
        // The same value twice, and a conditional refinement, describe one platform.
        _ = try ModelLoader().load(text: platform("    owner[4] = 1\n    owner[4] = 1\n    if assigned[0] == 0 { owner[4] = 2 }"))
        _ = try ModelLoader().load(text: platform("    for g in 1..3 { owner[2 * g] = g }"))
    }
}
