/// Memory references of a TLB miss under two-dimensional (nested) paging: each of the guest's
/// n table levels is a guest-physical address that the m-level nested walk must translate
/// (m references) before it can be read (1), and the final guest-physical address needs one
/// more nested walk: n(m + 1) + m. Seed 003: 4-level guest and 4-level nested tables give 24.
public enum WalkCost {
    public static func nestedWalkReferences(guestLevels n: Int, nestedLevels m: Int) -> Int { n * (m + 1) + m }
}
