import Foundation
import XCTest
import WardConcrete
import WardIR
import WardSMT

/// Whole random models (random initial values, `init` constraints, action bodies with traps and
/// `require`s, a random property) checked by both engines: the explorer's exhaustive verdict
/// and the model checker's must agree, and a violation must come with the identical least trace.
final class RandomModelAgreementTests: XCTestCase {
    static let world = """
    model random {
      enum E3 { a, b, c }
      enum E2 { p, q }
      var x : bits<2>
      var f : bool
      var e : E3
      var m : map<E2, bits<2>>
      var s : set<E3>
      action act0(p0: E3, p1: bool) { }
      action act1(p0: bits<2>) { }
      action act2() { }
      invariant prop: true
    }
    """

    /// "The deepest reachable state is never reached": a property the explorer must refute at
    /// exactly that state's BFS depth (found here by a plain breadth-first search of our own).
    func notDeepest(_ gen: inout IRGenerator, _ model: Model) throws -> (Expr, Int)? {
        let machine = try Machine(model)
        var seen = Set<[UInt64]>()
        var level = try machine.initialStates().filter { seen.insert($0).inserted }
        guard !level.isEmpty else { return nil }
        let labels = try machine.labels()
        var depth = 0
        while true {
            var next: [[UInt64]] = []
            for s in level {
                for l in labels {
                    if case .next(let t) = machine.step(s, l), seen.insert(t).inserted { next.append(t) }
                }
            }
            if next.isEmpty { break }
            level = next
            depth += 1
        }
        let target = gen.rng.pick(level)
        var conj: [Expr] = []
        for (i, field) in model.fields.enumerated() {
            let offset = machine.layout.offsets[i]
            if case .map(let k, let v) = field.type {
                for key in 0..<k.cardinality! {
                    conj.append(Expr(.binary(.eq, Expr(.index(Expr(.field(i), field.type), .constant(key, k)), v),
                                              .constant(target[offset + Int(key)], v)), .bool))
                }
            } else {
                conj.append(Expr(.binary(.eq, Expr(.field(i), field.type), .constant(target[offset], field.type)), .bool))
            }
        }
        let all = conj.reduce(Expr.true) { Expr(.binary(.and, $0, $1), .bool) }
        return (Expr(.unary(.not, all), .bool), depth)
    }

    /// 100 models from a fixed seed; WARD_RANDOM_SEED and WARD_RANDOM_MODELS run a longer soak.
    func testRandomModelsAgree() throws {
        var base = try ModelLoader().load(text: Self.world)
        base.trapKinds = ["fault", "privilege"]
        var gen = IRGenerator(seed: UInt64(ProcessInfo.processInfo.environment["WARD_RANDOM_SEED"] ?? "") ?? 0x0DE1_5EED, model: base, paramTypes: [])
        var verdicts: [String: Int] = [:]
        var depths: [Int: Int] = [:]
        let count = Int(ProcessInfo.processInfo.environment["WARD_RANDOM_MODELS"] ?? "") ?? 100
        for n in 0..<count {
            var model = base
            gen.locals = []
            gen.nextLocal = 0
            for i in model.fields.indices {
                model.fields[i].initial = gen.rng.chance(85) ? gen.constant(Elaborated.leaf(model.fields[i].type)) : nil
            }
            gen.paramTypes = []
            model.initBody = (gen.rng.chance(40) ? [.require(gen.expr(.bool, depth: 2))] : []) + (gen.rng.chance(40) ? [gen.assignment()] : [])
            model.initLocalCount = gen.nextLocal
            for a in model.actions.indices {
                gen.nextLocal = 0
                gen.paramTypes = model.actions[a].params.map(\.type)
                model.actions[a].body = gen.block(2, count: 1 + gen.rng.below(4))
                model.actions[a].localCount = gen.nextLocal
            }
            gen.paramTypes = []
            gen.nextLocal = 0
            var expectedDepth: Int?
            if gen.rng.chance(60), let (p, d) = try notDeepest(&gen, model) {
                model.invariants[0].expr = p
                expectedDepth = d
            } else {
                model.invariants[0].expr = gen.expr(.bool, depth: 3)
            }
            model.invariants[0].localCount = gen.nextLocal

            let explorer = Explorer(try Machine(model)).run()
            let smt = ModelChecker(model: model, options: SMTOptions(maxDepth: 12)).run()
            let label = "model #\(n): init \(model.initBody), property \(model.invariants[0].expr)"
            switch (explorer.verdict, smt.verdict) {
            case (.violated(let a), .violated(let b)):
                verdicts["violated", default: 0] += 1
                depths[a.steps.count, default: 0] += 1
                if let d = expectedDepth { XCTAssertEqual(a.steps.count, d, "\(label): the explorer's trace is not the shortest") }
                if a != b {
                    let f = ValueFormatter(model: model, layout: try StateLayout(model))
                    XCTFail("\(label)\nexplorer:\n\(f.render(a))\nsmt:\n\(f.render(b))")
                }
            case (.violated(let a), .holdsUpTo(let d)) where a.steps.count > d:
                verdicts["deep", default: 0] += 1
            case (.holds(complete: true), .proved):
                verdicts["proved", default: 0] += 1
            case (.holds(complete: true), .holdsUpTo):
                verdicts["bounded", default: 0] += 1
            default:
                XCTFail("\(label)\nexplorer: \(explorer.verdict)\nsmt: \(smt.verdict)")
            }
        }
        // The sample must hold both kinds of answer, and violations beyond the first step.
        XCTAssertGreaterThan(verdicts["violated"] ?? 0, count / 5, "\(verdicts)")
        XCTAssertGreaterThan((verdicts["proved"] ?? 0) + (verdicts["bounded"] ?? 0), count / 10, "\(verdicts)")
        XCTAssertGreaterThan(depths.filter { $0.key >= 2 }.values.reduce(0, +), 5, "depths \(depths)")
    }
}
