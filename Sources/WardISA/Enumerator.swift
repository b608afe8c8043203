import WardConcrete
import WardIR

/// The enumeration engine: every valid state over an instruction's relevant fields, with every
/// operand, run on the emulator at a reduced width. One pass fills an outcome table; the
/// sensitivity questions are then answered by regrouping the table, not by re-running.
struct Enumerator {
    let view: ISAView
    let machine: Machine
    static let maxEntries = 1 << 24

    init(_ view: ISAView) throws {
        self.view = view
        machine = try Machine(view.model)
    }

    func classify(_ i: Int) -> RawVerdict {
        var raw = RawVerdict()
        let model = view.model
        let layout = machine.layout
        let (fields, invariants) = view.relevance(i)
        let invariantChecks = invariants.map { inv in model.checkedProperties.firstIndex { $0.name == model.invariants[inv].name }! }
        // Closure: only an invariant over a field the instruction writes can stop holding.
        let written = Footprint(model.actions[i].body).writes
        let closure = zip(invariants, invariantChecks).filter { inv, _ in
            !Footprint(model.invariants[inv].expr).reads.isDisjoint(with: written)
        }.map { inv, check in (name: model.invariants[inv].name, check: check) }
        let labels: [Label]
        do { labels = try machine.labels().filter { $0.action == i } } catch {
            raw.unknown.append("\(error)"); return raw
        }
        let space: RelevantStates
        do { space = try RelevantStates(fields: fields, model: model, layout: layout, labels: labels.count, limit: Self.maxEntries) } catch {
            raw.unknown.append("instruction \(model.actions[i].name): more than \(Self.maxEntries) states × operands to enumerate at this width")
            return raw
        }
        let (slots, cards, strides, combos) = (space.slots, space.cards, space.strides, space.count)
        let state = space.state
        let ownedSlots = slots.indices.filter { view.owned.contains(Int(layout.slotField[slots[$0]])) }
        let visibleSlots = slots.filter { view.visible.contains(Int(layout.slotField[$0])) }
        let modeSlot = layout.offsets[view.mode.field]
        let witness = WitnessBuilder(view: view, machine: machine, fields: fields)

        // Pass 1: outcome table (0 = invalid state, not enabled, or trapped; else 1 + visible result key).
        var table = [UInt64](repeating: 0, count: combos * labels.count)
        var traps = TrapProfileBuilder(model: model, action: i)
        let labelForms = labels.map { traps.form($0.params) }
        let visibleWidths = visibleSlots.map { leafType(model.fields[Int(layout.slotField[$0])].type).bitWidth }
        for index in 0..<combos {
            let s = state(index)
            guard invariantChecks.allSatisfy({ machine.holds($0, in: s) }) else { continue }
            // D-membership over the relevant fields only: the others are left at zero here and do
            // not affect the instruction, so a nonzero deprivileged value there must not empty D.
            let configured = machine.deprivilege(s)
            let inD = slots.allSatisfy { configured[$0] == s[$0] }
            let modeCell = traps.modeIndex[s[modeSlot]]
            for (li, label) in labels.enumerated() {
                let outcome = machine.step(s, label)
                let cell = modeCell.map { labelForms[li] * traps.modeValues.count + $0 }
                guard case .next(let t) = outcome else {
                    if case .trapped(let k) = outcome, let c = cell {
                        traps.raises(c, kind: k) { witness.single("raises \(model.trapKinds[k])", s, label, s) }
                    }
                    continue
                }
                if let c = cell { traps.runs[c] = true }
                for (name, check) in closure where raw.breaks[name] == nil && !machine.holds(check, in: t) {
                    raw.breaks[name] = witness.single("leaves the valid states: the result breaks invariant \(name)", s, label, t)
                }
                let key = Self.key(visibleSlots.map { t[$0] }, widths: visibleWidths)
                table[index * labels.count + li] = key
                if inD, raw.runsDeprivileged == nil {
                    raw.runsDeprivileged = witness.single("runs without trapping in a deprivileged state", s, label, t)
                }
                if s[modeSlot] == view.mode.supervisor, raw.runsSupervisor == nil {
                    raw.runsSupervisor = witness.single("runs without trapping in supervisor mode", s, label, t)
                }
                if raw.control == nil || (raw.controlUser == nil && s[modeSlot] == view.mode.user),
                   ownedSlots.contains(where: { s[slots[$0]] != t[slots[$0]] }) {
                    let w = witness.single("changes protected state or the mode without trapping", s, label, t)
                    if raw.control == nil { raw.control = w }
                    if s[modeSlot] == view.mode.user, raw.controlUser == nil {
                        raw.controlUser = witness.single("changes protected state without trapping, in user mode", s, label, t)
                    }
                }
            }
        }
        raw.traps = traps.profile
        raw.statesEnumerated = combos

        // Pass 2: regroup. Two states that differ only in `inner` slots give different results?
        func difference(inner: [Int], userOnly: Bool, finding: String) -> Witness? {
            let outer = slots.indices.filter { !inner.contains($0) }
            var innerOffsets = [0]
            for k in inner {
                innerOffsets = innerOffsets.flatMap { off in (0..<Int(cards[k])).map { off + $0 * strides[k] } }
            }
            var outerBases = [0]
            for k in outer {
                outerBases = outerBases.flatMap { off in (0..<Int(cards[k])).map { off + $0 * strides[k] } }
            }
            let modeIndex = slots.firstIndex(of: modeSlot)!
            for b in outerBases {
                for li in labels.indices {
                    var first: (Int, UInt64)?
                    for off in innerOffsets {
                        let index = b + off
                        let key = table[index * labels.count + li]
                        if key == 0 { continue }
                        if userOnly, UInt64(index / strides[modeIndex]) % cards[modeIndex] != view.mode.user { continue }
                        guard let (firstIndex, firstKey) = first else { first = (index, key); continue }
                        if key != firstKey {
                            return witness.pair(finding, state(firstIndex), state(index), labels[li])
                        }
                    }
                }
            }
            return nil
        }
        raw.behavior = difference(inner: ownedSlots, userOnly: false,
                                  finding: "equal visible state, different visible results")
        if raw.behavior != nil {
            raw.behaviorUser = difference(inner: ownedSlots, userOnly: true,
                                          finding: "equal visible state, different visible results, both in user mode")
            for f in fields where view.owned.contains(f) {
                let inner = ownedSlots.filter { Int(layout.slotField[slots[$0]]) == f }
                if let w = difference(inner: inner, userOnly: false,
                                      finding: "states that differ only in \(model.fields[f].name) give different visible results") {
                    raw.kinds[view.kind(of: f), default: w] = raw.kinds[view.kind(of: f)] ?? w
                }
            }
        }
        return raw
    }

    /// A non-zero key for a visible result: exact (the values packed side by side) when they fit
    /// in 63 bits, as they do at reduced widths; otherwise a 64-bit hash.
    static func key(_ result: [UInt64], widths: [Int]) -> UInt64 {
        if widths.reduce(0, +) <= 63 {
            var packed: UInt64 = 0
            for (v, w) in zip(result, widths) { packed = (packed << UInt64(w)) | v }
            return packed | (1 << 63)
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in result { h = (h ^ v) &* 0x0000_0100_0000_01B3; h ^= h >> 29 }
        return h | 1
    }
}

func leafType(_ t: IRType) -> IRType { if case .map(_, let v) = t { return leafType(v) }; return t }
