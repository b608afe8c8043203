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
