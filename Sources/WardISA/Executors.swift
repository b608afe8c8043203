import WardConcrete
import WardIR

/// Something that runs one instruction on a state: the real machine, or a VMM over another executor.
public protocol InstructionExecutor: AnyObject {
    func execute(_ state: [UInt64], _ label: Label, log: inout [String]) -> StepOutcome
    /// Delivers an interrupt between instructions; `.disabled` when the state cannot take it now.
    func deliver(_ state: [UInt64], _ interrupt: Label, log: inout [String]) -> StepOutcome
}

/// The real machine: the model's semantics, run by the emulator.
public final class NativeExecutor: InstructionExecutor {
    public let machine: Machine
    public init(_ machine: Machine) { self.machine = machine }
    public func execute(_ state: [UInt64], _ label: Label, log: inout [String]) -> StepOutcome { machine.step(state, label) }
    public func deliver(_ state: [UInt64], _ interrupt: Label, log: inout [String]) -> StepOutcome { machine.step(state, interrupt) }
}

/// Popek & Goldberg's control program, derived from the model: the guest's state is held
/// virtually; the executor below runs it with the VMM's configuration in the protected fields.
/// - allocator: `realize` — the real state for a virtual one: the `deprivileged` assignments, the
///   guest's relocation composed with the VMM's allocation, its bounds kept, and every other
///   protected field holding the VMM's own value (see `hostSlots`);
/// - dispatcher: receives every trap of direct execution;
/// - interpreter: applies the trapping instruction's own semantics to the virtual state
///   (no per-instruction code); a trap there is the guest's own and is reflected to it.
public final class TrapAndEmulateVMM: InstructionExecutor {
    public struct Counts: Sendable, Equatable {
        public var direct = 0, trapped = 0, emulated = 0, reflected = 0
        public var resourceControlViolations = 0
    }
    public let machine: Machine
    public let base: InstructionExecutor
    public let level: Int
    public private(set) var counts = Counts()
    let visibleSlots: [Int]
    let ownedSlots: [Int]
    /// Relocation fields the deprivileged configuration does not set: the allocator composes them.
    let relocationSlots: [(slot: Int, mask: UInt64)]
    /// Protected fields the configuration does not set and that are not relocation or bounds: the
    /// VMM owns them (its own descriptor tables, interrupt flag, control registers ...), so while
    /// a guest runs they hold the VMM's value, not the guest's, which lives in the virtual state.
    /// One fixed value (zero), the same in both engines, suffices to expose every instruction whose
    /// non-trapping result depends on such a field: if f(a) != f(b) for two guest values, then f(a)
    /// or f(b) differs from f(0). (Where such a field decides whether an instruction traps, the
    /// VMM's value can hide the difference; x86-vtx's CR4 mask is such a case, see its obligation.)
    let hostSlots: [Int]
    /// Where this VMM places its guest: the offset composed onto the guest's relocation registers.
    public let allocationBase: UInt64
    /// Fault injection for the interpreter (tests): called before each statement of an emulation.
    public var interpreterFault: ((Int) -> Bool)?

    public init(machine: Machine, base: InstructionExecutor, level: Int, allocationBase: UInt64 = 1) {
        self.machine = machine; self.base = base; self.level = level; self.allocationBase = allocationBase
        let layout = machine.layout
        let allocation = Self.allocation(machine.model)
        relocationSlots = allocation.relocation.map { (layout.offsets[$0], machine.model.fields[$0].type.mask) }
        let host = Set(allocation.host)
        hostSlots = (0..<layout.slotCount).filter { host.contains(Int(layout.slotField[$0])) }
        visibleSlots = (0..<layout.slotCount).filter { machine.model.fields[Int(layout.slotField[$0])].role == .visible }
        ownedSlots = (0..<layout.slotCount).filter { machine.model.fields[Int(layout.slotField[$0])].role != .visible }
    }

    /// The allocator's rule, which both engines follow (`realize` here, `InstructionProver` in Z3):
    /// of the protected fields the deprivileged configuration does not set, scalar relocation
    /// fields are composed with the VMM's allocation, bounds are kept as the guest set them (P&G),
    /// and every other one holds the VMM's own value (zero).
    public static func allocation(_ model: Model) -> (relocation: [Int], host: [Int]) {
        let configured = Footprint(model.deprivileged).writes
        let free = model.fields.indices.filter { model.fields[$0].role == .protected && !configured.contains($0) }
        return (free.filter { model.fields[$0].tag == "relocation" && model.fields[$0].type.isScalar },
                free.filter { model.fields[$0].tag != "relocation" && model.fields[$0].tag != "bound" })
    }

    /// The allocator: the real machine state that runs a virtual state — the deprivileged
    /// configuration, the guest's relocation composed with this VMM's allocation, and the VMM's
    /// own value in the other protected fields.
    public func realize(_ virtual: [UInt64]) -> [UInt64] {
        var real = machine.deprivilege(virtual)
        for slot in hostSlots { real[slot] = 0 }
        for (slot, mask) in relocationSlots { real[slot] = (real[slot] &+ allocationBase) & mask }
        return real
    }

    public func execute(_ virtual: [UInt64], _ label: Label, log: inout [String]) -> StepOutcome {
        let real = realize(virtual)
        let name = machine.model.actions[label.action].name
        switch base.execute(real, label, log: &log) {
        case .next(let after):
            counts.direct += 1
            if ownedSlots.contains(where: { real[$0] != after[$0] }) { counts.resourceControlViolations += 1 }
            var v = virtual
            for s in visibleSlots { v[s] = after[s] }
            return .next(v)
        case .trapped(let kind):
            counts.trapped += 1
            log.append("L\(level) dispatcher: \(name) trapped (\(machine.model.trapKinds[kind])); interpreter emulates it on L\(level + 1)'s virtual state")
            switch emulate(virtual, label) {
            case .next(let v):
                counts.emulated += 1
                return .next(v)
            case .trapped(let k):
                counts.reflected += 1
                log.append("L\(level) reflects the \(machine.model.trapKinds[k]) trap into L\(level + 1)")
                return .trapped(k)
            case .disabled:
                return .disabled
            }
        case .disabled:
            return .disabled
        }
    }

    /// Virtual interrupt injection: the VMM takes the real interrupt and injects it into the
    /// guest only at a boundary where the guest's own (virtual) state could take it — its
    /// interrupt flag, and any one-instruction shadow such as STI's, are in that state.
    public func deliver(_ virtual: [UInt64], _ interrupt: Label, log: inout [String]) -> StepOutcome {
        let outcome = machine.step(virtual, interrupt)
        let name = machine.model.actions[interrupt.action].name
        if case .next = outcome { log.append("L\(level) injects virtual interrupt \(name) into L\(level + 1)") }
        else { log.append("L\(level) holds virtual interrupt \(name): L\(level + 1) cannot take it here") }
        return outcome
    }

    /// The interpreter routine, transactional: a host-level fault during emulation discards the
    /// partial work and retries, so the guest sees one atomic outcome.
    func emulate(_ virtual: [UInt64], _ label: Label) -> StepOutcome {
        var attempt = 0
        while true {
            attempt += 1
            if let fault = interpreterFault {
                var faulted = false
                let outcome = machine.stepTransactionally(virtual, label) { index in
                    if fault(index) { faulted = true; return true }
                    return false
                }
                if faulted, attempt < 64 { continue }
                return outcome
            }
            return machine.step(virtual, label)
        }
    }
}
