import Foundation
import WardConcrete
import WardIR
import WardISA
import XCTest

final class VMMTests: XCTestCase {
    func machine(_ text: String = holeyMachine, width: UInt64 = 4) throws -> Machine {
        try Machine(try ModelLoader(constantOverrides: ["W": width]).load(text: text))
    }

    func testEquivalenceFindsExactlyTheHolesAndProvesTheRest() throws {
        let reduced = try ModelLoader(constantOverrides: ["W": 2]).load(text: holeyMachine)
        let full = try ModelLoader().load(text: holeyMachine)
        let r = try Equivalence.check(model: reduced, fullWidthModel: full, options: EquivalenceOptions(width: 2))
        XCTAssertEqual(Set(r.divergent), ["LRA", "RMODE", "JRST1"])
        for i in r.instructions {
            XCTAssertEqual(i.proof, r.divergent.contains(i.name) ? "counterexample" : "proved", i.name)
        }
        XCTAssertGreaterThan(r.counts.direct, 0)
        XCTAssertGreaterThan(r.counts.emulated, 0)
    }

    /// A protected field the configuration does not set is the VMM's while the guest runs: an
    /// unprivileged read of it (PUSHF of the interrupt flag) shows the VMM's value, not the
    /// guest's, so it diverges in both engines, exactly as the classifier's hole says.
    func testUnconfiguredProtectedStateIsTheVMMsOwn() throws {
        let text = """
        isa flags {
          width W = 8
          mode M : { supervisor, user }
          protected IF : bits<1>
          visible A : bits<W>
          deprivileged { M = user }
          instruction PUSHF() { A = zext(IF, W) }
          instruction CLI() { if M == user { trap privilege }; IF = 0 }
          instruction STI() { if M == user { trap privilege }; IF = 1 }
          instruction INC() { A = A + 1 }
        }
        """
        let reduced = try ModelLoader(constantOverrides: ["W": 2]).load(text: text)
        let full = try ModelLoader().load(text: text)
        let r = try Equivalence.check(model: reduced, fullWidthModel: full, options: EquivalenceOptions(width: 2))
        XCTAssertEqual(r.divergent, ["PUSHF"])
        XCTAssertEqual(r.instructions.map(\.proof), ["counterexample", "proved", "proved", "proved"])
        XCTAssertEqual(r.instructions.first?.observableProgram, ["PUSHF"])
        let c = Classifier.classify(reduced, width: 2, options: ClassifierOptions(engine: .both, width: 2))
        XCTAssertEqual(c.vmm.holes, ["PUSHF"])
    }

    func testNestedVMMReflectsTrapsIntoL1() throws {
        let m = try machine()
        let program = try Program.parse(path: "p", text: "SETR 3, 9\nADD 1\n", machine: m)
        let emulator = Emulator(machine: m, program: program)
        let l0 = TrapAndEmulateVMM(machine: m, base: NativeExecutor(m), level: 0)
        let l1 = TrapAndEmulateVMM(machine: m, base: l0, level: 1)
        let nested = emulator.run(on: l1, from: emulator.initialState())
        let native = emulator.run(on: NativeExecutor(m), from: emulator.initialState())
        XCTAssertEqual(nested.final, native.final)
        let log = nested.steps[0].log.joined(separator: "\n")
        XCTAssertTrue(log.contains("L0 reflects the privilege trap into L1"), log)
        XCTAssertTrue(log.contains("L1 dispatcher"), log)
        XCTAssertEqual(l1.counts.emulated, 1)
        XCTAssertEqual(l1.counts.direct, 1)
    }

    func testAFaultAtEveryStepOfEmulationIsRolledBack() throws {
        let m = try machine()
        let setr = m.model.actionIndex("SETR")!
        let label = Label(action: setr, params: [5, 7])
        let start = Emulator(machine: m, program: Program(lines: [], settings: [])).initialState()
        let clean = TrapAndEmulateVMM(machine: m, base: NativeExecutor(m), level: 0)
        var log: [String] = []
        let expected = clean.execute(start, label, log: &log)
        guard case .next(let after) = expected else { return XCTFail("SETR should be emulated") }
        XCTAssertEqual(after[m.layout.offsets[m.model.fieldIndex("L")!]], 5)
        for point in 0..<m.statementCount(setr) {
            let vmm = TrapAndEmulateVMM(machine: m, base: NativeExecutor(m), level: 0)
            var injected = false
            vmm.interpreterFault = { index in
                if index == point, !injected { injected = true; return true }
                return false
            }
            XCTAssertEqual(vmm.execute(start, label, log: &log), expected, "fault before statement \(point)")
            XCTAssertTrue(injected, "the fault at \(point) was injected")
        }
    }

    func testProgramDiagnostics() throws {
        let m = try machine()
        let cases: [(String, Int, Int, String)] = [
            ("ADD 1\nLAOD 3\n", 2, 1, "unknown instruction 'LAOD'"),
            ("ADD\n", 1, 1, "ADD takes 1 operand"),
            ("ADD 99\n", 1, 5, "99 does not fit in bits<4>"),
            ("x: ADD 1\nx: ADD 2\n", 2, 1, "label 'x' is defined twice"),
            (".state Q = 1\nADD 1\n", 1, 1, "unknown field 'Q'"),
            (".state M = kernel\n", 1, 1, "'kernel' is not a case of M"),
        ]
        for (text, line, column, message) in cases {
            XCTAssertThrowsError(try Program.parse(path: "prog.s", text: text, machine: m), text) { error in
                let d = "\(error)"
                XCTAssertTrue(d.contains("prog.s:\(line):\(column): error: \(message)"), d)
            }
        }
    }

    func testCostModelReproducesTheRDTSCFigure() {
        let c = CostModel()
        XCTAssertEqual(c.trapped, 1700)
        XCTAssertEqual(c.slowdown, 68)
        XCTAssertEqual(c.cycles(direct: 10, trapped: 1), 1950)
        let f = CostModel.breakEvenFrequency(instructions: 1_000_000, translationFixed: 50_000_000, translationPerInstruction: 2, trapCost: 1700)
        XCTAssertEqual(f, (50_000_000 + 2_000_000) / 1_700_000_000, accuracy: 1e-12)
    }
}

/// An STI-style shadow: after STI, the next instruction completes before an interrupt is taken.
final class InterruptShadowTests: XCTestCase {
    static let model = """
    isa shadowy {
      width W = 4
      mode M : { supervisor, user }
      protected IF : bool
      visible SHADOW : bool          // the one-instruction interrupt shadow: guest execution state
      visible A : bits<W>
      visible(pc) P : bits<W>
      deprivileged { M = user }
      instruction STI() { if M == user { trap privilege }; IF = true; SHADOW = true; P = P + 1 }
      instruction CLI() { if M == user { trap privilege }; IF = false; SHADOW = false; P = P + 1 }
      instruction ADD(a: bits<W>) { A = A + a; SHADOW = false; P = P + 1 }
      interrupt TIMER when IF && !SHADOW { A = -1; SHADOW = false }
    }
    """

    func run(_ executor: (Machine) -> InstructionExecutor) throws -> (Emulator.Run, Machine) {
        let m = try Machine(try ModelLoader().load(text: Self.model))
        let program = try Program.parse(path: "p", text: "CLI\nSTI\nADD 1\nADD 1\n", machine: m)
        let emulator = Emulator(machine: m, program: program)
        let timer = m.model.actionIndex("TIMER")!
        return (emulator.run(on: executor(m), from: emulator.initialState(), interrupts: [1: [timer]]), m)
    }

    func testTheInterruptWaitsOutTheShadowNativelyAndUnderTheVMM() throws {
        let (native, m) = try run { NativeExecutor($0) }
        let (virtual, _) = try run { TrapAndEmulateVMM(machine: $0, base: NativeExecutor($0), level: 0) }
        let order = native.steps.map { $0.line }
        // CLI, STI, ADD (in the shadow: no interrupt yet), TIMER, ADD.
        XCTAssertEqual(order, [0, 1, 2, -1 - m.model.actionIndex("TIMER")!, 3])
        XCTAssertEqual(virtual.steps.map { $0.line }, order)
        XCTAssertEqual(virtual.final, native.final)
        XCTAssertEqual(native.final[m.layout.offsets[m.model.fieldIndex("A")!]], 0, "15 + 1 wraps at 4 bits")
        XCTAssertTrue(virtual.steps[3].log.contains { $0.contains("injects virtual interrupt TIMER") })
    }

    func testInterruptsAreNotInstructions() throws {
        let c = try Classifier.classify(path: try temporaryModel(Self.model), options: ClassifierOptions(engine: .both, width: 2))
        XCTAssertEqual(c.instructions.map(\.name), ["STI", "CLI", "ADD"])
        XCTAssertEqual(c.disagreements, [])
    }
}
