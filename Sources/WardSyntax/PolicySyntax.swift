/// Access-matrix policy declarations (README, "Policies"): sugar that the elaborator lowers to
/// ordinary enums, fields, init statements, commands and invariants, plus a description of the
/// policy's structure (WardIR `PolicyInfo`) that the policy analyses read.

/// `subjects` or `objects`: the rows and the columns of the matrix.
public enum PolicySort: String, Sendable {
    case subject, object
    /// The enum a sort declares.
    public var enumName: String { self == .subject ? "Subject" : "Object" }
}

/// A name as written, with where.
public struct PolicyName: Sendable {
    public var name: String
    public var location: SourceLocation
    public init(_ name: String, _ location: SourceLocation) { self.name = name; self.location = location }
}

/// One cell of a `matrix` row or an `authority` bound: `M1 {read, write}`, `* {read}`.
public struct PolicyCell: Sendable {
    /// nil for `*` (every object).
    public var object: PolicyName?
    public var rights: ExprSyntax
    public var location: SourceLocation
}

/// `G1: M1 {read, write, own}, Svc {call}`.
public struct PolicyRow: Sendable {
    public var subject: PolicyName
    public var cells: [PolicyCell]
}

public enum PolicyDeclaration: Sendable {
    /// `subjects [unbounded] { H, G1 } [spare { N1, N2 }]`: the enum `Subject` (or `Object`);
    /// spare cases are slots that `create` may bring to life. `unbounded`: proofs may treat the
    /// sort as open (any number of further values; WardIR `EnumType.unbounded`).
    case sort(PolicySort, cases: [String], spare: [String], unbounded: Bool, location: SourceLocation)
    /// `rights { read, write }`: cases of the enum `Right`.
    case rights([String], location: SourceLocation)
    /// `capability call [transferable] [minted by c1, c2]`: a right that is an unforgeable token.
    case capability(name: String, transferable: Bool, mintedBy: [PolicyName], location: SourceLocation)
    /// `matrix A { G1: M1 {read} ... }`: the access matrix field and its initial cells.
    case matrix(name: String, rows: [PolicyRow], location: SourceLocation)
    /// `domain guest1 [trusted] { G1, M1 }`.
    case domain(name: String, trusted: Bool, members: [PolicyName], location: SourceLocation)
    /// `service S_map(caller) { command ... }`: the commands (parsed as separate members) that
    /// `subject` performs on behalf of the subject passed in parameter `caller`.
    case service(subject: PolicyName, caller: String, commands: [String], location: SourceLocation)
    /// `isolation NAME: d1, d2, ...`: no subject of one listed domain holds a right on an object of another.
    case isolation(name: String, domains: [PolicyName], location: SourceLocation)
    /// `safety NAME: never r in A[s][o]`: HRU safety of right r for one cell.
    case safety(name: String, right: PolicyName, matrix: PolicyName, subject: PolicyName, object: PolicyName,
                location: SourceLocation)
    /// `confinement NAME: d`: only subjects of d and of trusted domains ever hold rights on d's objects.
    case confinement(name: String, domain: PolicyName, location: SourceLocation)
    /// `authority NAME: G1 { M1 {read}, * {} }`: subject G1 never holds more than these rights.
    case authority(name: String, subject: PolicyName, cells: [PolicyCell], location: SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .sort(_, _, _, _, let l), .rights(_, let l), .capability(_, _, _, let l), .matrix(_, _, let l),
             .domain(_, _, _, let l), .service(_, _, _, let l), .isolation(_, _, let l),
             .safety(_, _, _, _, _, let l), .confinement(_, _, let l), .authority(_, _, _, let l): l
        }
    }

    /// The name a declaration is known by, for duplicate checks and `override` (an importing file
    /// may write `override capability send transferable`, or `override objects { ... }`).
    public var name: String? {
        switch self {
        case .isolation(let n, _, _), .safety(let n, _, _, _, _, _), .confinement(let n, _, _),
             .authority(let n, _, _, _), .domain(let n, _, _, _), .matrix(let n, _, _), .capability(let n, _, _, _): n
        case .sort(let sort, _, _, _, _): sort == .subject ? "subjects" : "objects"
        case .rights: "rights"
        case .service: nil
        }
    }
}

/// The primitive operations of HRU commands (Harrison, Ruzzo & Ullman 1976).
public enum PolicyOperation: Sendable {
    /// `enter RIGHTS into A[s][o]`
    case enter(rights: ExprSyntax, cell: ExprSyntax)
    /// `delete RIGHTS from A[s][o]`
    case delete(rights: ExprSyntax, cell: ExprSyntax)
    /// `create subject s` / `create object o`: the slot named by the parameter comes alive.
    case create(PolicySort, String)
    /// `destroy subject s` / `destroy object o`: the slot dies and its row (column) is cleared.
    case destroy(PolicySort, String)
}
