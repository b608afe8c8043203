import WardIR

/// The roles of an ISA's fields as the classifier needs them, and per instruction the fields
/// that matter: those it reads or writes, the mode, and every field an invariant ties to them.
struct ISAView {
    let model: Model
    let mode: ModeSpec
    /// Fields a VMM must own: the protected ones and the mode.
    let owned: [Int]
    let visible: [Int]
    /// Fields the deprivileged configuration sets.
    let deprivileged: Set<Int>
    let projection: InvariantProjection

    init(_ model: Model) {
        self.model = model
        mode = model.mode!
        owned = model.fields.indices.filter { model.fields[$0].role == .protected || model.fields[$0].role == .mode }
        visible = model.fields.indices.filter { model.fields[$0].role == .visible }
        deprivileged = Footprint(model.deprivileged).writes
        projection = InvariantProjection(model)
    }

    /// Instructions only: interrupt lines are events, not instructions a guest executes.
    var instructions: [Int] { model.actions.indices.filter { model.actions[$0].kind != .interrupt } }

    /// Fields relevant to instruction `i`, and the invariants over them, closed under "an
    /// invariant reading a relevant field makes all its fields relevant" (and every invariant that
    /// reads no field at all). An invariant that cannot
    /// narrow the instruction's states is left out with its other fields (`InvariantProjection`):
    /// x86's `cs_privilege` ties CPL to the hidden part of CS, and pulling CS into every
    /// instruction that reads CPL would multiply the states enumerated by eight for nothing.
    func relevance(_ i: Int) -> (fields: [Int], invariants: [Int]) {
        let footprint = Footprint(model.actions[i].body)
        var fields = footprint.fields
        fields.insert(mode.field)
        let invariantFields = model.invariants.map { Footprint($0.expr).reads }
        // An invariant that reads no field (a constant, `false` say) narrows every state: left
        // out, a model without valid states would look classifiable to enumeration but not to Z3.
        var used = Set(invariantFields.indices.filter { invariantFields[$0].isEmpty }), unconstraining = Set<Int>()
        var changed = true
        while changed {
            changed = false
            for (k, reads) in invariantFields.enumerated() where !used.contains(k) && !unconstraining.contains(k) && !reads.isDisjoint(with: fields) {
                if projection.unconstraining(k, relevant: fields, footprint: footprint, invariantFields: invariantFields) {
                    unconstraining.insert(k)
                    continue
                }
                used.insert(k)
                fields.formUnion(reads)
                changed = true
            }
        }
        return (fields.sorted(), used.sorted())
    }

    /// The sensitivity subclass a field stands for.
    func kind(of field: Int) -> String {
        if field == mode.field { return "mode" }
        if model.fields[field].tag == "relocation" || model.fields[field].tag == "bound" { return "location" }
        return "resource(\(model.fields[field].name))"
    }
}

/// What one engine found for one instruction; both engines fill the same form.
struct RawVerdict {
    var runsDeprivileged: Witness?     // a D-state where it does not trap (so not privileged)
    var runsSupervisor: Witness?       // a supervisor state where it does not trap
    var control: Witness?
    var controlUser: Witness?
    var behavior: Witness?
    var behaviorUser: Witness?
    var kinds: [String: Witness] = [:]
    /// Invariants, by name, that some run from a valid state breaks: the valid states are not
    /// closed under the instruction, so the classification's premise (it quantifies over them) fails.
    var breaks: [String: Witness] = [:]
    /// Nil when the engine could not compute it (then `unknown` says why).
    var traps: TrapProfile?
    var unknown: [String] = []
    /// States the enumerator ran the instruction from (every operand each); 0 for Z3.
    var statesEnumerated = 0

    var privileged: Bool { runsDeprivileged == nil && runsSupervisor != nil }

    func verdict(name: String, model: Model, index: Int) -> InstructionVerdict {
        var witnesses: [Witness] = []
        if let w = runsDeprivileged { witnesses.append(w) }
        if let w = control { witnesses.append(w) }
        if let w = behavior { witnesses.append(w) }
        if let w = controlUser ?? behaviorUser { witnesses.append(w) }
        for k in kinds.keys.sorted() { witnesses.append(kinds[k]!) }
        for k in breaks.keys.sorted() { witnesses.append(breaks[k]!) }
        return InstructionVerdict(name: name, location: model.actions[index].location, privileged: privileged,
                                  controlSensitive: control != nil, behaviorSensitive: behavior != nil,
                                  behaviorKinds: kinds.keys.sorted(), userSensitive: controlUser != nil || behaviorUser != nil,
                                  traps: traps ?? .empty, breaks: breaks.keys.sorted(), witnesses: witnesses)
    }
}
