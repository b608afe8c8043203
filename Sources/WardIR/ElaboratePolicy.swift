import WardSyntax

/// What the elaborator knows about a policy while it lowers one (the sugar of PolicySyntax.swift).
struct PolicyContext {
    var active = false
    var unboundedEnums: Set<String> = []
    var matrixName = "A"
    var sortCases: [PolicySort: (named: [String], spare: [String])] = [:]
    var rightNames: [String] = []
    var capabilities: [(name: String, transferable: Bool, minters: [PolicyName], location: SourceLocation)] = []
    var domains: [(name: String, trusted: Bool, members: [PolicyName], location: SourceLocation)] = []
    var services: [(subject: PolicyName, caller: String, commands: [String], location: SourceLocation)] = []
    var safety: [(property: String, right: PolicyName, subject: PolicyName, object: PolicyName)] = []
    /// The `alive_subject` / `alive_object` field names, for sorts whose slots can be created.
    var aliveField: [PolicySort: String] = [:]
    /// The action being lowered (nil in init blocks).
    var currentAction: String?
    /// Per action: the matrix operations it performs, in order.
    var operations: [String: [PolicyInfo.Operation]] = [:]
    /// Per action: whether its body holds only `require`s and matrix operations.
    var plainBodies: [String: Bool] = [:]
}

extension Elaborator {
    // MARK: syntax builders

    private static func name(_ n: String, _ l: SourceLocation) -> ExprSyntax { ExprSyntax(.name(n), l) }
    private static func member(_ e: String, _ c: PolicyName) -> ExprSyntax {
        ExprSyntax(.member(name(e, c.location), c.name), c.location)
    }
    private static func binary(_ op: String, _ a: ExprSyntax, _ b: ExprSyntax, _ l: SourceLocation) -> ExprSyntax {
        ExprSyntax(.binary(op, a, b), l)
    }
    private static func cell(_ m: String, _ s: ExprSyntax, _ o: ExprSyntax, _ l: SourceLocation) -> ExprSyntax {
        ExprSyntax(.index(ExprSyntax(.index(name(m, l), s), l), o), l)
    }
    /// A balanced disjunction (so that long member lists do not make deep trees); false when empty.
    private static func any(_ xs: [ExprSyntax], _ l: SourceLocation) -> ExprSyntax {
        if xs.isEmpty { return ExprSyntax(.boolean(false), l) }
        if xs.count == 1 { return xs[0] }
        let mid = xs.count / 2
        return binary("||", any(Array(xs[..<mid]), l), any(Array(xs[mid...]), l), l)
    }
    /// `x == Sort.a || x == Sort.b ...`
    private static func isOneOf(_ x: String, _ sort: PolicySort, _ members: [PolicyName], _ l: SourceLocation) -> ExprSyntax {
        any(members.map { binary("==", name(x, l), member(sort.enumName, $0), l) }, l)
    }
    /// A right written alone (`read`) stands for the set holding it.
    static func rightsSet(_ r: ExprSyntax) -> ExprSyntax {
        switch r.kind {
        case .name, .member: ExprSyntax(.setLiteral([r]), r.location)
        default: r
        }
    }

    // MARK: desugaring

    /// Replaces the policy declarations by the enums, fields, init blocks, commands and
    /// invariants they mean, and records the policy's structure for `resolvePolicy`.
    mutating func desugarPolicy(_ decls: [Declaration]) throws(DiagnosticError) -> [Declaration] {
        let policyDecls = decls.compactMap { d -> PolicyDeclaration? in if case .policy(let p) = d { p } else { nil } }
        guard let first = policyDecls.first else { return decls }
        policy.active = true
        // Pass 1: what the policy declares.
        var sortLocations: [PolicySort: SourceLocation] = [:]
        var rightsLocation: SourceLocation?
        var matrixDeclared: SourceLocation?
        for p in policyDecls {
            switch p {
            case .sort(let sort, let cases, let spare, let unbounded, let loc):
                if let prev = sortLocations[sort] {
                    throw fail("the \(sort.rawValue)s are declared twice", at: loc, notes: ["first declared at \(prev)"])
                }
                sortLocations[sort] = loc
                policy.sortCases[sort] = (cases, spare)
                if unbounded { policy.unboundedEnums.insert(sort.enumName) }
            case .rights(let names, let loc):
                if let prev = rightsLocation { throw fail("the rights are declared twice", at: loc, notes: ["first declared at \(prev)"]) }
                rightsLocation = loc
                policy.rightNames = names
            case .capability(let n, let transferable, let minters, let loc):
                policy.capabilities.append((n, transferable, minters, loc))
            case .matrix(let n, _, let loc):
                if let prev = matrixDeclared { throw fail("a policy has one matrix", at: loc, notes: ["first declared at \(prev)"]) }
                matrixDeclared = loc
                policy.matrixName = n
            case .domain(let n, let trusted, let members, let loc):
                if let prev = policy.domains.first(where: { $0.name == n }) {
                    throw fail("domain '\(n)' is declared twice", at: loc, notes: ["first declared at \(prev.location)"])
                }
                policy.domains.append((n, trusted, members, loc))
            case .service(let s, let caller, let commands, let loc):
                policy.services.append((s, caller, commands, loc))
            case .safety(let n, let r, _, let s, let o, _):
                policy.safety.append((n, r, s, o))
            case .isolation, .confinement, .authority:
                break
            }
        }
        guard sortLocations[.subject] != nil, sortLocations[.object] != nil, rightsLocation != nil || !policy.capabilities.isEmpty else {
            throw fail("a policy declares its subjects, objects and rights", at: first.location, notes: [
                "for example: subjects { H, G1 }  objects { M1 }  rights { read, write }",
            ])
        }
        for c in policy.capabilities where policy.rightNames.contains(c.name) {
            throw fail("'\(c.name)' is declared both as a right and as a capability", at: c.location)
        }
        // Sorts whose slots can come alive or die need an `alive` field.
        var lifecycle = Set<String>()
        func scan(_ stmts: [StmtSyntax]) {
            for s in stmts {
                switch s {
                case .policyOperation(.create(let sort, _), _), .policyOperation(.destroy(let sort, _), _): lifecycle.insert(sort.rawValue)
                case .ifElse(_, let t, let e, _): scan(t); scan(e ?? [])
                case .forLoop(_, _, let b, _), .parallel(_, _, _, let b, _): scan(b)
                default: break
                }
            }
        }
        for d in decls { if case .action(_, _, _, _, let body, _) = d { scan(body) } }
        for sort in [PolicySort.subject, .object] where !(policy.sortCases[sort]?.spare.isEmpty ?? true) || lifecycle.contains(sort.rawValue) {
            policy.aliveField[sort] = "alive_\(sort.rawValue)"
        }

        // Pass 2: the plain declarations, in place.
        let m = policy.matrixName
        var out: [Declaration] = []
        if policyDecls.contains(where: { if case .isolation = $0 { true } else { false } }) {
            out.append(.enumeration(name: Self.domainEnum, cases: ["__none"] + policy.domains.map { "__d_" + $0.name }, location: first.location))
        }
        var emittedState = false
        var emittedRights = false
        let rightsEnum = policy.rightNames + policy.capabilities.map(\.name)
        for d in decls {
            guard case .policy(let p) = d else { out.append(d); continue }
            let loc = p.location
            if !emittedState {
                emittedState = true
                out += stateDeclarations(at: loc)
            }
            switch p {
            case .sort(let sort, let cases, let spare, _, let loc):
                out.append(.enumeration(name: sort.enumName, cases: cases + spare, location: loc))
            case .rights(_, let loc):
                emittedRights = true
                out.append(.enumeration(name: "Right", cases: rightsEnum, location: loc))
            case .capability(let n, let transferable, _, let loc):
                if rightsLocation == nil, !emittedRights {
                    emittedRights = true
                    out.append(.enumeration(name: "Right", cases: rightsEnum, location: loc))
                }
                if transferable {
                    // A transferable capability may be passed on by whoever holds it: HRU's grant.
                    let params = [Parameter(name: "from", type: .named("Subject", loc), location: loc),
                                  Parameter(name: "to", type: .named("Subject", loc), location: loc),
                                  Parameter(name: "o", type: .named("Object", loc), location: loc)]
                    let held = Self.binary("in", Self.name(n, loc), Self.cell(m, Self.name("from", loc), Self.name("o", loc), loc), loc)
                    let enter = StmtSyntax.policyOperation(
                        .enter(rights: Self.name(n, loc), cell: Self.cell(m, Self.name("to", loc), Self.name("o", loc), loc)), loc)
                    out.append(.action(kind: .command, name: "transfer_\(n)", params: params, guardExpr: held, body: [enter], location: loc))
                }
            case .matrix(_, let rows, let loc):
                var stmts: [StmtSyntax] = []
                for row in rows {
                    let s = Self.member("Subject", row.subject)
                    for c in row.cells {
                        let rights = Self.rightsSet(c.rights)
                        if let o = c.object {
                            stmts.append(.policyOperation(.enter(rights: rights, cell: Self.cell(m, s, Self.member("Object", o), c.location)), c.location))
                        } else {
                            let target = Self.cell(m, s, Self.name("o__", c.location), c.location)
                            let assign = StmtSyntax.assign(target, Self.binary("|", target, rights, c.location), c.location)
                            stmts.append(.parallel("o__", .named("Object", c.location), nil, [assign], c.location))
                        }
                    }
                }
                out.append(.initBlock(stmts, loc))
            case .domain, .service:
                break
            case .isolation(let n, let names, let loc):
                out.append(.property(kind: .invariant, name: n, expr: try isolationExpr(names, at: loc), location: loc))
            case .confinement(let n, let dn, let loc):
                out.append(.property(kind: .invariant, name: n, expr: try confinementExpr(dn, at: loc), location: loc))
            case .authority(let n, let subject, let cells, let loc):
                // forall o :: subset(A[S][o], if o == M1 then R1 else ... else R*)
                var bound: ExprSyntax = cells.first(where: { $0.object == nil }).map { Self.rightsSet($0.rights) }
                    ?? ExprSyntax(.setLiteral([]), loc)
                for c in cells.reversed() {
                    guard let o = c.object else { continue }
                    let test = Self.binary("==", Self.name("o__", loc), Self.member("Object", o), c.location)
                    bound = ExprSyntax(.ite(test, Self.rightsSet(c.rights), bound), c.location)
                }
                let held = Self.cell(m, Self.member("Subject", subject), Self.name("o__", loc), loc)
                let body = ExprSyntax(.call("subset", [held, bound]), loc)
                out.append(.property(kind: .invariant, name: n,
                                     expr: ExprSyntax(.quantifier(forall: true, [("o__", .named("Object", loc))], body), loc), location: loc))
            case .safety(let n, let r, let matrix, let s, let o, let loc):
                guard matrix.name == m else {
                    throw fail("unknown matrix '\(matrix.name)'; the policy's matrix is '\(m)'", at: matrix.location)
                }
                guard rightsEnum.contains(r.name) else {
                    throw fail("'\(r.name)' is not a right of this policy", at: r.location, notes: Self.suggestion(r.name, rightsEnum))
                }
                let test = Self.binary("in", Self.member("Right", r), Self.cell(m, Self.member("Subject", s), Self.member("Object", o), loc), loc)
                out.append(.property(kind: .invariant, name: n, expr: ExprSyntax(.unary("!", test), loc), location: loc))
            }
        }
        return out
    }

    /// The matrix and the alive fields, with the init block that brings the named slots to life.
    private func stateDeclarations(at loc: SourceLocation) -> [Declaration] {
        var out: [Declaration] = []
        let cellType = TypeSyntax.map(.named("Subject", loc), .map(.named("Object", loc), .set(.named("Right", loc), loc), loc), loc)
        out.append(.field(role: .plain, tag: nil, name: policy.matrixName, type: cellType,
                          initial: ExprSyntax(.setLiteral([]), loc), modeValues: [], location: loc))
        var wake: [StmtSyntax] = []
        for sort in [PolicySort.subject, .object] {
            guard let f = policy.aliveField[sort] else { continue }
            out.append(.field(role: .plain, tag: nil, name: f, type: .map(.named(sort.enumName, loc), .bool(loc), loc),
                              initial: ExprSyntax(.boolean(false), loc), modeValues: [], location: loc))
            for c in policy.sortCases[sort]?.named ?? [] {
                let place = ExprSyntax(.index(Self.name(f, loc), Self.member(sort.enumName, PolicyName(c, loc))), loc)
                wake.append(.assign(place, ExprSyntax(.boolean(true), loc), loc))
            }
        }
        if !wake.isEmpty { out.append(.initBlock(wake, loc)) }
        return out
    }

    private func domain(_ n: PolicyName) throws(DiagnosticError) -> (subjects: [PolicyName], objects: [PolicyName], trusted: Bool) {
        guard let d = policy.domains.first(where: { $0.name == n.name }) else {
            throw fail("unknown domain '\(n.name)'", at: n.location, notes: Self.suggestion(n.name, policy.domains.map(\.name)))
        }
        var s: [PolicyName] = [], o: [PolicyName] = []
        for member in d.members {
            let isS = policy.sortCases[.subject]?.named.contains(member.name) ?? false
                || (policy.sortCases[.subject]?.spare.contains(member.name) ?? false)
            let isO = policy.sortCases[.object]?.named.contains(member.name) ?? false
                || (policy.sortCases[.object]?.spare.contains(member.name) ?? false)
            if isS && isO { throw fail("'\(member.name)' is both a subject and an object", at: member.location) }
            if isS { s.append(member) } else if isO { o.append(member) } else {
                throw fail("domain member '\(member.name)' is neither a subject nor an object", at: member.location)
            }
        }
        return (s, o, d.trusted)
    }

    private func trustedMembers() throws(DiagnosticError) -> (subjects: [PolicyName], objects: [PolicyName]) {
        var s: [PolicyName] = [], o: [PolicyName] = []
        for d in policy.domains where d.trusted {
            let r = try domain(PolicyName(d.name, d.location))
            s += r.subjects; o += r.objects
        }
        return (s, o)
    }

    private func isolationExpr(_ names: [PolicyName], at loc: SourceLocation) throws(DiagnosticError) -> ExprSyntax {
        guard names.count >= 2 else { throw fail("isolation separates at least two domains", at: loc) }
        var doms: [(subjects: [PolicyName], objects: [PolicyName])] = []
        var listed = Set<String>()
        // Each member in one listed domain: the property below classifies a subject (an object) by
        // the one domain it is in, which would be ambiguous for a member of two.
        var memberOf: [String: PolicyName] = [:]
        for n in names {
            if !listed.insert(n.name).inserted { throw fail("domain '\(n.name)' is listed twice", at: n.location) }
            let d = try domain(n)
            for member in d.subjects + d.objects {
                if let other = memberOf[member.name], other.name != n.name {
                    throw fail("'\(member.name)' is in both domain '\(other.name)' and domain '\(n.name)'; isolation separates disjoint domains",
                               at: n.location)
                }
                memberOf[member.name] = n
            }
            doms.append((d.subjects, d.objects))
        }
        let withSubjects = doms.indices.filter { !doms[$0].subjects.isEmpty }
        let withObjects = doms.indices.filter { !doms[$0].objects.isEmpty }
        if withSubjects.isEmpty || withObjects.isEmpty || (withSubjects.count == 1 && withObjects == withSubjects) {
            throw fail("these domains hold no subject of one and object of another to separate", at: loc)
        }
        // Which listed domain a subject (an object) is in, as a case of __Domain: a balanced tree of
        // tests, so the property grows as n log n with the members, not as the pairs of domains.
        func which(_ x: String, _ sort: PolicySort, _ members: [(PolicyName, String)]) -> ExprSyntax {
            let none = ExprSyntax(.member(Self.name(Self.domainEnum, loc), "__none"), loc)
            if members.isEmpty { return none }
            if members.count == 1 {
                let (m, d) = members[0]
                return ExprSyntax(.ite(Self.binary("==", Self.name(x, loc), Self.member(sort.enumName, m), loc),
                                       ExprSyntax(.member(Self.name(Self.domainEnum, loc), d), loc), none), loc)
            }
            let half = members.count / 2
            let first = Array(members[..<half]), second = Array(members[half...])
            return ExprSyntax(.ite(Self.isOneOf(x, sort, first.map(\.0), loc), which(x, sort, first), which(x, sort, second)), loc)
        }
        let ds = which("s__", .subject, names.indices.flatMap { i in doms[i].subjects.map { ($0, "__d_" + names[i].name) } })
        let dO = which("o__", .object, names.indices.flatMap { i in doms[i].objects.map { ($0, "__d_" + names[i].name) } })
        let none = ExprSyntax(.member(Self.name(Self.domainEnum, loc), "__none"), loc)
        let cond = Self.binary("&&", Self.binary("!=", ds, none, loc),
                               Self.binary("&&", Self.binary("!=", dO, none, loc), Self.binary("!=", ds, dO, loc), loc), loc)
        return separation(cond, at: loc)
    }

    /// The enum of domains that isolation properties classify subjects and objects by.
    static let domainEnum = "__Domain"

    private func confinementExpr(_ n: PolicyName, at loc: SourceLocation) throws(DiagnosticError) -> ExprSyntax {
        let d = try domain(n)
        if d.trusted { throw fail("domain '\(n.name)' is trusted; confinement applies to untrusted domains", at: n.location) }
        let t = try trustedMembers()
        // Into the domain: a subject neither d's nor trusted with a right on one of d's objects.
        let outsider = Self.binary("||", Self.isOneOf("s__", .subject, d.subjects, loc), Self.isOneOf("s__", .subject, t.subjects, loc), loc)
        let into = Self.binary("&&", Self.isOneOf("o__", .object, d.objects, loc), ExprSyntax(.unary("!", outsider), loc), loc)
        return separation(into, at: loc)
    }

    /// `forall s, o :: cond ==> A[s][o] == {}`
    private func separation(_ cond: ExprSyntax, at loc: SourceLocation) -> ExprSyntax {
        let empty = Self.binary("==", Self.cell(policy.matrixName, Self.name("s__", loc), Self.name("o__", loc), loc),
                                ExprSyntax(.setLiteral([]), loc), loc)
        return ExprSyntax(.quantifier(forall: true, [("s__", .named("Subject", loc)), ("o__", .named("Object", loc))],
                                      Self.binary("==>", cond, empty, loc)), loc)
    }

    // MARK: operations

    /// The rights that an assigned set value may add to a cell beyond what `place` held.
    static func addedBits(_ e: Expr, place: LValue) -> UInt64 {
        switch e.kind {
        case .constant(let v): return v
        case .binary(.bor, let a, let b), .binary(.bxor, let a, let b): return addedBits(a, place: place) | addedBits(b, place: place)
        case .binary(.band, let a, let b): return addedBits(a, place: place) & addedBits(b, place: place)
        case .ite(_, let a, let b): return addedBits(a, place: place) | addedBits(b, place: place)
        case .index:
            // Reading the place itself keeps what it holds; reading any other place may copy anything.
            var keys: [Expr] = []
            var root = e
            while case .index(let b, let k) = root.kind { keys.insert(k, at: 0); root = b }
            if case .field(let f) = root.kind, f == place.field, keys.count == place.keys.count,
               zip(keys, place.keys).allSatisfy({ $0.description == $1.description }) { return 0 }
            return ~0
        default: return ~0
        }
    }

    private static func arg(_ e: Expr) -> PolicyInfo.Arg {
        switch e.kind {
        case .param(let i): .param(i)
        case .constant(let v): .constant(v)
        default: .other
        }
    }

    mutating func policyOperation(_ op: PolicyOperation, scope: Scope, at loc: SourceLocation) throws(DiagnosticError) -> [Stmt] {
        switch op {
        case .enter(let r, let cell), .delete(let r, let cell):
            let isEnter: Bool = { if case .enter = op { true } else { false } }()
            let (lv, type) = try lvalue(cell, scope: scope, at: loc)
            guard case .set = type else {
                throw fail("'\(isEnter ? "enter" : "delete")' changes a set of rights (a matrix cell such as A[s][o]), not a value of type \(type)",
                           at: cell.location)
            }
            let rights = try expr(Self.rightsSet(r), expected: type, scope: scope)
            var old = Expr(.field(lv.field), fields[lv.field].type)
            for k in lv.keys {
                guard case .map(_, let vt) = old.type else { break }
                old = Expr(.index(old, k), vt)
            }
            let value = isEnter ? Expr(.binary(.bor, old, rights), type)
                                : Expr(.binary(.band, old, Expr(.unary(.bvnot, rights), type)), type)
            if policy.active, let a = policy.currentAction, lv.field == fieldIndex[policy.matrixName], lv.keys.count == 2 {
                let s = Self.arg(lv.keys[0]), o = Self.arg(lv.keys[1])
                let mask = rights.constantValue
                policy.operations[a, default: []].append(isEnter ? .enter(rights: mask, subject: s, object: o)
                                                                 : .delete(rights: mask, subject: s, object: o))
                if isEnter { try checkMinting(Self.addedBits(value, place: lv), action: a, at: loc) }
            }
            return [.assign(lv, value)]
        case .create(let sort, let p), .destroy(let sort, let p):
            let word: String = { if case .create = op { "create" } else { "destroy" } }()
            guard policy.active, let aliveName = policy.aliveField[sort], let alive = fieldIndex[aliveName],
                  let matrix = fieldIndex[policy.matrixName], let sortEnum = enums[sort.enumName],
                  let other = enums[(sort == .subject ? PolicySort.object : .subject).enumName], let rightsEnum = enums["Right"] else {
                throw fail("'\(word) \(sort.rawValue)' needs a policy with subjects, objects and rights", at: loc)
            }
            guard policy.currentAction != nil else { throw fail("'\(word)' belongs in a command", at: loc) }
            guard case .param(let i, let t)? = scope.names[p], t == .enumeration(sortEnum) else {
                throw fail("'\(word) \(sort.rawValue) \(p)' needs '\(p)' to be a parameter of type \(sort.enumName)", at: loc)
            }
            let key = Expr(.param(i), t)
            let aliveAt = Expr(.index(Expr(.field(alive), fields[alive].type), key), .bool)
            policy.operations[policy.currentAction!, default: []].append(word == "create" ? .create(sort, .param(i)) : .destroy(sort, .param(i)))
            if word == "create" {
                // Only a free slot comes alive: a spare one (or, in an unbounded sort, an unnamed one),
                // never an initial subject or object, even in states where it is not alive.
                var taken = aliveAt
                let initial = (policy.sortCases[sort]?.named ?? []).compactMap { n in sortEnum.cases.firstIndex(of: n) }
                if !initial.isEmpty {
                    taken = Expr(.binary(.or, aliveAt, Self.anyIR(initial.map { i in
                        Expr(.binary(.eq, key, .constant(UInt64(i), t)), .bool)
                    })), .bool)
                }
                return [.require(Expr(.unary(.not, taken), .bool)), .assign(LValue(field: alive, keys: [key]), .true)]
            }
            // Destroying a slot clears its row (a subject) or its column (an object).
            let slot = nextLocal
            nextLocal += 1
            let bound = Expr(.local(slot), .enumeration(other))
            let keys = sort == .subject ? [key, bound] : [bound, key]
            return [.assign(LValue(field: alive, keys: [key]), .false),
                    .assign(LValue(field: matrix, keys: keys, forEach: Binder(local: slot, domain: .enumeration(other))),
                            .constant(0, .set(rightsEnum)))]
        }
    }

    /// A balanced disjunction of IR terms (false when empty).
    static func anyIR(_ xs: [Expr]) -> Expr {
        if xs.isEmpty { return .false }
        if xs.count == 1 { return xs[0] }
        let mid = xs.count / 2
        return Expr(.binary(.or, anyIR(Array(xs[..<mid])), anyIR(Array(xs[mid...]))), .bool)
    }

    /// Capabilities are unforgeable: only the commands that mint one (and, when it is
    /// transferable, its transfer command) may put it into a cell.
    private func checkMinting(_ bits: UInt64, action: String, at loc: SourceLocation) throws(DiagnosticError) {
        guard let rights = enums["Right"] else { return }
        for c in policy.capabilities {
            guard let i = rights.cases.firstIndex(of: c.name), bits >> UInt64(i) & 1 == 1 else { continue }
            let allowed = c.minters.map(\.name) + (c.transferable ? ["transfer_\(c.name)"] : [])
            if allowed.contains(action) { continue }
            throw fail("command '\(action)' may put capability '\(c.name)' into the matrix, but '\(c.name)' is unforgeable", at: loc, notes: [
                allowed.isEmpty ? "no command mints '\(c.name)': it is held only as the initial matrix gives it"
                    : "only \(allowed.map { "'\($0)'" }.joined(separator: ", ")) may enter it",
                "list the command in 'capability \(c.name) minted by ...' if it should mint it",
            ])
        }
    }

    /// After an action's body is lowered: the implicit requirement that every subject and object
    /// parameter names a live slot, the check that no plain assignment forges a capability, and the
    /// command's HRU shape.
    mutating func policyAction(_ name: String, params: [Param], body: [StmtSyntax], stmts: [Stmt],
                               at loc: SourceLocation) throws(DiagnosticError) -> [Stmt] {
        defer { policy.currentAction = nil }
        guard policy.active else { return stmts }
        var created = Set<String>()
        for s in body { if case .policyOperation(.create(let sort, let p), _) = s { created.insert("\(sort.rawValue) \(p)") } }
        var prefix: [Stmt] = []
        for (i, p) in params.enumerated() {
            for sort in [PolicySort.subject, .object] {
                guard let f = policy.aliveField[sort], let alive = fieldIndex[f], let e = enums[sort.enumName],
                      p.type == .enumeration(e), !created.contains("\(sort.rawValue) \(p.name)") else { continue }
                prefix.append(.require(Expr(.index(Expr(.field(alive), fields[alive].type), Expr(.param(i), p.type)), .bool)))
            }
        }
        if let matrix = fieldIndex[policy.matrixName] {
            func check(_ ss: [Stmt]) throws(DiagnosticError) {
                for s in ss {
                    switch s {
                    case .assign(let lv, let v) where lv.field == matrix && lv.forEach == nil:
                        try checkMinting(Self.addedBits(v, place: lv), action: name, at: loc)
                    case .ifElse(_, let t, let e): try check(t); try check(e)
                    default: break
                    }
                }
            }
            try check(stmts)
        }
        policy.plainBodies[name] = body.allSatisfy {
            switch $0 { case .require, .policyOperation: true; default: false }
        }
        return prefix + stmts
    }

    // MARK: the structure, resolved

    mutating func resolvePolicy(_ model: Model, location: SourceLocation) throws(DiagnosticError) -> PolicyInfo {
        guard let matrix = fieldIndex[policy.matrixName], let subjects = enums["Subject"], let objects = enums["Object"],
              let rights = enums["Right"] else {
            throw fail("a policy declares its subjects, objects and rights", at: location)
        }
        func caseIndex(_ e: EnumType, _ n: PolicyName) throws(DiagnosticError) -> UInt64 {
            guard let i = e.cases.firstIndex(of: n.name) else {
                throw fail("'\(n.name)' is not one of the \(e.name == "Right" ? "rights" : e.name.lowercased() + "s")", at: n.location,
                           notes: Self.suggestion(n.name, e.cases))
            }
            return UInt64(i)
        }
        let aliveSubject = policy.aliveField[.subject].flatMap { fieldIndex[$0] }
        let aliveObject = policy.aliveField[.object].flatMap { fieldIndex[$0] }
        var shapes: [PolicyInfo.CommandShape] = []
        for (a, action) in model.actions.enumerated() {
            var conditions: [PolicyInfo.Condition] = []
            func conjuncts(_ e: Expr) {
                if case .binary(.and, let x, let y) = e.kind { conjuncts(x); conjuncts(y); return }
                conditions.append(Self.condition(e, matrix: matrix, aliveSubject: aliveSubject, aliveObject: aliveObject))
            }
            for s in action.body { if case .require(let e) = s { conjuncts(e) } }
            shapes.append(PolicyInfo.CommandShape(action: a, conditions: conditions, operations: policy.operations[action.name] ?? [],
                                                  otherStatements: !(policy.plainBodies[action.name] ?? false)))
        }
        var domains: [PolicyInfo.Domain] = []
        for d in policy.domains {
            let r = try domain(PolicyName(d.name, d.location))
            var s: [UInt64] = [], o: [UInt64] = []
            for n in r.subjects { s.append(try caseIndex(subjects, n)) }
            for n in r.objects { o.append(try caseIndex(objects, n)) }
            domains.append(PolicyInfo.Domain(name: d.name, trusted: d.trusted, subjects: s, objects: o))
        }
        var capabilities: [PolicyInfo.Capability] = []
        for c in policy.capabilities {
            var minters: [Int] = []
            for m in c.minters {
                guard let i = model.actionIndex(m.name) else {
                    throw fail("capability '\(c.name)' is minted by '\(m.name)', which is not a command", at: m.location,
                               notes: Self.suggestion(m.name, model.actions.map(\.name)))
                }
                minters.append(i)
            }
            if c.transferable, let t = model.actionIndex("transfer_\(c.name)") { minters.append(t) }
            capabilities.append(PolicyInfo.Capability(right: try caseIndex(rights, PolicyName(c.name, c.location)),
                                                      transferable: c.transferable, minters: minters))
        }
        var services: [PolicyInfo.Service] = []
        for s in policy.services {
            var commands: [Int: Int] = [:]
            for n in s.commands {
                guard let a = model.actionIndex(n) else { continue }
                guard let p = model.actions[a].params.firstIndex(where: { $0.name == s.caller }),
                      model.actions[a].params[p].type == .enumeration(subjects) else {
                    throw fail("command '\(n)' of service '\(s.subject.name)' needs a parameter '\(s.caller): Subject' naming its caller",
                               at: model.actions[a].location)
                }
                commands[a] = p
            }
            services.append(PolicyInfo.Service(subject: try caseIndex(subjects, s.subject), commands: commands))
        }
        var safety: [PolicyInfo.SafetyQuery] = []
        for q in policy.safety {
            guard let p = model.checkedProperties.firstIndex(where: { $0.name == q.property }) else { continue }
            safety.append(PolicyInfo.SafetyQuery(property: p, right: try caseIndex(rights, q.right),
                                                 subject: try caseIndex(subjects, q.subject), object: try caseIndex(objects, q.object)))
        }
        func spare(_ sort: PolicySort, _ e: EnumType) -> [UInt64] {
            (policy.sortCases[sort]?.spare ?? []).compactMap { n in e.cases.firstIndex(of: n).map(UInt64.init) }
        }
        return PolicyInfo(matrix: matrix, subjects: subjects, objects: objects, rights: rights,
                          aliveSubject: aliveSubject, aliveObject: aliveObject,
                          spareSubjects: spare(.subject, subjects), spareObjects: spare(.object, objects),
                          commands: shapes, domains: domains, capabilities: capabilities, services: services, safety: safety)
    }

    /// One conjunct of a command's conditions, classified.
    static func condition(_ e: Expr, matrix: Int, aliveSubject: Int?, aliveObject: Int?) -> PolicyInfo.Condition {
        // `r in A[s][o]` with a constant r lowers to a bit test on the cell (ElaborateExpr `membership`).
        if case .binary(.eq, let bit, let one) = e.kind, one.constantValue == 1,
           case .extract(let hi, let lo, let set) = bit.kind, hi == lo,
           case .index(let row, let o) = set.kind, case .index(let m, let s) = row.kind, case .field(matrix) = m.kind {
            return .right(UInt64(lo), subject: arg(s), object: arg(o))
        }
        if case .index(let m, let k) = e.kind, case .field(let f) = m.kind {
            if f == aliveSubject { return .alive(.subject, arg(k)) }
            if f == aliveObject { return .alive(.object, arg(k)) }
        }
        // `create`'s own condition: the slot is free (not alive, and not an initial one).
        if case .unary(.not, let taken) = e.kind {
            var alive = taken
            if case .binary(.or, let a, _) = taken.kind { alive = a }
            if case .index(let m, let k) = alive.kind, case .field(let f) = m.kind, f == aliveSubject || f == aliveObject {
                return .fresh(f == aliveSubject ? .subject : .object, arg(k))
            }
        }
        return Footprint(e).reads.isEmpty ? .parameterTest : .other
    }
}
