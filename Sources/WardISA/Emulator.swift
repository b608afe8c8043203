import WardConcrete
import WardIR

/// Runs a program on an executor (the real machine, a VMM, or a VMM in a VMM), fetching by the
/// model's `visible(pc)` field when it has one, else line by line. A trap ends the run.
public struct Emulator {
    public struct Step: Sendable {
        public var line: Int             // index into the program; -1 - k for interrupt line k
        public var outcome: StepOutcome
        public var changes: [String]
        public var log: [String]
    }
    public struct Run: Sendable {
        public var steps: [Step]
        public var final: [UInt64]
        public var halted: String        // why the run ended
    }

    public let machine: Machine
    public let program: Program
    public init(machine: Machine, program: Program) { self.machine = machine; self.program = program }

    /// The initial state: field initialisers (zero otherwise), the program's `.state` settings.
    public func initialState() -> [UInt64] {
        var s = Array(repeating: UInt64(0), count: machine.layout.slotCount)
        let model = machine.model
        let frame = Frame(state: s)
        let compiler = Compiler(model: model, layout: machine.layout)
        for (i, f) in model.fields.enumerated() {
            guard let e = f.initial else { continue }
            let v = compiler.compile(e)(frame)
            let off = machine.layout.offsets[i]
            for k in off..<off + (StateLayout.slots(f.type) ?? 0) { s[k] = v }
        }
        if let mode = model.mode { s[machine.layout.offsets[mode.field]] = mode.supervisor }
        for (slot, v) in program.settings { s[slot] = v }
        return s
    }

    /// `interrupts[n]` raises those interrupt lines before step n (0-based); a raised line stays
    /// pending until the state can take it (its guard holds), and is taken between instructions.
    public func run(on executor: InstructionExecutor, from start: [UInt64], maxSteps: Int = 10_000,
                    interrupts: [Int: [Int]] = [:]) -> Run {
        let pcField = machine.model.fields.firstIndex { $0.tag == "pc" }
        let formatter = ValueFormatter(model: machine.model, layout: machine.layout)
        var state = start
        var steps: [Step] = []
        var sequential = 0
        var pending: [Int] = []
        var boundary = 0
        while steps.count < maxSteps {
            pending += interrupts[boundary] ?? []
            boundary += 1
            var remaining: [Int] = []
            for line in pending {
                var log: [String] = []
                if case .next(let t) = executor.deliver(state, Label(action: line, params: []), log: &log) {
                    steps.append(Step(line: -1 - line, outcome: .next(t), changes: formatter.changes(from: state, to: t), log: log))
                    state = t
                } else {
                    remaining.append(line)
                }
            }
            pending = remaining
            let index = pcField.map { Int(state[machine.layout.offsets[$0]]) } ?? sequential
            guard index < program.lines.count else { return Run(steps: steps, final: state, halted: "ran off the end of the program") }
            var log: [String] = []
            let outcome = executor.execute(state, program.lines[index].label, log: &log)
            switch outcome {
            case .next(let t):
                steps.append(Step(line: index, outcome: outcome, changes: formatter.changes(from: state, to: t), log: log))
                state = t
                sequential = index + 1
            case .trapped(let k):
                steps.append(Step(line: index, outcome: outcome, changes: [], log: log))
                return Run(steps: steps, final: state, halted: "trap (\(machine.model.trapKinds[k])) at line \(program.lines[index].location.line)")
            case .disabled:
                steps.append(Step(line: index, outcome: outcome, changes: [], log: log))
                return Run(steps: steps, final: state, halted: "instruction not applicable at line \(program.lines[index].location.line)")
            }
        }
        return Run(steps: steps, final: state, halted: "step limit of \(maxSteps) reached")
    }
}
