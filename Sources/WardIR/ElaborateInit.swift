import WardSyntax

/// Conflicting initial assignments. An `init` block that gives one map element (or field) two
/// different constant values, unconditionally, describes no platform at all: a host page owned
/// by two guests, a device assigned to two guests. Later assignments would silently win, so the
/// elaborator reports the second one (with the first as a note) instead. Only constant places
/// and values are compared; a conditional or computed assignment may legitimately refine one.
struct InitWrites {
    struct Write { var value: UInt64; var location: SourceLocation }
    private var writes: [String: Write] = [:]

    /// `assigned[0]`: the place's name as the diagnostic shows it (keys as written by the IR).
    static func place(_ field: String, _ keys: [UInt64]) -> String {
        field + keys.map { "[\($0)]" }.joined()
    }

    /// Records `lv = value`; returns the earlier write when it set the same place to another value.
    mutating func record(_ lv: LValue, _ value: Expr, field: String, at loc: SourceLocation) -> (place: String, first: Write)? {
        guard lv.forEach == nil, case .constant(let v) = value.kind else { return nil }
        var keys: [UInt64] = []
        for k in lv.keys {
            guard case .constant(let c) = k.kind else { return nil }
            keys.append(c)
        }
        let place = Self.place(field, keys)
        if let first = writes[place], first.value != v { return (place, first) }
        writes[place] = Write(value: v, location: loc)
        return nil
    }
}
