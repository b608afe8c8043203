/// Tokens of the Ward language. Keywords are identifiers the parser recognises in context,
/// so that field names such as `map` or `user` stay usable where no keyword is expected.
public enum TokenKind: Equatable, Sendable {
    case identifier(String)
    case integer(UInt64)
    case string(String)
    case symbol(String)
    case eof
}

public struct Token: Sendable {
    public var kind: TokenKind
    public var offset: Int
    public var length: Int
    /// True when no whitespace or comment separates this token from the previous one
    /// (so `>` `>` can be read as a shift but `map<K, map<K, V>>` still closes twice).
    public var adjacent: Bool
}
