/// The syntax tree, as written. Names are unresolved; the elaborator (WardIR) checks and lowers it.

public indirect enum TypeSyntax: Sendable {
    case bool(SourceLocation)
    case bits(ExprSyntax, SourceLocation)
    case named(String, SourceLocation)
    case map(TypeSyntax, TypeSyntax, SourceLocation)
    case set(TypeSyntax, SourceLocation)
    /// `{ supervisor, user }` in a field declaration: an enum named after the field.
    case inlineEnum([String], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .bool(let l), .bits(_, let l), .named(_, let l), .map(_, _, let l), .set(_, let l), .inlineEnum(_, let l): l
        }
    }
}

public final class ExprSyntax: Sendable {
    public enum Kind: Sendable {
        case integer(UInt64)
        case boolean(Bool)
        case name(String)
        case member(ExprSyntax, String)               // Enum.Case
        case index(ExprSyntax, ExprSyntax)            // m[k]
        case slice(ExprSyntax, ExprSyntax, ExprSyntax) // x[hi:lo]
        case unary(String, ExprSyntax)
        case binary(String, ExprSyntax, ExprSyntax)
        case call(String, [ExprSyntax])
        case ite(ExprSyntax, ExprSyntax, ExprSyntax)
        case setLiteral([ExprSyntax])
        case quantifier(forall: Bool, [(String, TypeSyntax)], ExprSyntax)
    }
    public let kind: Kind
    public let location: SourceLocation
    /// Height of the tree rooted here (a leaf is 1); the parser bounds it (`Parser.maxNesting`) so
    /// that every recursive pass over the tree, down to its deallocation, stays within the stack.
    public let depth: Int
    public init(_ kind: Kind, _ location: SourceLocation) {
        self.kind = kind; self.location = location
        switch kind {
        case .integer, .boolean, .name: depth = 1
        case .member(let a, _), .unary(_, let a), .quantifier(_, _, let a): depth = a.depth + 1
        case .index(let a, let b), .binary(_, let a, let b): depth = max(a.depth, b.depth) + 1
        case .slice(let a, let b, let c), .ite(let a, let b, let c): depth = max(a.depth, b.depth, c.depth) + 1
        case .call(_, let xs), .setLiteral(let xs): depth = (xs.map(\.depth).max() ?? 0) + 1
        }
    }
}

public enum ForRange: Sendable {
    case numeric(ExprSyntax, ExprSyntax)   // lo ..< hi (half-open, as `0..4`)
    case type(TypeSyntax)                  // every value of a finite type
}

public indirect enum StmtSyntax: Sendable {
    case letBinding(String, ExprSyntax, SourceLocation)
    case assign(ExprSyntax, ExprSyntax, SourceLocation)
    case ifElse(ExprSyntax, [StmtSyntax], [StmtSyntax]?, SourceLocation)
    case forLoop(String, ForRange, [StmtSyntax], SourceLocation)
    case trap(String, SourceLocation)
    case require(ExprSyntax, SourceLocation)
    /// `forall p: T [when c] { m[..][p] = e; if ... }`: a simultaneous update of every place the
    /// bound variable indexes, without unrolling (Z3: an array lambda; the emulator: a loop).
    case parallel(String, TypeSyntax, ExprSyntax?, [StmtSyntax], SourceLocation)
    /// `enter`, `delete`, `create`, `destroy`: an access-matrix operation (PolicySyntax.swift).
    case policyOperation(PolicyOperation, SourceLocation)
    /// A call of a procedure-like action body is not supported; `call` statements are reserved.
}

public enum FieldRole: String, Sendable {
    case plain = "var", mode, protected, visible
}

public struct Parameter: Sendable {
    public var name: String
    public var type: TypeSyntax
    public var location: SourceLocation
    public init(name: String, type: TypeSyntax, location: SourceLocation) {
        self.name = name; self.type = type; self.location = location
    }
}

/// `interrupt` declares an interrupt line: taken only between instructions, when its guard holds.
public enum ActionKind: String, Sendable { case action, instruction, command, hypercall, interrupt }

/// `invariant` and `property` must hold in every reachable state; `reachable` names a state the
/// model must be able to reach (a cover: without one, an invariant about it may hold vacuously).
public enum PropertyKind: String, Sendable { case invariant, property, reachable }

public enum Declaration: Sendable {
    case constant(name: String, value: ExprSyntax, isWidth: Bool, location: SourceLocation)
    case enumeration(name: String, cases: [String], location: SourceLocation)
    case typeAlias(name: String, type: TypeSyntax, location: SourceLocation)
    /// `mode M : {supervisor, user}` or `mode CPL : bits<2> { supervisor = 0, user = 3 }`.
    /// `protected(relocation) L : bits<W>`: the tag says what kind of protected resource it is.
    case field(role: FieldRole, tag: String?, name: String, type: TypeSyntax, initial: ExprSyntax?,
               modeValues: [(String, ExprSyntax)], location: SourceLocation)
    case initBlock([StmtSyntax], SourceLocation)
    case action(kind: ActionKind, name: String, params: [Parameter], guardExpr: ExprSyntax?,
                body: [StmtSyntax], location: SourceLocation)
    case function(name: String, params: [Parameter], result: TypeSyntax, body: ExprSyntax, location: SourceLocation)
    case property(kind: PropertyKind, name: String, expr: ExprSyntax, location: SourceLocation)
    case deprivileged([StmtSyntax], SourceLocation)
    /// Access-matrix sugar (PolicySyntax.swift), lowered by the elaborator.
    case policy(PolicyDeclaration)

    public var location: SourceLocation {
        switch self {
        case .constant(_, _, _, let l), .enumeration(_, _, let l), .typeAlias(_, _, let l),
             .field(_, _, _, _, _, _, let l), .initBlock(_, let l), .action(_, _, _, _, _, let l),
             .function(_, _, _, _, let l), .property(_, _, _, let l), .deprivileged(_, let l): l
        case .policy(let p): p.location
        }
    }

    /// The declared name, for the ones that declare a name.
    public var name: String? {
        switch self {
        case .constant(let n, _, _, _), .enumeration(let n, _, _), .typeAlias(let n, _, _),
             .field(_, _, let n, _, _, _, _), .action(_, let n, _, _, _, _), .function(let n, _, _, _, _),
             .property(_, let n, _, _): n
        case .initBlock, .deprivileged: nil
        case .policy(let p): p.name
        }
    }
}

public struct MemberDeclaration: Sendable {
    public var declaration: Declaration
    /// `override` replaces the imported declaration of the same name.
    public var isOverride: Bool
    public init(declaration: Declaration, isOverride: Bool) { self.declaration = declaration; self.isOverride = isOverride }
}

public enum ModelKind: String, Sendable { case model, isa, policy, platform }

public struct ModelSyntax: Sendable {
    public var kind: ModelKind
    public var name: String
    public var members: [MemberDeclaration]
    public var location: SourceLocation
}

public struct ImportSyntax: Sendable {
    public var path: String
    public var location: SourceLocation
}

public struct FileSyntax: Sendable {
    public var path: String
    public var imports: [ImportSyntax]
    public var model: ModelSyntax
}
