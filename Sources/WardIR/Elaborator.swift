import WardSyntax

/// Type checks a model's declarations and lowers them to the IR in one pass.
/// `for` loops are unrolled and functions inlined here, so both engines see only straight-line
/// statements, conditionals and finite quantifiers.
struct Elaborator {
    let file: String
    let constantOverrides: [String: UInt64]

    var constants: [String: UInt64] = [:]
    var enums: [String: EnumType] = [:]
    var enumOrder: [EnumType] = []
    var aliases: [String: IRType] = [:]
    var fields: [Field] = []
    var fieldIndex: [String: Int] = [:]
    var functions: [String: (params: [Parameter], result: TypeSyntax, body: ExprSyntax, location: SourceLocation)] = [:]
    var trapKinds: [String] = []
    var declared: [String: SourceLocation] = [:]
    /// Per-body state: the next free local slot and the inlining stack (for recursion errors).
    var nextLocal = 0
    /// The unconditional constant writes of the `init` block so far; nil outside it (ElaborateInit.swift).
    var initWrites: InitWrites?
    var inlining: [String] = []
    /// Access-matrix declarations being lowered (ElaboratePolicy.swift).
    var policy = PolicyContext()
    static let maxUnroll = 4096
    static let maxInlineDepth = 64
    /// Height of any IR expression, and of the elaborator's own recursion (functions inline, so
    /// a call nests its body inside its arguments); the parser allows as much per expression.
    public static let maxExprDepth = Parser.maxNesting
    /// IR nodes a model may lower to, after loops are unrolled and functions inlined (each
    /// expression tree counted as the engines visit it: a shared subtree once per use), unless
    /// the loader says otherwise (`ModelLoader.maxNodes`).
    public static let defaultMaxNodes = 1 << 20
    var maxNodes = Elaborator.defaultMaxNodes
    /// Maps nest at most this deep (`map<K1, map<K2, ...>>`, also through type aliases).
    public static let maxMapNesting = 16
    /// Work done so far (elaborated expressions and statements, and the size of each outermost
    /// expression) and the current recursion depth of `expr`.
    var nodes = 0
    var exprDepth = 0
    /// The outermost expression being elaborated: where a limit error points (not inside an
    /// inlined function's body, which is the same text for every call).
    var rootLocation: SourceLocation?

    init(file: String, constantOverrides: [String: UInt64]) {
        self.file = file; self.constantOverrides = constantOverrides
    }

    func fail(_ message: String, at loc: SourceLocation, notes: [String] = []) -> DiagnosticError {
        DiagnosticError(Diagnostic(message, at: loc, notes: notes))
    }

    mutating func declare(_ name: String, at loc: SourceLocation) throws(DiagnosticError) {
        if let first = declared[name] {
            throw fail("'\(name)' is declared twice", at: loc, notes: ["first declared at \(first)"])
        }
        declared[name] = loc
    }

    mutating func elaborate(kind: ModelKind, name: String, members: [MemberDeclaration],
                            location: SourceLocation) throws(DiagnosticError) -> Model {
        let decls = try desugarPolicy(members.map(\.declaration))
        // Pass 1: constants, enums, aliases and function signatures, in order of declaration.
        for d in decls {
            switch d {
            case .constant(let n, let value, _, let loc):
                try declare(n, at: loc)
                if let v = constantOverrides[n] { constants[n] = v } else { constants[n] = try evaluateConstant(value) }
            case .enumeration(let n, let cases, let loc):
                try declare(n, at: loc)
                try addEnum(n, cases: cases, at: loc)
            case .typeAlias(let n, let t, let loc):
                try declare(n, at: loc)
                aliases[n] = try resolveType(t)
            case .function(let n, let params, let result, let body, let loc):
                try declare(n, at: loc)
                functions[n] = (params, result, body, loc)
            default: break
            }
        }
        for key in constantOverrides.keys where constants[key] == nil {
            throw fail("no constant or width named '\(key)' to override in model '\(name)'", at: location)
        }
        // Pass 2: fields (initialisers may use constants and enum cases only).
        var mode: ModeSpec?
        for d in decls {
            guard case .field(let role, let tag, let n, let t, let initial, let modeValues, let loc) = d else { continue }
            try declare(n, at: loc)
            var type: IRType
            if case .inlineEnum(let cases, let eloc) = t {
                try addEnum(n, cases: cases, at: eloc)
                type = .enumeration(enums[n]!)
            } else {
                type = try resolveType(t)
            }
            var initExpr: Expr?
            if let initial {
                let leaf = Self.leafType(type)
                nextLocal = 0
                initExpr = try expr(initial, expected: leaf, scope: Scope(allowFields: false))
            }
            fieldIndex[n] = fields.count
            // Tags: `protected(relocation)` marks relocation/bounds registers (location sensitivity);
            // `visible(pc)` marks the program counter the emulator fetches by.
            // `protected(bound)` marks bounds registers: location-sensitive like relocation, but the
            // allocator keeps the guest's bound where it composes the guest's relocation base.
            switch (tag, role) {
            case (nil, _), ("relocation", .protected), ("bound", .protected), ("pc", .visible): break
            case ("relocation", _), ("bound", _): throw fail("only protected fields take the tag '\(tag!)'", at: loc)
            case ("pc", _): throw fail("only visible fields take the tag 'pc'", at: loc)
            default: throw fail("unknown field tag '\(tag!)'; the tags are 'relocation' and 'bound' (protected) and 'pc' (visible)", at: loc)
            }
            if tag == "pc", fields.contains(where: { $0.tag == "pc" }) { throw fail("only one field may be the program counter", at: loc) }
            fields.append(Field(name: n, type: type, role: role, tag: tag, initial: initExpr, location: loc))
            if role == .mode {
                if let existing = mode {
                    throw fail("an ISA has one mode field; '\(fields[existing.field].name)' is one already", at: loc)
                }
                mode = try modeSpec(field: fields.count - 1, type: type, values: modeValues, at: loc)
            }
        }
        // Pass 3: bodies.
        var actions: [Action] = []
        var initBody: [Stmt] = [], initLocals = 0
        var deprivileged: [Stmt] = [], deprivilegedLocals = 0
        var invariants: [Property] = [], properties: [Property] = [], reachables: [Property] = []
        for d in decls {
            switch d {
            case .action(let k, let n, let params, let guardExpr, let body, let loc):
                try declare(n, at: loc)
                nextLocal = 0
                var scope = Scope(allowFields: true)
                var irParams: [Param] = []
                for p in params {
                    let t = try resolveType(p.type)
                    guard t.isScalar else { throw fail("parameter '\(p.name)' must have a scalar type, not \(t)", at: p.location) }
                    if scope.names[p.name] != nil { throw fail("parameter '\(p.name)' is declared twice", at: p.location) }
                    scope.names[p.name] = .param(irParams.count, t)
                    irParams.append(Param(name: p.name, type: t))
                }
                var stmts: [Stmt] = []
                if let g = guardExpr { stmts += Self.requires(try expr(g, expected: .bool, scope: scope)) }
                policy.currentAction = n
                stmts += try block(body, scope: scope)
                stmts = try policyAction(n, params: irParams, body: body, stmts: stmts, at: loc)
                actions.append(Action(name: n, kind: k, params: irParams, body: stmts, localCount: nextLocal, location: loc))
            case .initBlock(let body, _):
                nextLocal = initLocals
                initWrites = initWrites ?? InitWrites()
                initBody += try block(body, scope: Scope(allowFields: true))
                initWrites = nil
                initLocals = nextLocal
            case .deprivileged(let body, _):
                nextLocal = deprivilegedLocals
                deprivileged += try block(body, scope: Scope(allowFields: true))
                deprivilegedLocals = nextLocal
            case .property(let k, let n, let e, let loc):
                try declare(n, at: loc)
                nextLocal = 0
                let ir = try expr(e, expected: .bool, scope: Scope(allowFields: true))
                let p = Property(name: n, kind: k, expr: ir, localCount: nextLocal, location: loc)
                switch k {
                case .invariant: invariants.append(p)
                case .property: properties.append(p)
                case .reachable: reachables.append(p)
                }
            default: break
            }
        }
        var model = Model(name: name, kind: kind, file: file, enums: enumOrder, fields: fields, actions: actions,
                          initBody: initBody, initLocalCount: initLocals, invariants: invariants, properties: properties,
                          deprivileged: deprivileged, deprivilegedLocalCount: deprivilegedLocals, mode: mode,
                          trapKinds: trapKinds, constants: constants, sourceFiles: [file])
        model.reachables = reachables
        for d in decls { if case .constant(let n, _, true, _) = d { model.widthNames.append(n) } }
        if policy.active { model.policy = try resolvePolicy(model, location: location) }
        if kind == .isa { try checkISA(&model, decls: decls, location: location) }
        return model
    }

    static func leafType(_ t: IRType) -> IRType {
        if case .map(_, let v) = t { return leafType(v) }
        return t
    }

    mutating func addEnum(_ name: String, cases: [String], at loc: SourceLocation) throws(DiagnosticError) {
        guard !cases.isEmpty else { throw fail("enum '\(name)' has no cases", at: loc) }
        var seen = Set<String>()
        for c in cases where !seen.insert(c).inserted { throw fail("enum '\(name)' lists '\(c)' twice", at: loc) }
        let e = EnumType(name: name, cases: cases, unbounded: policy.unboundedEnums.contains(name))
        enums[name] = e
        enumOrder.append(e)
    }

    mutating func modeSpec(field: Int, type: IRType, values: [(String, ExprSyntax)],
                           at loc: SourceLocation) throws(DiagnosticError) -> ModeSpec {
        var sup: UInt64?, usr: UInt64?
        if case .enumeration(let e) = type, values.isEmpty {
            sup = e.cases.firstIndex(of: "supervisor").map(UInt64.init)
            usr = e.cases.firstIndex(of: "user").map(UInt64.init)
        }
        for (key, value) in values {
            nextLocal = 0
            let v = try expr(value, expected: type, scope: Scope(allowFields: false))
            guard let c = v.constantValue else { throw fail("the \(key) mode value must be a constant", at: value.location) }
            switch key {
            case "supervisor": sup = c
            case "user": usr = c
            default: throw fail("unknown mode value '\(key)'; expected 'supervisor' or 'user'", at: value.location)
            }
        }
        guard let s = sup, let u = usr else {
            throw fail("the mode field needs a supervisor and a user value", at: loc, notes: [
                "write 'mode M : { supervisor, user }' or 'mode CPL : bits<2> { supervisor = 0, user = 3 }'",
            ])
        }
        if s == u { throw fail("the supervisor and user mode values must differ", at: loc) }
        return ModeSpec(field: field, supervisor: s, user: u)
    }

    /// Well-formedness of an ISA: roles on every field, one mode, a deprivileged configuration
    /// that sets only protected state or the mode.
    func checkISA(_ model: inout Model, decls: [Declaration], location: SourceLocation) throws(DiagnosticError) {
        for f in model.fields where f.role == .plain {
            throw fail("field '\(f.name)' of an isa needs a role: mode, protected or visible", at: f.location)
        }
        guard model.mode != nil else {
            throw fail("isa '\(model.name)' declares no mode field", at: location,
                       notes: ["add for example 'mode M : { supervisor, user }'"])
        }
        for d in decls {
            guard case .deprivileged(let body, _) = d else { continue }
            for s in body {
                guard case .assign(let target, _, let loc) = s else {
                    throw fail("a deprivileged block holds assignments only", at: Self.location(of: s))
                }
                var root = target
                while case .index(let b, _) = root.kind { root = b }
                if case .name(let n) = root.kind, let i = fieldIndex[n], model.fields[i].role == .visible {
                    throw fail("deprivileged sets visible field '\(n)'; a VMM may only configure protected state and the mode",
                               at: loc)
                }
            }
        }
        if model.deprivileged.isEmpty {
            throw fail("isa '\(model.name)' has no deprivileged configuration", at: location,
                       notes: ["add for example 'deprivileged { M = user }'"])
        }
    }

    static func location(of s: StmtSyntax) -> SourceLocation {
        switch s {
        case .letBinding(_, _, let l), .assign(_, _, let l), .ifElse(_, _, _, let l), .forLoop(_, _, _, let l),
             .trap(_, let l), .require(_, let l), .parallel(_, _, _, _, let l), .policyOperation(_, let l): l
        }
    }

    // MARK: types

    mutating func resolveType(_ t: TypeSyntax) throws(DiagnosticError) -> IRType {
        switch t {
        case .bool: return .bool
        case .bits(let w, let loc):
            let n = try evaluateConstant(w)
            guard n >= 1, n <= 64 else { throw fail("bit-vector width must be between 1 and 64, not \(n)", at: loc) }
            return .bits(Int(n))
        case .named(let n, let loc):
            if let a = aliases[n] { return a }
            if let e = enums[n] { return .enumeration(e) }
            throw fail("unknown type '\(n)'", at: loc, notes: Self.suggestion(n, Array(aliases.keys) + Array(enums.keys)))
        case .map(let k, let v, let loc):
            let key = try resolveType(k)
            guard key.isScalar else { throw fail("map keys must be scalar (bool, bits<N>, an enum or a set)", at: loc) }
            let value = try resolveType(v)
            guard Self.mapNesting(value) < Self.maxMapNesting else {
                throw fail("maps nest more than \(Self.maxMapNesting) deep", at: loc,
                           notes: ["index one map by a pair of keys (concat them) instead of nesting maps"])
            }
            return .map(key: key, value: value)
        case .set(let e, let loc):
            guard case .enumeration(let en) = try resolveType(e) else { throw fail("set<...> takes an enum type", at: loc) }
            guard en.cases.count <= 64 else { throw fail("a set's enum may have at most 64 cases", at: loc) }
            return .set(en)
        case .inlineEnum(_, let loc):
            throw fail("an inline enum '{ ... }' may only be the type of a mode field", at: loc)
        }
    }

    static func mapNesting(_ t: IRType) -> Int {
        var n = 0, t = t
        while case .map(_, let v) = t { n += 1; t = v }
        return n
    }

    static func suggestion(_ name: String, _ candidates: [String]) -> [String] {
        func distance(_ a: String, _ b: String) -> Int {
            let a = Array(a.lowercased()), b = Array(b.lowercased())
            var row = Array(0...b.count)
            for i in 1...max(1, a.count) where !a.isEmpty {
                var prev = row[0]; row[0] = i
                for j in stride(from: 1, through: b.count, by: 1) {
                    let tmp = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                    prev = tmp
                }
            }
            return row[b.count]
        }
        let best = candidates.map { ($0, distance(name, $0)) }.filter { $0.1 <= max(1, name.count / 3) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.first
        return best.map { ["did you mean '\($0.0)'?"] } ?? []
    }
}
