import WardConcrete
import WardIR

/// Turns concrete states into witnesses that show only the fields that matter.
struct WitnessBuilder {
    let view: ISAView
    let machine: Machine
    let fields: [Int]

    func describe(_ s: [UInt64]) -> [String] {
        let f = ValueFormatter(model: view.model, layout: machine.layout)
        var out: [String] = []
        for field in fields {
            let off = machine.layout.offsets[field]
            for slot in off..<off + (StateLayout.slots(view.model.fields[field].type) ?? 0) {
                out.append("\(f.place(slot)) = \(f.value(slot, in: s))")
            }
        }
        return out
    }

    func operands(_ l: Label) -> [String] {
        zip(view.model.actions[l.action].params, l.params).map { "\($0.name) = \(ValueFormatter.format($1, $0.type))" }
    }

    func result(_ s: [UInt64], _ l: Label) -> [String] {
        switch machine.step(s, l) {
        case .disabled: return ["not enabled"]
        case .trapped(let k): return ["traps (\(view.model.trapKinds[k]))"]
        case .next(let t):
            let changes = ValueFormatter(model: view.model, layout: machine.layout).changes(from: s, to: t)
            return changes.isEmpty ? ["no change"] : changes
        }
    }

    func single(_ finding: String, _ s: [UInt64], _ l: Label, _ t: [UInt64]) -> Witness {
        Witness(finding: finding, operands: operands(l), states: [describe(s)], results: [result(s, l)])
    }

    func pair(_ finding: String, _ a: [UInt64], _ b: [UInt64], _ l: Label) -> Witness {
        Witness(finding: finding, operands: operands(l), states: [describe(a), describe(b)], results: [result(a, l), result(b, l)])
    }
}
