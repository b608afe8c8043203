/// IR types. Every value of a scalar type is carried as a UInt64 by the concrete engine and as a
/// bit-vector (or bool) by the SMT engine: enums by ordinal, sets of an enum as one bit per case.

public final class EnumType: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let cases: [String]
    /// Declared open (`subjects unbounded { ... }`): the cases are the named values of a sort that
    /// may hold any number of further values. The concrete engine and BMC use the named cases;
    /// the SMT encoder's parametric mode encodes the sort as uninterpreted, so a proof there holds
    /// for any number of values.
    public let unbounded: Bool
    public init(name: String, cases: [String], unbounded: Bool = false) {
        self.name = name; self.cases = cases; self.unbounded = unbounded
    }
    public static func == (a: EnumType, b: EnumType) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }
    public var description: String { name }
    /// Bits used to encode an ordinal (at least one).
    public var bitWidth: Int { max(1, Int.bitWidth - (cases.count - 1).leadingZeroBitCount) }
}

public indirect enum IRType: Hashable, Sendable, CustomStringConvertible {
    case bool
    case bits(Int)
    case enumeration(EnumType)
    case set(EnumType)
    case map(key: IRType, value: IRType)

    public var description: String {
        switch self {
        case .bool: "bool"
        case .bits(let n): "bits<\(n)>"
        case .enumeration(let e): e.name
        case .set(let e): "set<\(e.name)>"
        case .map(let k, let v): "map<\(k), \(v)>"
        }
    }

    public var isScalar: Bool { if case .map = self { false } else { true } }

    /// Width of the scalar's encoding (bool 1, bits n, enum ⌈log2 cases⌉, set one bit per case).
    public var bitWidth: Int {
        switch self {
        case .bool: 1
        case .bits(let n): n
        case .enumeration(let e): e.bitWidth
        case .set(let e): e.cases.count
        case .map: 0
        }
    }

    /// Number of values of a scalar type, nil when it exceeds 2^62 (for enumeration budgets).
    public var cardinality: UInt64? {
        switch self {
        case .bool: 2
        case .bits(let n): n < 62 ? UInt64(1) << UInt64(n) : nil
        case .enumeration(let e): UInt64(e.cases.count)
        case .set(let e): e.cases.count < 62 ? UInt64(1) << UInt64(e.cases.count) : nil
        case .map: nil
        }
    }

    /// Mask of the low bits that a scalar value may occupy.
    public var mask: UInt64 { let w = bitWidth; return w >= 64 ? ~0 : (UInt64(1) << UInt64(w)) - 1 }
}
