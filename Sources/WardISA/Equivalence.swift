import Foundation
import WardConcrete
import WardIR
import WardSMT
import WardSolver

public struct EquivalenceOptions: Sendable {
    public var nested: Bool
    public var width: UInt64?
    public var depth: Int
    public var timeoutMilliseconds: UInt32
    public var prove: Bool
    /// Where the full-width proofs' queries are kept (`ward check --smt-dir`).
    public var queryLog: QueryLog?
    public init(nested: Bool = false, width: UInt64? = nil, depth: Int = 3, timeoutMilliseconds: UInt32 = 60_000, prove: Bool = true,
                queryLog: QueryLog? = nil) {
        self.nested = nested; self.width = width; self.depth = depth; self.timeoutMilliseconds = timeoutMilliseconds; self.prove = prove
        self.queryLog = queryLog
    }
}

/// One instruction under the VMM: equivalent on every valid state, or a shortest divergent program.
public struct InstructionEquivalence: Sendable {
    public var name: String
    public var divergence: Witness?          // exploration: the first state where the VM and the native run differ
    public var resourceControl: Witness?     // direct execution changed real protected state
    public var proof: String                 // Z3 at full width: "proved", "counterexample: ...", "unknown: ...", "not run"
    public var proofCounterexample: Witness?
    /// Whether exploration ran it at all (false: too many states at this width, or no valid state).
    public var explored = true
    /// The shortest program, starting with this instruction, after which the guest can *see* the
    /// divergence (its visible state or a trap differs), e.g. POPF clearing IF then PUSHF finding it set.
    public var observableProgram: [String]?
    public var observableDifference: [String] = []
}

public struct EquivalenceReport: Sendable {
    public var model: Model
    public var nested: Bool
    public var width: UInt64?
    public var instructions: [InstructionEquivalence]
    public var counts: TrapAndEmulateVMM.Counts
    public var states: Int
    public var programs: Int
    public var seconds: Double
    public var validityPreserved: Bool
    public var depth: Int
    public var unknown: [String]
    public var divergent: [String] { instructions.filter { $0.divergence != nil || $0.resourceControl != nil }.map(\.name) }
}

/// Checks the generic VMM against native execution. Every instruction is run natively and
/// under the VMM from every valid state over the fields it touches (at a reduced width); if
/// every step is equivalent from every valid state and steps keep states valid, then programs
/// of any length are equivalent (induction on length), so longer programs need not be enumerated.
public enum Equivalence {
    public static func check(model: Model, fullWidthModel: Model?, options: EquivalenceOptions) throws -> EquivalenceReport {
        let start = Date()
        let machine = try Machine(model)
        let view = ISAView(model)
        let native = NativeExecutor(machine)
        let l0 = TrapAndEmulateVMM(machine: machine, base: native, level: 0)
        let top: TrapAndEmulateVMM = options.nested ? TrapAndEmulateVMM(machine: machine, base: l0, level: 1) : l0
        let labels = try machine.labels()
        let witness = { (fields: [Int]) in WitnessBuilder(view: view, machine: machine, fields: fields) }
        var results: [InstructionEquivalence] = []
        var states = 0, programs = 0
        var validityPreserved = true
        var unknown: [String] = []
        for i in view.instructions {
            // Only the invariants over the relevant fields: the others are about fields left at zero.
            let (fields0, relevantInvariants) = view.relevance(i)
            let invariantIndices = relevantInvariants.map { inv in model.checkedProperties.firstIndex { $0.name == model.invariants[inv].name }! }
            // The VMM touches a virtual state only through the allocator (which overwrites the
            // deprivileged fields, reading what its assignments read) and the instruction's own
            // semantics, so a deprivileged field the instruction does not touch cannot change
            // either run: enumerating its virtual values would only multiply the states.
            let fields = Array(Set(fields0).union(Footprint(model.deprivileged).reads)).sorted()
            var slots: [Int] = [], cards: [UInt64] = []
            for f in fields {
                let off = machine.layout.offsets[f]
                for s in off..<off + (StateLayout.slots(model.fields[f].type) ?? 0) {
                    slots.append(s); cards.append(leafType(model.fields[f].type).cardinality ?? 0)
                }
            }
            let mine = labels.filter { $0.action == i }
            let total = cards.reduce(1.0) { $0 * Double($1) } * Double(max(mine.count, 1))
            var entry = InstructionEquivalence(name: model.actions[i].name, proof: "not run")
            if total > 1.0 * Double(1 << 24) {
                unknown.append("\(entry.name): too many states × operands to enumerate at this width")
                entry.explored = false
                results.append(entry); continue
            }
            let w = witness(fields)
            let statesBefore = states
            for tuple in Odometer(cards) {
                var s = Array(repeating: UInt64(0), count: machine.layout.slotCount)
                for (slot, v) in zip(slots, tuple) { s[slot] = v }
                guard invariantIndices.allSatisfy({ machine.holds($0, in: s) }) else { continue }
                states += 1
                for label in mine {
                    programs += 1
                    var log: [String] = []
                    let nativeOutcome = machine.step(s, label)
                    let before = top.counts.resourceControlViolations
                    let vmOutcome = top.execute(s, label, log: &log)
                    if top.counts.resourceControlViolations != before || (options.nested && l0.counts.resourceControlViolations > 0),
                       entry.resourceControl == nil {
                        entry.resourceControl = w.single("direct execution changed the real protected state", top.realize(s), label, s)
                    }
                    if nativeOutcome != vmOutcome, entry.divergence == nil {
                        (entry.observableProgram, entry.observableDifference) =
                            observable(from: s, first: label, labels: labels, machine: machine, vmm: top, depth: options.depth)
                        entry.divergence = Witness(finding: "the VM and the native machine differ after this instruction",
                                                   operands: w.operands(label), states: [w.describe(s)],
                                                   results: [describe(nativeOutcome, s, machine, "native"), describe(vmOutcome, s, machine, "under the VMM")])
                    }
                    if case .next(let t) = nativeOutcome, !invariantIndices.allSatisfy({ machine.holds($0, in: t) }) {
                        validityPreserved = false
                    }
                }
            }
            if states == statesBefore {
                unknown.append("\(entry.name): no valid state over the fields it touches at this width")
                entry.explored = false
            }
            results.append(entry)
        }
        if options.prove, let full = fullWidthModel {
            let prover = try InstructionProver(model: full, timeoutMilliseconds: options.timeoutMilliseconds, queryLog: options.queryLog)
            for (k, i) in view.instructions.enumerated() {
                let (verdict, cex) = prover.prove(i)
                let i = k
                results[i].proof = verdict
                results[i].proofCounterexample = cex
            }
        }
        var counts = top.counts
        if options.nested { counts.resourceControlViolations += l0.counts.resourceControlViolations }
        return EquivalenceReport(model: model, nested: options.nested, width: options.width, instructions: results, counts: counts,
                                 states: states, programs: programs, seconds: Date().timeIntervalSince(start),
                                 validityPreserved: validityPreserved, depth: options.depth, unknown: unknown)
    }

    /// Breadth-first over programs that start with `first` from `start`: the shortest one after
    /// which the native and the virtual machine differ in what the guest can see.
    static func observable(from start: [UInt64], first: Label, labels: [Label], machine: Machine,
                           vmm: InstructionExecutor, depth: Int) -> ([String]?, [String]) {
        let f = ValueFormatter(model: machine.model, layout: machine.layout)
        let visible = (0..<machine.layout.slotCount).filter { machine.model.fields[Int(machine.layout.slotField[$0])].role == .visible }
        func text(_ l: Label) -> String {
            ([machine.model.actions[l.action].name] + zip(machine.model.actions[l.action].params, l.params)
                .map { ValueFormatter.format($1, $0.type) }).joined(separator: " ")
        }
        func seen(_ a: StepOutcome, _ b: StepOutcome) -> [String]? {
            switch (a, b) {
            case (.next(let x), .next(let y)):
                let d = visible.filter { x[$0] != y[$0] }
                return d.isEmpty ? nil : d.map { "\(f.place($0)): native \(f.value($0, in: x)), VM \(f.value($0, in: y))" }
            case (.trapped(let k), .next), (.next, .trapped(let k)):
                return ["one run traps (\(machine.model.trapKinds[k])), the other does not"]
            default: return nil
            }
        }
        var log: [String] = []
        let n0 = machine.step(start, first), v0 = vmm.execute(start, first, log: &log)
        if let d = seen(n0, v0) { return ([text(first)], d) }
        guard case .next(let n1) = n0, case .next(let v1) = v0 else { return (nil, []) }
        var frontier: [([UInt64], [UInt64], [Label])] = [(n1, v1, [first])]
        var visited = Set<[UInt64]>()
        for _ in 1..<max(depth, 1) {
            var next: [([UInt64], [UInt64], [Label])] = []
            for (n, v, program) in frontier {
                for l in labels {
                    let a = machine.step(n, l), b = vmm.execute(v, l, log: &log)
                    log.removeAll(keepingCapacity: true)
                    if let d = seen(a, b) { return ((program + [l]).map(text), d) }
                    if case .next(let x) = a, case .next(let y) = b, visited.insert(x + y).inserted {
                        next.append((x, y, program + [l]))
                    }
                }
            }
            frontier = next
        }
        return (nil, [])
    }

    static func describe(_ o: StepOutcome, _ s: [UInt64], _ machine: Machine, _ who: String) -> [String] {
        switch o {
        case .next(let t):
            let c = ValueFormatter(model: machine.model, layout: machine.layout).changes(from: s, to: t)
            return ["\(who): " + (c.isEmpty ? "no change" : c.joined(separator: ", "))]
        case .trapped(let k): return ["\(who): traps (\(machine.model.trapKinds[k]))"]
        case .disabled: return ["\(who): not applicable"]
        }
    }
}

/// Theorem 1's argument for one instruction, by Z3 at full width: running it directly on the
/// real state the allocator makes from any valid virtual state either traps (and is then
/// emulated with the instruction's own semantics, which equals native by construction) or gives
/// exactly the native result, and leaves the real protected state as the VMM configured it.
struct InstructionProver {
    let view: ISAView
    let z3: Z3Context
    let encoder: Encoder
    let executor: SymbolicExecutor
    let timeoutMilliseconds: UInt32

    init(model: Model, timeoutMilliseconds: UInt32, queryLog: QueryLog? = nil) throws {
        view = ISAView(model)
        z3 = try Z3Context(queryLog: queryLog)
        encoder = Encoder(z3: z3, model: model)
        executor = SymbolicExecutor(encoder: encoder)
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    func prove(_ i: Int) -> (String, Witness?) {
        do {
            let model = view.model
            let action = model.actions[i]
            let v = try model.fields.map { try z3.constant("v.\($0.name)", try encoder.sort($0.type)) }
            let params = try action.params.map { try z3.constant("\(action.name).\($0.name)", try encoder.sort($0.type)) }
            let env = Encoder.Environment(state: v)
            var facts = try zip(v, model.fields).map { try encoder.wellFormed($0, $1.type) }
            facts += try model.invariants.map { try encoder.encode($0.expr, env) }
            facts += try zip(params, action.params).map { try encoder.wellFormed($0, $1.type) }
            // The allocator: deprivileged configuration; relocation composed with any allocation
            // base; the other protected fields hold the VMM's own value, zero everywhere, as in
            // TrapAndEmulateVMM.realize (a fixed value: one whose choice can hide or make a trap
            // would let the two engines judge different VMMs).
            var real = try executor.execute(model.deprivileged, state: v).post
            let allocation = TrapAndEmulateVMM.allocation(model)
            for f in allocation.host {
                let t = model.fields[f].type
                real[f] = try encoder.uniform(t, try encoder.constant(0, leafType(t)))
            }
            for f in allocation.relocation {
                let base = try z3.constant("alloc.\(model.fields[f].name)", try encoder.sort(model.fields[f].type))
                facts.append(try z3.not(try z3.eq(base, try encoder.constant(0, model.fields[f].type))))
                real[f] = try z3.bvadd(real[f], base)
            }
            let direct = try executor.execute(action.body, state: real, params: params)
            let native = try executor.execute(action.body, state: v, params: params)
            facts.append(direct.enabled)
            facts.append(try z3.not(direct.trapped))
            // Direct execution gives the VM (visible from the real run, protected kept virtual).
            var wrong: [Z3Term] = [try z3.not(native.enabled), native.trapped]
            wrong += try view.visible.map { try z3.not(try z3.eq(direct.post[$0], native.post[$0])) }
            wrong += try view.owned.map { try z3.not(try z3.eq(v[$0], native.post[$0])) }
            wrong += try view.owned.map { try z3.not(try z3.eq(real[$0], direct.post[$0])) }
            facts.append(try z3.or(wrong))
            let solver = try Z3Solver(z3, timeoutMilliseconds: timeoutMilliseconds)
            for f in facts { try solver.assert(f) }
            switch try solver.check() {
            case .unsat: return ("proved", nil)
            case .unknown(let why): return ("unknown: \(why)", nil)
            case .sat:
                let m = try solver.model()
                let (fields, _) = view.relevance(i)
                let w = SymbolicWitness(view: view, encoder: encoder, fields: fields, action: action, params: params)
                let cex = Witness(finding: "runs directly under the VMM and differs from native execution",
                                  operands: try w.operands(m), states: [try w.describe(v, m)],
                                  results: [["native: " + (try w.result(v, native, m)).joined(separator: ", ")],
                                            ["under the VMM: " + (try w.result(real, direct, m)).joined(separator: ", ")]])
                return ("counterexample", cex)
            }
        } catch {
            return ("unknown: \(error)", nil)
        }
    }
}
