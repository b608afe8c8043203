// Shared helpers for the Take-Grant tests: a deterministic PRNG, random small graphs, and
// shorthand for building graphs from their text form.
import XCTest
@testable import WardPolicy

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and the same sequence on every platform.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (the modulo bias is irrelevant for n this small).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// True with probability `numerator`/`denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool { below(denominator) < numerator }
}

enum RandomGraphs {
    /// 3 or 4 vertices, each a subject or an object with equal odds, and on each ordered pair
    /// each of t, g and r independently with probability 1/4.
    static func make(_ rng: inout SplitMix64) -> TakeGrant.Graph {
        var g = TakeGrant.Graph()
        let n = 3 + rng.below(2)
        for i in 0..<n { try! g.addVertex("v\(i)", kind: rng.chance(1, in: 2) ? .subject : .object) }
        for a in g.vertexIDs {
            for b in g.vertexIDs where a != b {
                let label = TakeGrant.RightSet([.take, .grant, .read].filter { _ in rng.chance(1, in: 4) })
                if !label.isEmpty { try! g.addRights(label, from: a, to: b) }
            }
        }
        return g
    }
}

func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> TakeGrant.Graph {
    do { return try TakeGrant.Graph(parsing: text) } catch {
        XCTFail("parse error \(error)", file: file, line: line)
        return TakeGrant.Graph()
    }
}

extension TakeGrant.Graph {
    /// The vertex named `name`; traps on a typo, which is a bug in the test.
    func v(_ name: String) -> TakeGrant.VertexID { id(name)! }
}
