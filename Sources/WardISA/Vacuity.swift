import WardConcrete
import WardIR

/// Whether the states the theorems quantify over exist: some state satisfies the invariants, and
/// some such state is in the deprivileged configuration (D). With either set empty every answer
/// is vacuous (no valid state: nothing is sensitive; no state in D: every instruction is
/// privileged), and the enumeration engine, which looks at each instruction's own fields, would
/// not see it: its per-instruction projection is exact only when both sets are non-empty.
struct Vacuity: Equatable {
    var valid: Bool
    var deprivileged: Bool

    /// Why the classification would be vacuous, or nil when it is not.
    func problem(_ model: Model) -> String? {
        if !valid { return "no state satisfies the invariants (\(model.invariants.map(\.name).joined(separator: ", "))): every answer would be vacuous" }
        if !deprivileged {
            return "no valid state is in the deprivileged configuration (the 'deprivileged' block contradicts the invariants): "
                + "every instruction would be privileged vacuously"
        }
        return nil
    }
}

extension Enumerator {
    /// Over the fields the invariants read and the configuration touches (the others are free);
    /// nil when those have more states than the enumerator takes.
    func vacuity() -> Vacuity? {
        let model = view.model
        var fields = Set(model.invariants.flatMap { Footprint($0.expr).reads })
        fields.formUnion(Footprint(model.deprivileged).fields)
        fields.insert(view.mode.field)
        let checks = model.invariants.map { inv in model.checkedProperties.firstIndex { $0.name == inv.name }! }
        guard let space = try? RelevantStates(fields: fields.sorted(), model: model, layout: machine.layout, labels: 1, limit: Self.maxEntries)
        else { return nil }
        var valid = false
        for k in 0..<space.count {
            let s = space.state(k)
            guard checks.allSatisfy({ machine.holds($0, in: s) }) else { continue }
            valid = true
            let configured = machine.deprivilege(s)
            if space.slots.allSatisfy({ configured[$0] == s[$0] }) { return Vacuity(valid: true, deprivileged: true) }
        }
        return Vacuity(valid: valid, deprivileged: false)
    }
}

extension SymbolicClassifier {
    /// Two queries: a valid state, then a valid state in D. Nil, with the reason, when Z3 gives up.
    func vacuity() throws -> (Vacuity?, unknown: String?) {
        switch try ask([valid1]) {
        case .no: return (Vacuity(valid: false, deprivileged: false), nil)
        case .unknown(let why): return (nil, "is there a valid state: \(why)")
        case .yes: break
        }
        switch try ask([inD1]) {
        case .no: return (Vacuity(valid: true, deprivileged: false), nil)
        case .yes: return (Vacuity(valid: true, deprivileged: true), nil)
        case .unknown(let why): return (nil, "is there a valid state in the deprivileged configuration: \(why)")
        }
    }
}
