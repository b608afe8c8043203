import WardIR

/// Where each field lives in a concrete state, in two forms laid out by the IR's types:
/// - slots: a flat array of 64-bit slots, one per scalar (a map holds one block of slots per key,
///   keys in value order), the emulator's form (`Machine.step`);
/// - packed: the same slots end to end in a bit string, each in its type's bit width (a slot may
///   cross a 64-bit word boundary), the explorer's form. Bits past `stateBits` are zero.
public struct StateLayout: Sendable {
    public let offsets: [Int]
    public let slotCount: Int
    /// The field owning each slot, for turning slots back into names.
    public let slotField: [Int32]
    public static let maxSlots = 1 << 24
    /// Packed form: bit position of each field's first slot, and the width of each of its slots.
    public let bitOffsets: [Int]
    public let leafBits: [Int]
    public let stateBits: Int
    /// 64-bit words (at least one) and bytes of a packed state.
    public var stateWords: Int { max(1, (stateBits + 63) / 64) }
    public var stateBytes: Int { max(1, (stateBits + 7) / 8) }

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
        var bit = 0
        var bitOffsets: [Int] = [], leafBits: [Int] = []
        for (i, f) in model.fields.enumerated() {
            let w = Elaborated.leaf(f.type).bitWidth
            let n = (i + 1 < offsets.count ? offsets[i + 1] : total) - offsets[i]
            bitOffsets.append(bit)
            leafBits.append(w)
            bit += n * w
        }
        self.bitOffsets = bitOffsets
        self.leafBits = leafBits
        self.stateBits = bit
    }

    /// Bit position and width of a slot in the packed form.
    @inline(__always) public func packedPlace(ofSlot s: Int) -> (bit: Int, width: Int) {
        let f = Int(slotField[s])
        return (bitOffsets[f] + (s - offsets[f]) * leafBits[f], leafBits[f])
    }

    /// Writes the packed form of a slot state into `words` (`stateWords` of them).
    public func pack(_ slots: [UInt64], into words: UnsafeMutablePointer<UInt64>) {
        words.update(repeating: 0, count: stateWords)
        for s in 0..<slotCount {
            let (bit, w) = packedPlace(ofSlot: s)
            PackedBits.store(words, bit: bit, width: w, slots[s])
        }
    }

    public func pack(_ slots: [UInt64]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: stateWords)
        words.withUnsafeMutableBufferPointer { pack(slots, into: $0.baseAddress!) }
        return words
    }

    /// The slot form of a packed state.
    public func unpack(_ words: UnsafePointer<UInt64>) -> [UInt64] {
        (0..<slotCount).map { s in
            let (bit, w) = packedPlace(ofSlot: s)
            return PackedBits.load(words, bit: bit, width: w)
        }
    }

    public func unpack(_ words: [UInt64]) -> [UInt64] { words.withUnsafeBufferPointer { unpack($0.baseAddress!) } }

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

/// Reading and writing a field of `width` bits at bit position `bit` of a packed state.
public enum PackedBits {
    @inline(__always) public static func mask(_ width: Int) -> UInt64 { width >= 64 ? ~0 : (UInt64(1) << UInt64(width)) - 1 }

    @inline(__always) public static func load(_ words: UnsafePointer<UInt64>, bit: Int, width: Int) -> UInt64 {
        let i = bit >> 6, sh = bit & 63
        var v = words[i] >> UInt64(sh)
        if sh + width > 64 { v |= words[i + 1] << UInt64(64 - sh) }
        return v & mask(width)
    }

    @inline(__always) public static func store(_ words: UnsafeMutablePointer<UInt64>, bit: Int, width: Int, _ value: UInt64) {
        let i = bit >> 6, sh = bit & 63, m = mask(width), v = value & m
        words[i] = (words[i] & ~(m << UInt64(sh))) | (v << UInt64(sh))
        if sh + width > 64 {
            let r = UInt64(64 - sh)
            words[i + 1] = (words[i + 1] & ~(m >> r)) | (v >> r)
        }
    }
}
