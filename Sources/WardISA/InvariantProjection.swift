import WardConcrete
import WardIR

/// When an invariant can be left out of an instruction's enumeration without changing any answer.
///
/// An invariant I over fields G meets the fields relevant to an instruction in `shared`, and
/// reads `extra` fields beyond them. I can be left out, with its extra fields, when
/// - the instruction writes no field of G (so I cannot break, and cannot be restored, by it);
/// - no other invariant and not the deprivileged configuration reads or sets an extra field (so
///   choosing the extra fields' values is free of every other constraint);
/// - every value of the shared fields extends, over the extra fields, to one that satisfies I.
/// Then every assignment of the relevant fields that the kept invariants allow extends to a valid
/// state, the instruction never sees the extra fields, and so each engine's answers are the same
/// with or without I. The last condition is decided by trying every value: only for scalar fields
/// of at most `maxBits` bits in all; anything larger keeps the invariant.
struct InvariantProjection {
    let model: Model
    let machine: Machine?
    let configured: Set<Int>
    static let maxBits = 16

    init(_ model: Model) {
        self.model = model
        machine = try? Machine(model)
        let d = Footprint(model.deprivileged)
        configured = d.fields
    }

    func unconstraining(_ k: Int, relevant: Set<Int>, footprint: Footprint, invariantFields: [Set<Int>]) -> Bool {
        let reads = invariantFields[k]
        let shared = reads.intersection(relevant), extra = reads.subtracting(relevant)
        guard reads.isDisjoint(with: footprint.writes), extra.isDisjoint(with: configured) else { return false }
        for (j, other) in invariantFields.enumerated() where j != k && !other.isDisjoint(with: extra) { return false }
        return total(k, shared: shared.sorted(), extra: extra.sorted())
    }

    /// Every value of the shared fields has some value of the extra fields satisfying invariant k.
    func total(_ k: Int, shared: [Int], extra: [Int]) -> Bool {
        guard let machine, let check = model.checkedProperties.firstIndex(where: { $0.name == model.invariants[k].name }) else { return false }
        var cards: [UInt64] = [], bits = 0
        for f in shared + extra {
            guard StateLayout.slots(model.fields[f].type) == 1, let c = model.fields[f].type.cardinality else { return false }
            bits += model.fields[f].type.bitWidth
            cards.append(c)
        }
        guard bits <= Self.maxBits else { return false }
        let slots = (shared + extra).map { machine.layout.offsets[$0] }
        let sharedCards = Array(cards.prefix(shared.count)), extraCards = Array(cards.dropFirst(shared.count))
        var state = Array(repeating: UInt64(0), count: machine.layout.slotCount)
        for outer in Odometer(sharedCards) {
            for (slot, v) in zip(slots, outer) { state[slot] = v }
            var extends = false
            for inner in Odometer(extraCards) {
                for (slot, v) in zip(slots.dropFirst(shared.count), inner) { state[slot] = v }
                if machine.holds(check, in: state) { extends = true; break }
            }
            if !extends { return false }
        }
        return true
    }
}
