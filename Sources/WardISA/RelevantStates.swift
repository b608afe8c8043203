import WardConcrete
import WardIR

/// The states the enumeration engine visits for one instruction: every value of the slots of the
/// fields that matter to it, the other slots left at zero (the instruction neither reads them nor
/// is narrowed by an invariant over them). Indexed in mixed radix, the last slot varying fastest,
/// so the classifier can regroup states that differ only in some slots.
struct RelevantStates {
    let slots: [Int]
    let cards: [UInt64]
    let strides: [Int]
    /// How many states there are.
    let count: Int
    private let base: [UInt64]

    struct TooMany: Error {}

    /// Throws `TooMany` when states × `labels` would exceed `limit`.
    init(fields: [Int], model: Model, layout: StateLayout, labels: Int, limit: Int) throws(TooMany) {
        var slots: [Int] = [], cards: [UInt64] = []
        for f in fields {
            let leaf = leafType(model.fields[f].type)
            for s in layout.offsets[f]..<layout.offsets[f] + (StateLayout.slots(model.fields[f].type) ?? 0) {
                slots.append(s); cards.append(leaf.cardinality ?? 0)
            }
        }
        var count = 1
        for c in cards {
            let (n, o) = count.multipliedReportingOverflow(by: Int(c))
            guard !o, n * max(labels, 1) <= limit else { throw TooMany() }
            count = n
        }
        var strides = Array(repeating: 1, count: cards.count)
        for k in stride(from: cards.count - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * Int(cards[k + 1]) }
        self.slots = slots; self.cards = cards; self.strides = strides; self.count = count
        base = Array(repeating: 0, count: layout.slotCount)
    }

    func state(_ index: Int) -> [UInt64] {
        var s = base
        for k in slots.indices { s[slots[k]] = UInt64(index / strides[k]) % cards[k] }
        return s
    }
}
