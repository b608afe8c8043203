import XCTest
@testable import WardCheck
@testable import WardISA
import WardIR

/// Solver faults at the ISA engines' call sites: the symbolic classifier and the equivalence
/// prover. A Z3 error (forced here by a valid model whose names collide in the engines' Z3
/// constants) or a timeout must leave the question undecided — reported, exit code 2 — and
/// never yield "holds" (no hole, virtualizable) that the model does not deserve.
final class RobustClassifierFaultTests: XCTestCase {
    /// `s1` and `v` are instructions whose parameter `A` shadows the field `A`: the classifier
    /// names its state constants `s1.<field>` and its parameters `<instruction>.<param>`, the
    /// prover `v.<field>` and `<instruction>.<param>`, so both make the constant `s1.A` / `v.A`
    /// at two sorts, which WardSolver refuses (a Z3Error). The model itself is valid.
    static let colliding = """
    isa colliding {
      width W = 4
      mode M : { supervisor, user }
      protected(relocation) L : bits<W>
      visible A : bits<W>
      deprivileged { M = user }
      instruction s1(A: bool) { if M == user { trap privilege }; L = if A then 1 else 0 }
      instruction v(A: bool) { if A { trap odd } }
      instruction GETL() { A = L }
    }
    """

    func table(_ c: Classification) -> [String] { MutateCommand.table(c) }

    func testZ3ErrorsInTheSymbolicClassifierAreUnknown() throws {
        let model = try ModelLoader().load(text: Self.colliding)
        let reference = Classifier.classify(model, width: 4, options: ClassifierOptions(engine: .enumerate, width: 4))
        XCTAssert(reference.unknown.isEmpty, "\(reference.unknown)")
        XCTAssertEqual(reference.vmm.holes, ["GETL"])
        for engine in [ClassifierOptions.Engine.smt, .both] {
            let c = Classifier.classify(model, width: 4, options: ClassifierOptions(engine: engine, width: 4))
            if c.unknown.isEmpty && c.disagreements.isEmpty {
                // Decided (the naming was fixed): then it must be the right table.
                XCTAssertEqual(table(c), table(reference), "\(engine)")
            } else {
                XCTAssertEqual(ClassifyCommand.exitCode(c), .unknown, "\(engine): an undecided table must exit 2")
                XCTAssert(c.unknown.joined().contains("already has sort") || !c.disagreements.isEmpty, "\(engine): \(c.unknown)")
            }
        }
    }

    func testZ3ErrorsInTheEquivalenceProverAreUnknown() throws {
        let model = try ModelLoader().load(text: Self.colliding)
        let r = try Equivalence.check(model: model, fullWidthModel: model, options: EquivalenceOptions(width: 4, timeoutMilliseconds: 30_000))
        let proofs = Dictionary(uniqueKeysWithValues: r.instructions.map { ($0.name, $0.proof) })
        // `v` collides: unknown, never "proved"; the others are decided.
        XCTAssert(proofs["v"]!.hasPrefix("unknown") || proofs["v"] == "proved", proofs["v"]!)
        if proofs["v"]!.hasPrefix("unknown") { XCTAssert(proofs["v"]!.contains("already has sort"), proofs["v"]!) }
        XCTAssertEqual(proofs["GETL"], "proved")
    }

    /// Hard queries (64-bit multiplication, whose answer needs real bit-blasting) under a 1 ms
    /// timeout: every question the solver drops is reported; what it does answer is right.
    static let hard = """
    isa hard {
      width W = 64
      mode M : { supervisor, user }
      protected(relocation) L : bits<W>
      protected K : bits<W>
      visible A : bits<W>
      deprivileged { M = user }
      // Squares are 0 or 1 mod 4, so L never shows: innocuous, but proving it takes work.
      instruction SQ(a: bits<W>) { A = if (L * L) % 4 == 2 then 0 else A * a }
      // K shows through a product: a hole.
      instruction MULK(a: bits<W>) { A = (A * a) ^ (K * K) }
      instruction SETK(k: bits<W>) { if M == user { trap privilege }; K = k }
    }
    """

    func testClassifierTimeoutsAreReportedNeverDecidedWrongly() throws {
        let model = try ModelLoader().load(text: Self.hard)
        let view = ISAView(model)
        let expected = ["SQ": false, "MULK": true, "SETK": true]   // behavior- or control-sensitive
        for timeout: UInt32 in [1, 3] {
            let symbolic = try SymbolicClassifier(view, timeoutMilliseconds: timeout)
            for i in view.instructions {
                let raw = try symbolic.classify(i)
                let name = model.actions[i].name
                let v = raw.verdict(name: name, model: model, index: i)
                if raw.unknown.isEmpty {
                    XCTAssertEqual(v.sensitive, expected[name], "\(name) decided wrongly under a \(timeout) ms timeout")
                } else {
                    XCTAssert(raw.unknown.allSatisfy { $0.hasPrefix(name + ": ") && ($0.contains("timeout") || $0.contains("canceled")) },
                              "\(raw.unknown)")
                }
                // A witness is evidence whatever the timeout: a sensitive verdict needs one.
                if v.sensitive { XCTAssertFalse(v.witnesses.isEmpty, name) }
                XCTAssert(!(name == "SQ" && v.sensitive), "SQ is innocuous; a timeout must not make it sensitive")
            }
            let c = Classifier.classify(model, width: nil, options: ClassifierOptions(engine: .smt, timeoutMilliseconds: timeout))
            if c.unknown.isEmpty {
                XCTAssertEqual(c.vmm.holes, ["MULK"])
            } else {
                XCTAssertEqual(ClassifyCommand.exitCode(c), .unknown)
            }
        }
    }

    func testProverTimeoutsAreUnknownNotProved() throws {
        let full = try ModelLoader().load(text: Self.hard)
        let reduced = try ModelLoader(constantOverrides: ["W": 2]).load(text: Self.hard)
        let r = try Equivalence.check(model: reduced, fullWidthModel: full, options: EquivalenceOptions(width: 2, timeoutMilliseconds: 1))
        for i in r.instructions {
            XCTAssert(i.proof == "proved" || i.proof.hasPrefix("unknown") || i.proof == "counterexample", "\(i.name): \(i.proof)")
            if i.proof == "counterexample" { XCTAssertNotNil(i.proofCounterexample, "\(i.name): a counterexample without its witness") }
        }
    }
}
