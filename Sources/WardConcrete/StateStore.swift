/// Reached states packed end to end in one array, found again through an open-addressing
/// hash table of indices; each state keeps its BFS predecessor and label for shortest traces.
struct StateStore {
    let stride: Int
    private(set) var slots: [UInt64] = []
    private(set) var parent: [Int32] = []
    private(set) var label: [Int32] = []
    private var table: [Int32]
    private var mask: Int
    var count: Int { parent.count }

    init(stride: Int) {
        self.stride = max(stride, 1)
        table = Array(repeating: -1, count: 1024)
        mask = 1023
    }

    var bytes: Int { slots.capacity * 8 + parent.capacity * 4 + label.capacity * 4 + table.count * 4 }

    static func hash(_ s: UnsafeBufferPointer<UInt64>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for v in s { h = (h ^ v) &* 0xFF51_AFD7_ED55_8CCD; h ^= h >> 32 }
        return Int(truncatingIfNeeded: h)
    }

    func state(_ i: Int) -> [UInt64] { Array(slots[i * stride..<(i + 1) * stride]) }

    /// Inserts the state if new; returns its index and whether it was new.
    mutating func insert(_ s: [UInt64], parent p: Int32, label l: Int32) -> (Int, Bool) {
        if count * 2 >= table.count { grow() }
        let h = s.withUnsafeBufferPointer(Self.hash)
        var i = h & mask
        while true {
            let e = table[i]
            if e < 0 { break }
            if equal(Int(e), s) { return (Int(e), false) }
            i = (i + 1) & mask
        }
        let index = count
        table[i] = Int32(index)
        slots.append(contentsOf: s)
        parent.append(p)
        label.append(l)
        return (index, true)
    }

    private func equal(_ index: Int, _ s: [UInt64]) -> Bool {
        let base = index * stride
        for k in 0..<stride where slots[base + k] != s[k] { return false }
        return true
    }

    private mutating func grow() {
        table = Array(repeating: -1, count: table.count * 2)
        mask = table.count - 1
        for index in 0..<count {
            let h = slots.withUnsafeBufferPointer { buf in
                Self.hash(UnsafeBufferPointer(rebasing: buf[index * stride..<(index + 1) * stride]))
            }
            var i = h & mask
            while table[i] >= 0 { i = (i + 1) & mask }
            table[i] = Int32(index)
        }
    }
}
