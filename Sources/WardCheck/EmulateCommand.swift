import Foundation
import WardConcrete
import WardISA
import WardIR

public struct EmulateOptions: Sendable {
    public var modelPath: String
    public var programPath: String
    public var vm = false
    public var nested = false
    public var trace = false
    public var width: UInt64?
    public var json = false
    public var maxSteps = 10_000
    /// Interrupt lines raised before a step: "3:TIMER" raises TIMER before the fourth instruction.
    public var interrupts: [String] = []
    public init(modelPath: String, programPath: String) { self.modelPath = modelPath; self.programPath = programPath }
}

/// `ward emulate`: run a program natively, under the generic VMM (`--vm`) or in a VMM in a VMM
/// (`--nested`). Under a VMM the native run is made too, and exit 1 says they diverged.
public enum EmulateCommand {
    public static func run(_ o: EmulateOptions) -> CommandOutput {
        let machine: Machine
        let program: Program
        do {
            var overrides: [String: UInt64] = [:]
            if let w = o.width {
                let probe = try ModelLoader().load(path: o.modelPath)
                for n in probe.widthNames { overrides[n] = w }
            }
            let model = try ModelLoader(constantOverrides: overrides).load(path: o.modelPath)
            do { machine = try Machine(model) } catch {
                return CommandOutput(stderr: "error: \(error) (try a smaller --width)", exitCode: .unknown)
            }
            guard let data = FileManager.default.contents(atPath: o.programPath) else {
                return CommandOutput(stderr: "error: cannot read program '\(o.programPath)'", exitCode: .invalidInput)
            }
            program = try Program.parse(path: o.programPath, text: String(decoding: data, as: UTF8.self), machine: machine)
        } catch {
            return CommandOutput(stderr: error.description, exitCode: .invalidInput)
        }
        var raised: [Int: [Int]] = [:]
        for item in o.interrupts {
            let parts = item.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let step = Int(parts[0]), let line = machine.model.actionIndex(String(parts[1])),
                  machine.model.actions[line].kind == .interrupt else {
                let lines = machine.model.actions.filter { $0.kind == .interrupt }.map(\.name)
                return CommandOutput(stderr: "error: --interrupt takes STEP:NAME with NAME an interrupt line of the model (\(lines.isEmpty ? "it has none" : lines.joined(separator: ", "))), not '\(item)'",
                                     exitCode: .usage)
            }
            raised[step, default: []].append(line)
        }
        let emulator = Emulator(machine: machine, program: program)
        let start = emulator.initialState()
        let native = emulator.run(on: NativeExecutor(machine), from: start, maxSteps: o.maxSteps, interrupts: raised)
        var vmm: TrapAndEmulateVMM?
        var virtualRun: Emulator.Run?
        if o.vm || o.nested {
            let l0 = TrapAndEmulateVMM(machine: machine, base: NativeExecutor(machine), level: 0)
            let top = o.nested ? TrapAndEmulateVMM(machine: machine, base: l0, level: 1) : l0
            vmm = top
            virtualRun = emulator.run(on: top, from: start, maxSteps: o.maxSteps, interrupts: raised)
        }
        let shown = virtualRun ?? native
        let formatter = ValueFormatter(model: machine.model, layout: machine.layout)
        var lines: [String] = []
        let mode = o.nested ? "in a VMM in a VMM (L2 on L1 on L0)" : (o.vm ? "under the trap-and-emulate VMM" : "natively")
        lines.append("\(program.lines.count)-instruction program on \(machine.model.name), run \(mode)")
        if o.trace {
            for (n, step) in shown.steps.enumerated() {
                var text: String
                if step.line < 0 {
                    text = String(format: "%4d  interrupt  %@", n + 1, machine.model.actions[-1 - step.line].name)
                } else {
                    let line = program.lines[step.line]
                    text = String(format: "%4d  line %-4d %@", n + 1, line.location.line, line.text)
                }
                switch step.outcome {
                case .next: text += step.changes.isEmpty ? "   (no change)" : "   " + step.changes.joined(separator: ", ")
                case .trapped(let k): text += "   TRAP \(machine.model.trapKinds[k])"
                case .disabled: text += "   not applicable"
                }
                lines.append(text)
                lines += step.log.map { "          " + $0 }
            }
        }
        lines.append("halted: \(shown.halted) after \(shown.steps.count) steps")
        lines.append("final state: " + formatter.describe(shown.final).joined(separator: ", "))
        var code = ExitCode.ok
        if let vmm, let v = virtualRun {
            let c = vmm.counts
            let direct = c.direct, trapped = c.trapped
            lines.append("VMM counts: \(direct) direct, \(trapped) trapped, \(c.emulated) emulated, \(c.reflected) reflected"
                         + (c.resourceControlViolations > 0 ? ", \(c.resourceControlViolations) RESOURCE-CONTROL VIOLATIONS" : ""))
            let cost = CostModel()
            let nativeCycles = cost.cycles(direct: native.steps.count, trapped: 0)
            let vmCycles = cost.cycles(direct: direct, trapped: trapped)
            lines.append(String(format: "cost model: %.0f cycles native, %.0f under the VMM (%.1fx slower)", nativeCycles, vmCycles,
                                nativeCycles > 0 ? vmCycles / nativeCycles : 0))
            if v.final == native.final, v.halted == native.halted {
                lines.append("equivalent: the VM ends in the same state as the native run")
            } else {
                code = .violated
                lines.append("DIVERGED from the native run:")
                lines += formatter.changes(from: native.final, to: v.final).map { "  native → VM: " + $0 }
                if v.halted != native.halted { lines.append("  native: \(native.halted); VM: \(v.halted)") }
            }
        }
        if o.json {
            let root: [String: Any] = ["model": machine.model.name, "halted": shown.halted, "steps": shown.steps.count,
                                       "final": formatter.describe(shown.final), "exitCode": Int(code.rawValue),
                                       "counts": vmm.map { ["direct": $0.counts.direct, "trapped": $0.counts.trapped,
                                                            "emulated": $0.counts.emulated, "reflected": $0.counts.reflected] } ?? [:]]
            let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])) ?? Data()
            return CommandOutput(stdout: String(decoding: data, as: UTF8.self), exitCode: code)
        }
        return CommandOutput(stdout: lines.joined(separator: "\n"), exitCode: code)
    }
}
