import Foundation

/// How the explorer remembers visited states.
public enum ExplorerStorage: Sendable, Equatable, CustomStringConvertible {
    /// Every state in full: the search is exhaustive.
    case exact
    /// A 64-bit fingerprint per state (hash compaction): two states with the same fingerprint
    /// count as one, so a few states may be missed. Partial.
    case hashCompaction
    /// Three bits per state in a table of 2^log2Bits bits (Holzmann's bitstate hashing): less
    /// memory again, more states may be missed. Partial.
    case bitstate(log2Bits: Int)

    public var isPartial: Bool { self != .exact }
    public var description: String {
        switch self {
        case .exact: "exact"
        case .hashCompaction: "hash compaction (64-bit fingerprints)"
        case .bitstate(let b): "bitstate (2^\(b) bits, 3 hashes)"
        }
    }
}

/// Fixed-size records in chunks that never move: small chunks first (256 records, doubling),
/// then chunks of 65536 records, so that small searches stay small and large ones never copy.
final class ChunkedBuffer: @unchecked Sendable {
    let recordBytes: Int
    // Unchecked exclusivity, here and in Partition: the search's phases already keep writers
    // apart (each partition is written by one worker at a time, and read by all only when no
    // one writes), and a dynamic check on every state lookup cost more than the lookup.
    @exclusivity(unchecked) private(set) var chunks: [UnsafeMutableRawPointer] = []
    private(set) var count = 0
    private var capacity = 0
    static let geometric = 256 * ((1 << 9) - 1)

    init(recordBytes: Int) { self.recordBytes = recordBytes }
    deinit { for c in chunks { c.deallocate() } }

    static func chunkSize(_ k: Int) -> Int { k < 9 ? 256 << k : 1 << 16 }

    var bytes: Int { capacity * recordBytes + chunks.capacity * 8 }

    @inline(__always) func record(_ i: Int) -> UnsafeMutableRawPointer {
        if i < Self.geometric {
            let j = i + 256
            let k = Int.bitWidth - 1 - j.leadingZeroBitCount - 8
            return chunks[k] + (j - (256 << k)) * recordBytes
        }
        let r = i - Self.geometric
        return chunks[9 + (r >> 16)] + (r & 0xFFFF) * recordBytes
    }

    @inline(__always) func append() -> UnsafeMutableRawPointer {
        if count == capacity {
            let n = Self.chunkSize(chunks.count)
            chunks.append(.allocate(byteCount: n * recordBytes, alignment: 8))
            capacity += n
        }
        defer { count += 1 }
        return record(count)
    }

    /// Forgets the records and keeps the memory.
    func removeAll() { count = 0 }
}

/// One of the store's partitions (chosen by a state's hash): a hash set of states, written
/// only by the worker that owns the partition during a batch's insertion phase.
final class Partition: @unchecked Sendable {
    let storage: ExplorerStorage
    let stateBytes: Int
    /// exact: `tag << 32 | (local index + 1)`, the tag being the hash's low 32 bits (which
    /// also pick the slot); hash compaction: the fingerprint. 0 is an empty slot.
    @exclusivity(unchecked) private(set) var table: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private(set) var mask: Int
    private(set) var count = 0
    private let bits: UnsafeMutablePointer<UInt64>?
    private let bitMask: UInt64
    /// States inserted (exact: every state of the partition; partial: the next level's).
    @exclusivity(unchecked) private(set) var states: ChunkedBuffer
    /// States of the level being expanded (exact: the same buffer as `states`).
    @exclusivity(unchecked) private(set) var frontier: ChunkedBuffer
    /// The new states of the current batch, in key order: (key, local index, violated property or -1).
    var fresh: [(key: UInt64, local: UInt32, violated: Int32)] = []

    init(storage: ExplorerStorage, stateBytes: Int, partitions: Int) {
        self.storage = storage
        self.stateBytes = stateBytes
        states = ChunkedBuffer(recordBytes: stateBytes)
        frontier = storage.isPartial ? ChunkedBuffer(recordBytes: stateBytes) : states
        let capacity = 64
        table = .allocate(capacity: capacity)
        table.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        if case .bitstate(let log2Bits) = storage {
            let perPartition = max(6, log2Bits - (Int.bitWidth - 1 - partitions.leadingZeroBitCount))
            let words = 1 << (perPartition - 6)
            bits = .allocate(capacity: words)
            bits!.initialize(repeating: 0, count: words)
            bitMask = (UInt64(1) << UInt64(perPartition)) - 1
        } else {
            bits = nil
            bitMask = 0
        }
    }

    deinit {
        table.deallocate()
        bits?.deallocate()
    }

    var bytes: Int {
        var b = (mask + 1) * 8 + states.bytes + fresh.capacity * 16
        if frontier !== states { b += frontier.bytes }
        if let _ = bits { b += Int(bitMask + 1) / 8 }
        return b
    }

    /// Partial modes: the level just built becomes the frontier; its buffer is reused.
    func advanceLevel() {
        guard storage.isPartial else { return }
        let old = frontier
        frontier = states
        states = old
        states.removeAll()
    }

    @inline(__always) private func bitPositions(_ h: UInt64) -> (UInt64, UInt64, UInt64) {
        let h2 = (h >> 32) | 1
        return (h & bitMask, (h &+ h2) & bitMask, (h &+ 2 &* h2) & bitMask)
    }

    @inline(__always) private func testBit(_ b: UInt64) -> Bool { bits![Int(b >> 6)] & (1 << (b & 63)) != 0 }

    /// Whether the state (hash `h`, words `w`) is in the set. Read-only.
    @inline(__always) func contains(_ h: UInt64, _ w: UnsafeRawPointer) -> Bool {
        switch storage {
        case .exact:
            let tag = h & 0xFFFF_FFFF
            var i = Int(truncatingIfNeeded: tag) & mask
            while true {
                let e = table[i]
                if e == 0 { return false }
                if e >> 32 == tag, memcmp(states.record(Int(e & 0xFFFF_FFFF) - 1), w, stateBytes) == 0 { return true }
                i = (i + 1) & mask
            }
        case .hashCompaction:
            let fp = h == 0 ? 1 : h
            var i = Int(truncatingIfNeeded: fp) & mask
            while true {
                let e = table[i]
                if e == 0 { return false }
                if e == fp { return true }
                i = (i + 1) & mask
            }
        case .bitstate:
            let (a, b, c) = bitPositions(h)
            return testBit(a) && testBit(b) && testBit(c)
        }
    }

    /// Makes room for `extra` more states without growing during the insertions.
    func reserve(_ extra: Int) {
        if case .bitstate = storage { return }
        var capacity = mask + 1
        while (count + extra) * 4 > capacity * 3 { capacity *= 2 }
        guard capacity != mask + 1 else { return }
        let old = table, oldCapacity = mask + 1
        table = .allocate(capacity: capacity)
        table.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        let exact = storage == .exact
        for k in 0..<oldCapacity {
            let e = old[k]
            if e == 0 { continue }
            var i = Int(truncatingIfNeeded: exact ? e >> 32 : e) & mask
            while table[i] != 0 { i = (i + 1) & mask }
            table[i] = e
        }
        old.deallocate()
    }

    /// Inserts the state if new (after `reserve`); returns its index in `states`, or nil.
    func insert(_ h: UInt64, _ w: UnsafeRawPointer) -> Int? {
        switch storage {
        case .exact:
            let tag = h & 0xFFFF_FFFF
            var i = Int(truncatingIfNeeded: tag) & mask
            while true {
                let e = table[i]
                if e == 0 { break }
                if e >> 32 == tag, memcmp(states.record(Int(e & 0xFFFF_FFFF) - 1), w, stateBytes) == 0 { return nil }
                i = (i + 1) & mask
            }
            let local = states.count
            states.append().copyMemory(from: w, byteCount: stateBytes)
            table[i] = tag << 32 | UInt64(local + 1)
        case .hashCompaction:
            let fp = h == 0 ? 1 : h
            var i = Int(truncatingIfNeeded: fp) & mask
            while true {
                let e = table[i]
                if e == 0 { break }
                if e == fp { return nil }
                i = (i + 1) & mask
            }
            table[i] = fp
            states.append().copyMemory(from: w, byteCount: stateBytes)
        case .bitstate:
            let (a, b, c) = bitPositions(h)
            if testBit(a) && testBit(b) && testBit(c) { return nil }
            for x in [a, b, c] { bits![Int(x >> 6)] |= 1 << (x & 63) }
            states.append().copyMemory(from: w, byteCount: stateBytes)
        }
        count += 1
        return states.count - 1
    }
}

/// Whether two packed states are equal (a loop: states are a word or two, shorter than a call).
@inline(__always) func sameWords(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, _ n: Int) -> Bool {
    for i in 0..<n where a[i] != b[i] { return false }
    return true
}

/// A 64-bit hash of a packed state's words.
@inline(__always) func stateHash(_ w: UnsafePointer<UInt64>, _ n: Int) -> UInt64 {
    var h: UInt64 = 0x243F_6A88_85A3_08D3
    for i in 0..<n {
        h = (h ^ w[i]) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
    }
    h ^= h >> 32
    h &*= 0xD6E8_FEB8_6659_FD93
    h ^= h >> 32
    return h
}
