/// An emulated two-dimensional (nested, EPT/NPT) page walk over small concrete page tables in a
/// simulated host memory, counting every memory reference the hardware makes on a TLB miss with
/// cold paging-structure caches (seed 003). `WalkCost.nestedWalkReferences` is the closed form;
/// the tests check it against this emulation.
///
/// Layout: 4 KiB pages, 8-byte entries, 9 index bits per level (x86-64). The guest's page table
/// has `guestLevels` levels and translates guest-virtual to guest-physical addresses; the nested
/// table has `nestedLevels` levels and translates guest-physical to host-physical addresses. Every
/// guest page-table page lives at a guest-physical address, so each guest level costs a nested
/// walk to find the page before its entry can be read.
public struct NestedPaging: Sendable {
    public static let pageShift = 12
    public static let indexBits = 9
    public static let entrySize: UInt64 = 8
    static let present: UInt64 = 1
    static let frameMask: UInt64 = 0x000F_FFFF_FFFF_F000

    public let guestLevels: Int
    public let nestedLevels: Int
    /// Host-physical memory, one 64-bit word per 8-byte-aligned address (absent words read 0).
    public private(set) var memory: [UInt64: UInt64] = [:]
    /// Host-physical address of the nested root (the EPT pointer / nCR3).
    public private(set) var nestedRoot: UInt64 = 0
    /// Guest-physical address of the guest root (guest CR3).
    public private(set) var guestRoot: UInt64 = 0
    private var nextHostPage: UInt64 = 1
    private var nextGuestPage: UInt64 = 1

    public enum Fault: Error, Equatable, Sendable {
        case guestNotPresent(level: Int)
        case nestedNotPresent(level: Int, guestPhysical: UInt64)
    }

    /// What each memory reference of a walk read.
    public enum Reference: Equatable, Sendable {
        /// An entry of the nested table, while translating `guestPhysical` (level 1 is the root).
        case nested(level: Int, guestPhysical: UInt64)
        /// An entry of the guest table at `level` (level 1 is the root).
        case guest(level: Int)
    }

    public struct Walk: Sendable {
        public var hostPhysical: UInt64
        public var references: [Reference]
        public var count: Int { references.count }
    }

    /// Empty tables: a guest root table page and a nested root table page.
    public init(guestLevels: Int, nestedLevels: Int) {
        precondition((1...5).contains(guestLevels) && (1...5).contains(nestedLevels), "1 to 5 levels")
        self.guestLevels = guestLevels
        self.nestedLevels = nestedLevels
        nestedRoot = allocateHostPage()
        guestRoot = allocateGuestPage()
    }

    static func index(_ address: UInt64, level: Int, of levels: Int) -> UInt64 {
        let shift = UInt64(pageShift + indexBits * (levels - level))
        return (address >> shift) & ((1 << UInt64(indexBits)) - 1)
    }

    static var pageMask: UInt64 { (1 << UInt64(pageShift)) - 1 }

    private mutating func allocateHostPage() -> UInt64 {
        defer { nextHostPage += 1 }
        return nextHostPage << UInt64(Self.pageShift)
    }

    /// A new guest-physical page, backed by a new host page through the nested table.
    private mutating func allocateGuestPage() -> UInt64 {
        let gpa = nextGuestPage << UInt64(Self.pageShift)
        nextGuestPage += 1
        mapNested(guestPhysical: gpa, hostPhysical: allocateHostPage())
        return gpa
    }

    /// Installs gpa → hpa (page granular) in the nested table, creating nested table pages.
    public mutating func mapNested(guestPhysical gpa: UInt64, hostPhysical hpa: UInt64) {
        var table = nestedRoot
        for level in 1...nestedLevels {
            let slot = table + Self.index(gpa, level: level, of: nestedLevels) * Self.entrySize
            if level == nestedLevels {
                memory[slot] = (hpa & Self.frameMask) | Self.present
            } else {
                if memory[slot, default: 0] & Self.present == 0 { memory[slot] = allocateHostPage() | Self.present }
                table = memory[slot]! & Self.frameMask
            }
        }
    }

    /// Installs gva → gpa in the guest table; guest table pages are new guest-physical pages
    /// (each backed through the nested table). Writes go straight to host memory (the builder
    /// is not the walker: these are not counted).
    public mutating func mapGuest(guestVirtual gva: UInt64, guestPhysical gpa: UInt64) {
        var table = guestRoot
        for level in 1...guestLevels {
            let tableHost = try! translateQuietly(table)
            let slot = tableHost + Self.index(gva, level: level, of: guestLevels) * Self.entrySize
            if level == guestLevels {
                memory[slot] = (gpa & Self.frameMask) | Self.present
            } else {
                if memory[slot, default: 0] & Self.present == 0 { memory[slot] = allocateGuestPage() | Self.present }
                table = memory[slot]! & Self.frameMask
            }
        }
    }

    /// A guest-physical page backed by a fresh host page, for data.
    public mutating func newDataPage() -> (guestPhysical: UInt64, hostPhysical: UInt64) {
        let gpa = nextGuestPage << UInt64(Self.pageShift)
        nextGuestPage += 1
        let hpa = allocateHostPage()
        mapNested(guestPhysical: gpa, hostPhysical: hpa)
        return (gpa, hpa)
    }

    private func translateQuietly(_ gpa: UInt64) throws(Fault) -> UInt64 {
        var refs: [Reference] = []
        return try nestedTranslate(gpa, &refs)
    }

    /// The m-level nested walk: one reference per level.
    private func nestedTranslate(_ gpa: UInt64, _ refs: inout [Reference]) throws(Fault) -> UInt64 {
        var table = nestedRoot
        for level in 1...nestedLevels {
            let entry = memory[table + Self.index(gpa, level: level, of: nestedLevels) * Self.entrySize, default: 0]
            refs.append(.nested(level: level, guestPhysical: gpa & ~Self.pageMask))
            guard entry & Self.present != 0 else { throw .nestedNotPresent(level: level, guestPhysical: gpa) }
            table = entry & Self.frameMask
        }
        return table | (gpa & Self.pageMask)
    }

    /// The two-dimensional walk of a TLB miss on `gva`: for each guest level, a nested walk to
    /// find the guest table page, then the read of the guest entry; finally a nested walk of the
    /// data page's guest-physical address.
    public func walk(_ gva: UInt64) throws(Fault) -> Walk {
        var refs: [Reference] = []
        var table = guestRoot
        for level in 1...guestLevels {
            let tableHost = try nestedTranslate(table, &refs)
            let entry = memory[tableHost + Self.index(gva, level: level, of: guestLevels) * Self.entrySize, default: 0]
            refs.append(.guest(level: level))
            guard entry & Self.present != 0 else { throw .guestNotPresent(level: level) }
            table = entry & Self.frameMask
        }
        let hpa = try nestedTranslate(table | (gva & Self.pageMask), &refs)
        return Walk(hostPhysical: hpa, references: refs)
    }
}
