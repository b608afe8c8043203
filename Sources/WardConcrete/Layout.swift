import WardIR

/// Where each field lives in a concrete state: a flat array of 64-bit slots, one per scalar
/// (a map holds one block of slots per key, keys in value order).
public struct StateLayout: Sendable {
    public let offsets: [Int]
    public let slotCount: Int
    /// The field owning each slot, for turning slots back into names.
    public let slotField: [Int32]
    public static let maxSlots = 1 << 24

    public struct TooLarge: Error, CustomStringConvertible {
        public let field: String
        public var description: String {
            "field '\(field)' is too large for the concrete engine (more than \(StateLayout.maxSlots) slots); reduce its key width (--width) or use the SMT engine"
        }
    }

    public init(_ model: Model) throws(TooLarge) {
        var offsets: [Int] = []
        var total = 0
        var owner: [Int32] = []
        for (i, f) in model.fields.enumerated() {
            guard let n = Self.slots(f.type), total + n <= Self.maxSlots else { throw TooLarge(field: f.name) }
            offsets.append(total)
            total += n
            owner += Array(repeating: Int32(i), count: n)
        }
        self.offsets = offsets
        self.slotCount = total
        self.slotField = owner
    }

    /// Slots a value of this type occupies, nil when beyond the limit.
    public static func slots(_ t: IRType) -> Int? {
        switch t {
        case .map(let k, let v):
            guard let card = k.cardinality, card <= UInt64(maxSlots), let inner = slots(v) else { return nil }
            let (n, o) = Int(card).multipliedReportingOverflow(by: inner)
            return o || n > maxSlots ? nil : n
        default: return 1
        }
    }

    /// The keys that lead to `slot` inside a field of type `t`, outermost first.
    public static func keys(of slot: Int, in t: IRType) -> [UInt64] {
        var keys: [UInt64] = []
        var rest = slot
        var type = t
        while case .map(_, let v) = type {
            let stride = slots(v) ?? 1
            keys.append(UInt64(rest / stride))
            rest %= stride
            type = v
        }
        return keys
    }
}
