/// Which state fields a piece of IR reads and writes. Analyses use it to confine enumeration
/// to the fields an instruction can observe or change.
public struct Footprint: Sendable {
    public var reads: Set<Int> = []
    public var writes: Set<Int> = []
    public init() {}

    public init(_ e: Expr) { add(e) }
    public init(_ stmts: [Stmt]) { add(stmts) }

    public var fields: Set<Int> { reads.union(writes) }

    public mutating func add(_ e: Expr) {
        switch e.kind {
        case .constant, .param, .local: break
        case .field(let i): reads.insert(i)
        case .index(let a, let b), .binary(_, let a, let b), .concat(let a, let b): add(a); add(b)
        case .unary(_, let a), .extract(_, _, let a), .zeroExtend(_, let a), .signExtend(_, let a): add(a)
        case .ite(let c, let a, let b): add(c); add(a); add(b)
        case .quantifier(_, _, _, let body): add(body)
        }
    }

    public mutating func add(_ stmts: [Stmt]) {
        for s in stmts {
            switch s {
            case .assign(let lv, let v):
                writes.insert(lv.field)
                // A map element write keeps the other elements: the map is read as well.
                if !lv.keys.isEmpty { reads.insert(lv.field) }
                lv.keys.forEach { add($0) }
                add(v)
            case .bind(_, let v): add(v)
            case .ifElse(let c, let t, let e): add(c); add(t); add(e)
            case .trap: break
            case .require(let c): add(c)
            }
        }
    }
}
