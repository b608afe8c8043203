import WardReport
import XCTest

final class FingerprintTests: XCTestCase {
    /// Published FNV-1a 64 test vectors (Landon Curt Noll's FNV test suite).
    func testKnownVectors() {
        XCTAssertEqual(Fingerprint.hex(Fingerprint.fnv1a64("")), "cbf29ce484222325")
        XCTAssertEqual(Fingerprint.hex(Fingerprint.fnv1a64("a")), "af63dc4c8601ec8c")
        XCTAssertEqual(Fingerprint.hex(Fingerprint.fnv1a64("foobar")), "85944171f73967e8")
    }

    /// Recomputes the documented recipe with an independent implementation (Python) so
    /// a hard-coded value is not needed.
    func testMatchesIndependentImplementation() throws {
        let script = """
        import sys
        h = 0xcbf29ce484222325
        for b in "\\x1f".join(sys.argv[1:4]).encode("utf-8"):
            h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
        print(format(h, "016x"))
        """
        for (kind, id, key) in [("isa.classify", "Proofs/isa/x86-legacy.proof:3", "hole:SGDT"),
                                ("policy.isolation", "Proofs/p.proof:1", ""),
                                ("k", "ü→🙂", "a<b>&")] {
            guard let result = Python.run(script, [kind, id, key]) else { return }
            XCTAssertEqual(result.status, 0, result.output)
            XCTAssertEqual(Fingerprint.finding(kind: kind, obligationID: id, key: key),
                           result.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    func testFieldBoundariesMatter() {
        XCTAssertNotEqual(Fingerprint.finding(kind: "a", obligationID: "bc", key: ""),
                          Fingerprint.finding(kind: "ab", obligationID: "c", key: ""))
    }

    func testEqualInputsBuiltDifferentlyAgree() {
        // Separately built strings (different storage, bridged or not) hash alike.
        let parts = ["hole", ":", "SG", "DT"]
        let built = parts.joined()
        let literal = "hole:SGDT"
        XCTAssertEqual(Fingerprint.finding(kind: "isa.classify", obligationID: "x:1", key: built),
                       Fingerprint.finding(kind: "isa.classify", obligationID: "x:1", key: literal))
    }
}
