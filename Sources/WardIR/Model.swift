import WardSyntax

/// A lowered model: a typed transition system with roles for the ISA analyses.
public struct Field: Sendable {
    public var name: String
    public var type: IRType
    public var role: FieldRole
    /// What kind of state this is: `relocation`/`bound` (protected; location sensitivity), `pc` (visible).
    public var tag: String?
    /// Initial value (every element, for a map); nil means the field starts arbitrary.
    public var initial: Expr?
    public var location: SourceLocation
}

public struct Param: Sendable {
    public var name: String
    public var type: IRType
}

public struct Action: Sendable {
    public var name: String
    public var kind: ActionKind
    public var params: [Param]
    public var body: [Stmt]
    public var localCount: Int
    public var location: SourceLocation
}

public struct Property: Sendable {
    public var name: String
    public var kind: PropertyKind
    public var expr: Expr
    public var localCount: Int
    public var location: SourceLocation
}

/// The mode field of an ISA and the values that mean supervisor and user.
public struct ModeSpec: Sendable {
    public var field: Int
    public var supervisor: UInt64
    public var user: UInt64
}

public struct Model: Sendable {
    public var name: String
    public var kind: ModelKind
    public var file: String
    public var enums: [EnumType]
    public var fields: [Field]
    public var actions: [Action]
    /// Runs after field initialisers; `require` there constrains the initial states.
    public var initBody: [Stmt]
    public var initLocalCount: Int
    public var invariants: [Property]   // state invariants: checked, and assumed as the valid states
    public var properties: [Property]   // checked only
    /// `reachable` predicates: states the model must be able to reach (obligations' `expect
    /// reachable` and `expect recoverable`); not assumed, not checked as invariants.
    public var reachables: [Property] = []
    public var deprivileged: [Stmt]     // what a VMM sets while a guest runs
    public var deprivilegedLocalCount: Int
    public var mode: ModeSpec?
    public var trapKinds: [String]
    public var constants: [String: UInt64]
    /// Names declared with `width` (the word widths an analysis may reduce).
    public var widthNames: [String] = []
    /// The structure of an access-matrix policy (Policy.swift), when the model declares one.
    public var policy: PolicyInfo? = nil
    /// Every file read to build the model (the model's own and its imports), for caching and reports.
    public var sourceFiles: [String]

    /// Invariants first, then properties: the order in which engines check and report them.
    public var checkedProperties: [Property] { invariants + properties }

    public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
    public func actionIndex(_ name: String) -> Int? { actions.firstIndex { $0.name == name } }
}
