import XCTest
import WardConcrete
import WardIR
@testable import WardISA

/// Random ISAs (`RandomModelGenerator.isa`) classified by both engines, the emulator's
/// enumeration and Z3 over the same IR: the tables, trap profiles and closure must be the same (no
/// disagreement, nothing undecided). Then each instruction loses one statement at a time (a trap,
/// an assignment, a `require`, an `if`), and the mutant is classified against the model: both
/// engines must give the same answer to "does it trap in other states" and "is it the same
/// instruction on the valid states" (one semantics, interpreted twice).
final class RandomISAAgreementTests: XCTestCase {
    /// Every body with one statement (at any depth) removed; `let`s stay, later statements read them.
    static func withOneStatementLess(_ body: [Stmt]) -> [[Stmt]] {
        var out: [[Stmt]] = []
        for (k, s) in body.enumerated() {
            if case .bind = s { continue }
            out.append(Array(body[..<k] + body[(k + 1)...]))
            if case .ifElse(let c, let t, let e) = s {
                for t2 in withOneStatementLess(t) { var b = body; b[k] = .ifElse(c, t2, e); out.append(b) }
                for e2 in withOneStatementLess(e) { var b = body; b[k] = .ifElse(c, t, e2); out.append(b) }
            }
        }
        return out
    }

    /// Whether some state satisfies every invariant (a random `invariant p0: false` leaves none),
    /// and some such state is in the deprivileged configuration: all states, at most 2^11 here.
    /// Without either, every answer is vacuous and the classifier must say so (unknown).
    static func states(_ model: Model) throws -> (valid: Bool, deprivileged: Bool) {
        let machine = try Machine(model)
        let space = try RelevantStates(fields: Array(model.fields.indices), model: model, layout: machine.layout, labels: 1, limit: 1 << 16)
        let checks = model.invariants.map { inv in model.checkedProperties.firstIndex { $0.name == inv.name }! }
        let valid = (0..<space.count).map(space.state).filter { s in checks.allSatisfy { machine.holds($0, in: s) } }
        return (!valid.isEmpty, valid.contains { machine.deprivilege($0) == $0 })
    }

    func testRandomISAsAndTheirMutantsAreClassifiedAlikeByBothEngines() throws {
        var generator = RandomModelGenerator(seed: 0x15A0_0000_0000_0007)
        let both = ClassifierOptions(engine: .both)
        var mutants = 0, trapsDiffer = 0, identical = 0, vacuous = 0
        // WARD_RANDOM_ISAS=N samples N models instead (a longer search; the suite runs 16).
        let count = ProcessInfo.processInfo.environment["WARD_RANDOM_ISAS"].flatMap(Int.init) ?? 16
        for _ in 0..<count {
            let text = generator.isa()
            let model: Model
            do { model = try ModelLoader().load(text: text) } catch {
                XCTFail("a generated isa does not elaborate: \(error)\n\(text)"); continue
            }
            // WARD_RANDOM_ISA_LOG=FILE keeps the model being checked, to reproduce a crash.
            if let log = ProcessInfo.processInfo.environment["WARD_RANDOM_ISA_LOG"] { try text.write(toFile: log, atomically: true, encoding: .utf8) }
            let (valid, deprivileged) = try Self.states(model)
            let c = Classifier.classify(model, width: nil, options: both)
            guard valid, deprivileged else {
                // The engines may then disagree instruction by instruction (enumeration's
                // projection assumes both sets non-empty); the verdict is unknown either way.
                vacuous += 1
                XCTAssertEqual(c.unknown.count, 1, text)
                XCTAssert(c.unknown.first?.contains(valid ? "no valid state is in the deprivileged configuration" : "no state satisfies the invariants") == true,
                          "\(c.unknown)\n\(text)")
                continue
            }
            XCTAssertEqual(c.disagreements, [], text)
            XCTAssertEqual(c.unknown, [], text)
            for (i, action) in model.actions.enumerated() {
                // At most three per instruction, spread over its sites, to keep the debug run short.
                let bodies = Self.withOneStatementLess(action.body)
                for body in bodies.enumerated().filter({ $0.offset % max(1, bodies.count / 3) == 0 }).map(\.element) {
                    var m = model
                    m.actions[i].body = body
                    let d = Classifier.classify(m, width: nil, options: both, baseline: c)
                    XCTAssertEqual(d.disagreements, [], "\(action.name) without a statement\n\(text)")
                    XCTAssertEqual(d.unknown, [], "\(action.name) without a statement\n\(text)")
                    mutants += 1
                    if !d.trapDifferences.isEmpty { trapsDiffer += 1 }
                    if d.identicalToBaseline == [action.name] { identical += 1 }
                    XCTAssert(d.trapDifferences.isEmpty || d.identicalToBaseline.isEmpty, "traps differently, yet identical\n\(text)")
                }
            }
        }
        // The sample must exercise both answers on models with valid states, or it tests nothing.
        XCTAssertLessThan(vacuous, count / 2)
        XCTAssertGreaterThan(mutants, 20)
        XCTAssertGreaterThan(trapsDiffer, 0)
        XCTAssertGreaterThan(identical, 0)
        print("random isas: \(vacuous) of \(count) without valid or deprivileged states; \(mutants) mutants of the others, \(trapsDiffer) trap differently, \(identical) identical")
    }
}
