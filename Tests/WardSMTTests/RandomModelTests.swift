import XCTest
import WardConcrete
import WardIR
import WardSMT
import WardSyntax

/// Random well-typed models, written as Ward source text, through the whole pipeline: lexer,
/// parser, elaborator, then both engines. Neither may crash, and they must agree: the explorer
/// (exhaustive BFS) and Z3 (BMC, then k-induction) give the same verdict, and on a violation the
/// identical trace (the least shortest one, which BMC's lexicographic minimisation reproduces).
final class RandomModelTests: XCTestCase {
    static let models = 60
    static let bmcDepth = 6

    struct Disagreement: CustomStringConvertible {
        var seed: UInt64
        var text: String
        var what: String
        var description: String { "seed \(seed): \(what)\n\(text)" }
    }

    enum Verdict: Equatable { case holds, violated(depth: Int), beyondBound }

    /// Runs both engines on one generated model; returns a disagreement, if any, and the verdict.
    func check(seed: UInt64, generator: inout RandomModelGenerator) -> (Disagreement?, Verdict?) {
        let text = generator.model()
        func fail(_ what: String) -> (Disagreement?, Verdict?) { (Disagreement(seed: seed, text: text, what: what), nil) }
        let model: Model
        do {
            model = try ModelLoader().load(text: text, path: "random.ward")
        } catch {
            return fail("the generated model does not elaborate: \(error)")
        }
        let machine: Machine
        do { machine = try Machine(model) } catch { return fail("the concrete engine refuses it: \(error)") }
        let explored = Explorer(machine).run(ExplorerOptions())
        let smt = ModelChecker(model: model, options: SMTOptions(maxDepth: Self.bmcDepth, timeoutMilliseconds: 20_000)).run()
        switch (explored.verdict, smt.verdict) {
        case (_, .unknown(let why)):
            return fail("Z3 gave up: \(why)")
        case (.unknown(let why), _):
            return fail("the explorer gave up: \(why)")
        case (.holds(true), .proved), (.holds(true), .holdsUpTo):
            return (nil, .holds)
        case (.holds, .violated(let t)):
            return fail("the explorer proves every property, Z3 finds a violation at depth \(t.steps.count)")
        case (.violated(let a), .violated(let b)):
            guard a == b else {
                let f = ValueFormatter(model: model, layout: machine.layout)
                return fail("the traces differ:\nexplorer:\n\(f.render(a))\nZ3:\n\(f.render(b))")
            }
            return (nil, .violated(depth: a.steps.count))
        case (.violated(let a), .proved(let k)):
            return fail("Z3 proves the properties (\(k)), the explorer violates \(model.checkedProperties[a.property].name) at depth \(a.steps.count)")
        case (.violated(let a), .holdsUpTo(let d)):
            if a.steps.count > d { return (nil, .beyondBound) }
            return fail("BMC to depth \(d) misses the explorer's violation at depth \(a.steps.count)")
        case (.holds(false), _):
            return fail("the explorer stopped at a depth bound it was not given")
        }
    }

    func testRandomModelsAgreeOnBothEngines() {
        var generator = RandomModelGenerator(seed: 0x57A7_E5EE_D000_0001)
        var failures: [Disagreement] = []
        var verdicts: [String: Int] = [:]
        for i in 0..<Self.models {
            let seed = UInt64(i)
            let (problem, verdict) = check(seed: seed, generator: &generator)
            if let problem { failures.append(problem) }
            if let verdict { verdicts["\(verdict)".components(separatedBy: "(").first!, default: 0] += 1 }
        }
        for f in failures.prefix(5) { XCTFail("\(f)") }
        XCTAssertEqual(failures.count, 0, "\(failures.count) of \(Self.models) random models went wrong")
        // The generator must produce both outcomes and cover the language, or the test proves little.
        XCTAssertGreaterThanOrEqual(verdicts["holds", default: 0], Self.models / 10, "\(verdicts)")
        XCTAssertGreaterThanOrEqual(verdicts["violated", default: 0], Self.models / 10, "\(verdicts)")
        let seen = generator.statistics.constructs
        for construct in ["assignment", "map assignment", "require", "if", "else", "let", "for", "forall update", "trap",
                          "when guard", "parameters", "init block", "fn", "forall", "exists", "in", "map read", "ite", "concat",
                          "arbitrary initial value", "dynamic set literal"] {
            XCTAssertGreaterThan(seen[construct, default: 0], 0, "the generator never produced '\(construct)'")
        }
    }

    /// The generated models print as source the parser reads back: regenerating from the same
    /// seed gives the same text (the generator is deterministic, so a failure report reproduces).
    func testGeneratorIsDeterministic() {
        var a = RandomModelGenerator(seed: 42), b = RandomModelGenerator(seed: 42)
        for _ in 0..<20 { XCTAssertEqual(a.model(), b.model()) }
    }
}
