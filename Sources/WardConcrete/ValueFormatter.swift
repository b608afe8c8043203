import WardIR

/// Prints concrete values and state differences with the model's own names.
public struct ValueFormatter: Sendable {
    public let model: Model
    public let layout: StateLayout
    public init(model: Model, layout: StateLayout) { self.model = model; self.layout = layout }

    public static func format(_ v: UInt64, _ t: IRType) -> String {
        switch t {
        case .bool: return v != 0 ? "true" : "false"
        case .bits(let n): return n >= 8 ? "0x" + String(v, radix: 16) : String(v)
        case .enumeration(let e): return Int(v) < e.cases.count ? e.cases[Int(v)] : "<\(v)>"
        case .set(let e):
            return "{" + e.cases.indices.filter { v >> UInt64($0) & 1 == 1 }.map { e.cases[$0] }.joined(separator: ", ") + "}"
        case .map: return "<map>"
        }
    }

    /// `field[key][key]` for a slot.
    public func place(_ slot: Int) -> String {
        let f = Int(layout.slotField[slot])
        let field = model.fields[f]
        var text = field.name
        var type = field.type
        for k in StateLayout.keys(of: slot - layout.offsets[f], in: field.type) {
            guard case .map(let kt, let vt) = type else { break }
            text += "[\(Self.format(k, kt))]"
            type = vt
        }
        return text
    }

    public func leafType(_ slot: Int) -> IRType { Elaborated.leaf(model.fields[Int(layout.slotField[slot])].type) }

    public func value(_ slot: Int, in state: [UInt64]) -> String { Self.format(state[slot], leafType(slot)) }

    /// Lines `place: old → new` for every slot that differs.
    public func changes(from a: [UInt64], to b: [UInt64]) -> [String] {
        zip(a.indices, zip(a, b)).compactMap { i, pair in
            pair.0 == pair.1 ? nil : "\(place(i)): \(value(i, in: a)) → \(value(i, in: b))"
        }
    }

    public func label(_ l: Label) -> String { Self.label(l, in: model) }

    /// `dma_map(g=1, gpa=0x2000, ...)`: needs no state layout, so it also names the steps of a
    /// trace over maps too wide to lay out (Z3 at full width).
    public static func label(_ l: Label, in model: Model) -> String {
        let a = model.actions[l.action]
        let args = zip(a.params, l.params).map { "\($0.name)=\(format($1, $0.type))" }
        return "\(a.name)(\(args.joined(separator: ", ")))"
    }

    /// A trace of labels only (ModelChecker.minimalTrace on a model too wide to lay out): the
    /// actions and their parameters, which is the whole witness: replaying them from the initial
    /// state reaches the violation.
    public static func renderLabels(_ t: Trace, in model: Model) -> String {
        var lines = ["initial state: the model's init (its maps are too wide to print)"]
        for (i, step) in t.steps.enumerated() { lines.append("  \(i + 1). \(label(step.label, in: model))") }
        lines.append("  violates '\(model.checkedProperties[t.property].name)' (\(model.checkedProperties[t.property].location))")
        return lines.joined(separator: "\n")
    }

    /// Non-default fields of a state (maps: only their non-zero elements), for showing an initial state.
    public func describe(_ s: [UInt64]) -> [String] {
        var out: [String] = []
        for (f, field) in model.fields.enumerated() {
            let n = StateLayout.slots(field.type) ?? 0
            let off = layout.offsets[f]
            if case .map = field.type {
                for i in off..<off + n where s[i] != 0 { out.append("\(place(i)) = \(value(i, in: s))") }
            } else {
                out.append("\(field.name) = \(value(off, in: s))")
            }
        }
        return out
    }

    /// The trace, closed by the property it violates, or by `closing` when given.
    public func render(_ t: Trace, closing: String? = nil) -> String {
        var lines = ["initial state:"]
        lines += describe(t.initial).map { "    " + $0 }
        var previous = t.initial
        for (i, step) in t.steps.enumerated() {
            lines.append("  \(i + 1). \(label(step.label))")
            lines += changes(from: previous, to: step.state).map { "       " + $0 }
            previous = step.state
        }
        lines.append(closing.map { "  " + $0 }
                     ?? "  violates '\(model.checkedProperties[t.property].name)' (\(model.checkedProperties[t.property].location))")
        return lines.joined(separator: "\n")
    }
}
