/// Recursive-descent parser for Ward model files. Grammar summary (README, "The language"):
///   file   := import* ('model'|'isa'|'policy'|'platform') NAME '{' member* '}'
///   member := 'override'? (const | width | enum | type | field | init | action | fn | invariant | property | reachable | deprivileged)
/// Semicolons between statements and members are optional.
public struct Parser {
    private let file: SourceFile
    private var tokens: [Token]
    private var index = 0
    /// Open parentheses, operators, types and blocks around the cursor (see `maxNesting`).
    private var nesting = 0

    /// The deepest nesting of expressions, types and blocks a model may use, and the height of
    /// any expression tree (a chain `a + b + c + ...` counts one level per operator). Deeper
    /// input is a diagnostic, never a stack overflow in the parser or in a later pass.
    public static let maxNesting = 256

    public init(_ file: SourceFile) throws(DiagnosticError) {
        self.file = file
        var lexer = Lexer(file)
        self.tokens = try lexer.tokenize()
    }

    /// Parses a whole model file.
    public static func parse(path: String, text: String) throws(DiagnosticError) -> FileSyntax {
        var parser = try Parser(SourceFile(path: path, text: text))
        return try parser.parseFile()
    }

    // MARK: token helpers

    private var current: Token { tokens[index] }
    private var location: SourceLocation { file.location(at: current.offset) }
    private func peek(_ n: Int = 1) -> Token { tokens[min(index + n, tokens.count - 1)] }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .identifier(let s): "'\(s)'"
        case .integer(let v): "number \(v)"
        case .string(let s): "string \"\(s)\""
        case .symbol(let s): "'\(s)'"
        case .eof: "end of file"
        }
    }

    private func error(_ message: String, at loc: SourceLocation? = nil, notes: [String] = []) -> DiagnosticError {
        DiagnosticError(file.diagnostic(message, at: loc ?? location, notes: notes))
    }

    private func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }

    /// Enters one level of nesting; the caller leaves it with `defer { nesting -= 1 }`.
    private mutating func nest() throws(DiagnosticError) {
        nesting += 1
        if nesting > Self.maxNesting { throw tooDeep() }
    }

    private func tooDeep(at loc: SourceLocation? = nil) -> DiagnosticError {
        error("nesting is too deep: more than \(Self.maxNesting) levels of parentheses, operators, types or blocks", at: loc,
              notes: ["split the expression with 'let' or a function, or flatten the blocks"])
    }

    /// An expression node, refused when its tree would be higher than `maxNesting`.
    private func node(_ kind: ExprSyntax.Kind, _ loc: SourceLocation) throws(DiagnosticError) -> ExprSyntax {
        let e = ExprSyntax(kind, loc)
        if e.depth > Self.maxNesting { throw tooDeep(at: loc) }
        return e
    }
    private func isKeyword(_ s: String) -> Bool { current.kind == .identifier(s) }

    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    @discardableResult
    private mutating func accept(_ s: String) -> Bool {
        if isSymbol(s) { advance(); return true }
        return false
    }

    private mutating func expect(_ s: String, _ context: String) throws(DiagnosticError) {
        guard accept(s) else { throw error("expected '\(s)' \(context), found \(describe(current))") }
    }

    private mutating func expectKeyword(_ s: String) throws(DiagnosticError) {
        guard isKeyword(s) else { throw error("expected '\(s)', found \(describe(current))") }
        advance()
    }

    private mutating func identifier(_ what: String) throws(DiagnosticError) -> String {
        guard case .identifier(let name) = current.kind else {
            throw error("expected \(what), found \(describe(current))")
        }
        if Self.reserved.contains(name) { throw error("'\(name)' is a keyword and cannot be used as \(what)") }
        advance()
        return name
    }

    /// Words that may never name a user entity (contextual keywords such as `mode` may).
    static let reserved: Set<String> = [
        "true", "false", "if", "then", "else", "let", "for", "in", "forall", "exists", "trap", "require",
        "import", "override",
    ]

    private mutating func skipSemicolons() { while accept(";") {} }

    // MARK: file and members

    public mutating func parseFile() throws(DiagnosticError) -> FileSyntax {
        var imports: [ImportSyntax] = []
        while isKeyword("import") {
            let loc = location
            advance()
            guard case .string(let path) = current.kind else { throw error("expected a file path in quotes after 'import'") }
            advance()
            imports.append(ImportSyntax(path: path, location: loc))
            skipSemicolons()
        }
        let loc = location
        guard case .identifier(let word) = current.kind, let kind = ModelKind(rawValue: word) else {
            throw error("expected 'model', 'isa', 'policy' or 'platform', found \(describe(current))")
        }
        advance()
        let name = try identifier("a model name")
        try expect("{", "to open the model body")
        var members: [MemberDeclaration] = []
        skipSemicolons()
        while !isSymbol("}") {
            if current.kind == .eof { throw error("unexpected end of file: the model body of '\(name)' is not closed", at: loc) }
            var isOverride = false
            if isKeyword("override") { isOverride = true; advance() }
            if isKeyword("service") {
                // A service block holds commands: each is a member of its own (so it can be overridden).
                for d in try parseService() { members.append(MemberDeclaration(declaration: d, isOverride: isOverride)) }
            } else {
                members.append(MemberDeclaration(declaration: try parseDeclaration(), isOverride: isOverride))
            }
            skipSemicolons()
        }
        advance()
        skipSemicolons()
        if current.kind != .eof { throw error("unexpected \(describe(current)) after the model body; a file holds one model") }
        return FileSyntax(path: file.path, imports: imports, model: ModelSyntax(kind: kind, name: name, members: members, location: loc))
    }

    private mutating func parseDeclaration() throws(DiagnosticError) -> Declaration {
        let loc = location
        guard case .identifier(let word) = current.kind else {
            throw error("expected a declaration (const, enum, var, action, invariant, ...), found \(describe(current))")
        }
        switch word {
        case "const", "width":
            advance()
            let name = try identifier("a constant name")
            try expect("=", "after the constant's name")
            return .constant(name: name, value: try parseExpr(), isWidth: word == "width", location: loc)
        case "enum":
            advance()
            let name = try identifier("an enum name")
            return .enumeration(name: name, cases: try parseNameList("enum case"), location: loc)
        case "type":
            advance()
            let name = try identifier("a type name")
            try expect("=", "after the type's name")
            return .typeAlias(name: name, type: try parseType(), location: loc)
        case "var", "mode", "protected", "visible":
            advance()
            let role = FieldRole(rawValue: word)!
            var tag: String?
            if accept("(") {
                tag = try identifier("a tag such as 'relocation'")
                try expect(")", "after the field's tag")
            }
            let name = try identifier("a field name")
            try expect(":", "between the field's name and its type")
            let type = try parseType()
            var modeValues: [(String, ExprSyntax)] = []
            if role == .mode, isSymbol("{") {
                advance()
                while !isSymbol("}") {
                    let key = try identifier("'supervisor' or 'user'")
                    try expect("=", "after '\(key)'")
                    modeValues.append((key, try parseExpr()))
                    if !accept(",") { break }
                }
                try expect("}", "to close the mode values")
            }
            var initial: ExprSyntax?
            if accept("=") { initial = try parseExpr() }
            return .field(role: role, tag: tag, name: name, type: type, initial: initial, modeValues: modeValues, location: loc)
        case "init":
            advance()
            return .initBlock(try parseBlock(), loc)
        case "deprivileged":
            advance()
            return .deprivileged(try parseBlock(), loc)
        case "action", "instruction", "command", "hypercall", "interrupt":
            advance()
            let name = try identifier("an action name")
            let params = isSymbol("(") ? try parseParameters() : []   // `interrupt TIMER when IF { }`
            var guardExpr: ExprSyntax?
            if isKeyword("when") { advance(); guardExpr = try parseExpr() }
            return .action(kind: ActionKind(rawValue: word)!, name: name, params: params, guardExpr: guardExpr,
                           body: try parseBlock(), location: loc)
        case "fn":
            advance()
            let name = try identifier("a function name")
            let params = try parseParameters()
            try expect("->", "before the function's result type")
            let result = try parseType()
            try expect("=", "before the function's body")
            return .function(name: name, params: params, result: result, body: try parseExpr(), location: loc)
        case "invariant", "property", "reachable":
            advance()
            let name = try identifier("a property name")
            try expect(":", "after the property's name")
            return .property(kind: PropertyKind(rawValue: word)!, name: name, expr: try parseExpr(), location: loc)
        case "subjects", "objects", "rights", "capability", "matrix", "domain", "isolation", "safety", "confinement", "authority":
            return .policy(try parsePolicyDeclaration(word))
        default:
            throw error("unknown declaration '\(word)'", notes: [
                "a model holds: const, width, enum, type, var, mode, protected, visible, init, deprivileged, action, instruction, command, hypercall, interrupt, fn, invariant, property, reachable",
                "a policy also holds: subjects, objects, rights, capability, matrix, domain, service, isolation, safety, confinement, authority",
            ])
        }
    }

    private mutating func parseNameList(_ what: String) throws(DiagnosticError) -> [String] {
        try expect("{", "to open the list of \(what)s")
        var names: [String] = []
        while !isSymbol("}") {
            names.append(try identifier("an \(what) name"))
            if !accept(",") { break }
        }
        try expect("}", "to close the list of \(what)s")
        return names
    }

    private mutating func parseParameters() throws(DiagnosticError) -> [Parameter] {
        try expect("(", "to open the parameter list")
        var params: [Parameter] = []
        while !isSymbol(")") {
            let loc = location
            let name = try identifier("a parameter name")
            try expect(":", "between the parameter's name and its type")
            params.append(Parameter(name: name, type: try parseType(), location: loc))
            if !accept(",") { break }
        }
        try expect(")", "to close the parameter list")
        return params
    }

    // MARK: types

    public mutating func parseType() throws(DiagnosticError) -> TypeSyntax {
        try nest()
        defer { nesting -= 1 }
        let loc = location
        if isSymbol("{") { return .inlineEnum(try parseNameList("enum case"), loc) }
        guard case .identifier(let word) = current.kind else { throw error("expected a type, found \(describe(current))") }
        switch word {
        case "bool": advance(); return .bool(loc)
        case "bits" where peek().kind == .symbol("<"):
            advance()
            try expect("<", "after 'bits'")
            let width = try parseBinary(level: Self.additiveLevel)
            try expect(">", "to close 'bits<...>'")
            return .bits(width, loc)
        case "map" where peek().kind == .symbol("<"):
            advance()
            try expect("<", "after 'map'")
            let key = try parseType()
            try expect(",", "between the map's key and value types")
            let value = try parseType()
            try expect(">", "to close 'map<...>'")
            return .map(key, value, loc)
        case "set" where peek().kind == .symbol("<"):
            advance()
            try expect("<", "after 'set'")
            let element = try parseType()
            try expect(">", "to close 'set<...>'")
            return .set(element, loc)
        default:
            return .named(try identifier("a type"), loc)
        }
    }

    // MARK: statements

    private mutating func parseBlock() throws(DiagnosticError) -> [StmtSyntax] {
        try nest()
        defer { nesting -= 1 }
        let open = location
        try expect("{", "to open a block")
        var stmts: [StmtSyntax] = []
        skipSemicolons()
        while !isSymbol("}") {
            if current.kind == .eof { throw error("unexpected end of file: block is not closed", at: open) }
            stmts.append(try parseStatement())
            skipSemicolons()
        }
        advance()
        return stmts
    }

    private mutating func parseStatement() throws(DiagnosticError) -> StmtSyntax {
        let loc = location
        if isKeyword("let") {
            advance()
            let name = try identifier("a name")
            try expect("=", "after the name in 'let'")
            return .letBinding(name, try parseExpr(), loc)
        }
        if isKeyword("if") { return try parseIf() }
        if isKeyword("for") {
            advance()
            let name = try identifier("a loop variable")
            try expectKeyword("in")
            let range: ForRange
            if isKeyword("bool") || peek().kind == .symbol("<") || isSymbol("{") {
                range = .type(try parseType())
            } else {
                let lo = try parseExpr()
                if accept("..") {
                    range = .numeric(lo, try parseExpr())
                } else if case .name(let typeName) = lo.kind {
                    range = .type(.named(typeName, lo.location))
                } else {
                    throw error("expected 'lo..hi' or a finite type after 'in'", at: lo.location)
                }
            }
            return .forLoop(name, range, try parseBlock(), loc)
        }
        if isKeyword("forall") {
            advance()
            let name = try identifier("a bound variable")
            try expect(":", "after the bound variable")
            let type = try parseType()
            var cond: ExprSyntax?
            if isKeyword("when") { advance(); cond = try parseExpr() }
            return .parallel(name, type, cond, try parseBlock(), loc)
        }
        if let op = try parsePolicyOperation() { return op }
        if isKeyword("trap") {
            advance()
            return .trap(try identifier("a trap kind (for example 'privilege')"), loc)
        }
        if isKeyword("require") {
            advance()
            return .require(try parseExpr(), loc)
        }
        let target = try parseExpr()
        guard accept("=") else {
            if isSymbol("==") { throw error("expected '=' in an assignment, found '=='") }
            throw error("expected a statement (let, if, for, forall, trap, require or an assignment), found an expression", at: loc)
        }
        return .assign(target, try parseExpr(), loc)
    }

    private mutating func parseIf() throws(DiagnosticError) -> StmtSyntax {
        try nest()   // `else if` chains recurse here
        defer { nesting -= 1 }
        let loc = location
        advance()
        let cond = try parseExpr()
        let thenBody = try parseBlock()
        var elseBody: [StmtSyntax]?
        if isKeyword("else") {
            advance()
            elseBody = isKeyword("if") ? [try parseIf()] : try parseBlock()
        }
        return .ifElse(cond, thenBody, elseBody, loc)
    }

    // MARK: expressions

    public mutating func parseExpr() throws(DiagnosticError) -> ExprSyntax {
        try nest()
        defer { nesting -= 1 }
        return try parseBinary(level: 0)
    }

    /// Binary operators by precedence level, loosest first.
    private static let levels: [[String]] = [
        ["==>"], ["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">=", "in"],
        ["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
    ]
    static let additiveLevel = 8

    /// The operator at the cursor if it belongs to `level`, with the number of tokens it spans.
    private func operatorAt(level: Int) -> (String, Int)? {
        let ops = Self.levels[level]
        switch current.kind {
        case .symbol(">") where peek().kind == .symbol(">") && peek().adjacent:
            return ops.contains(">>") ? (">>", 2) : nil
        case .symbol(let s) where ops.contains(s): return (s, 1)
        case .identifier("in") where ops.contains("in"): return ("in", 1)
        default: return nil
        }
    }

    private mutating func parseBinary(level: Int) throws(DiagnosticError) -> ExprSyntax {
        if level >= Self.levels.count { return try parseUnary() }
        var lhs = try parseBinary(level: level + 1)
        while let (op, width) = operatorAt(level: level) {
            let loc = location
            for _ in 0..<width { advance() }
            // Implication is right-associative; comparisons do not chain.
            let rhs = op == "==>" ? try parseBinary(level: level) : try parseBinary(level: level + 1)
            lhs = try node(.binary(op, lhs, rhs), loc)
            if op == "==>" || level == 3 { break }
        }
        return lhs
    }

    private mutating func parseUnary() throws(DiagnosticError) -> ExprSyntax {
        let loc = location
        for op in ["!", "~", "-"] where isSymbol(op) {
            advance()
            try nest()
            defer { nesting -= 1 }
            return try node(.unary(op, try parseUnary()), loc)
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(DiagnosticError) -> ExprSyntax {
        var e = try parsePrimary()
        while true {
            let loc = location
            if accept("[") {
                let first = try parseExpr()
                if accept(":") {
                    let lo = try parseExpr()
                    try expect("]", "to close the bit slice")
                    e = try node(.slice(e, first, lo), loc)
                } else {
                    try expect("]", "to close the index")
                    e = try node(.index(e, first), loc)
                }
            } else if isSymbol("."), case .identifier = peek().kind {
                advance()
                e = try node(.member(e, try identifier("a member name")), loc)
            } else {
                return e
            }
        }
    }

    private mutating func parsePrimary() throws(DiagnosticError) -> ExprSyntax {
        let loc = location
        switch current.kind {
        case .integer(let v):
            advance()
            return ExprSyntax(.integer(v), loc)
        case .symbol("("):
            advance()
            let e = try parseExpr()
            try expect(")", "to close the parenthesis")
            return e
        case .symbol("{"):
            advance()
            var elements: [ExprSyntax] = []
            while !isSymbol("}") {
                elements.append(try parseExpr())
                if !accept(",") { break }
            }
            try expect("}", "to close the set")
            return try node(.setLiteral(elements), loc)
        case .identifier("true"): advance(); return ExprSyntax(.boolean(true), loc)
        case .identifier("false"): advance(); return ExprSyntax(.boolean(false), loc)
        case .identifier("if"):
            advance()
            let c = try parseExpr()
            try expectKeyword("then")
            let t = try parseExpr()
            try expectKeyword("else")
            return try node(.ite(c, t, try parseExpr()), loc)
        case .identifier(let q) where q == "forall" || q == "exists":
            advance()
            var binders: [(String, TypeSyntax)] = []
            repeat {
                let name = try identifier("a bound variable")
                try expect(":", "after the bound variable")
                binders.append((name, try parseType()))
            } while accept(",")
            try expect("::", "between the bound variables and the body")
            return try node(.quantifier(forall: q == "forall", binders, try parseExpr()), loc)
        case .identifier:
            let name = try identifier("an expression")
            if accept("(") {
                var args: [ExprSyntax] = []
                while !isSymbol(")") {
                    args.append(try parseExpr())
                    if !accept(",") { break }
                }
                try expect(")", "to close the argument list")
                return try node(.call(name, args), loc)
            }
            return ExprSyntax(.name(name), loc)
        default:
            throw error("expected an expression, found \(describe(current))")
        }
    }
}

// MARK: access-matrix policies (PolicySyntax.swift; README, "Policies")

extension Parser {
    /// A name with its location.
    private mutating func policyName(_ what: String) throws(DiagnosticError) -> PolicyName {
        let loc = location
        return PolicyName(try identifier(what), loc)
    }

    private mutating func policyNameList(_ what: String) throws(DiagnosticError) -> [PolicyName] {
        try expect("{", "to open the list of \(what)s")
        var names: [PolicyName] = []
        while !isSymbol("}") {
            names.append(try policyName("a \(what)"))
            if !accept(",") { break }
        }
        try expect("}", "to close the list of \(what)s")
        return names
    }

    /// `OBJ {rights}` or `* {rights}`.
    private mutating func policyCell() throws(DiagnosticError) -> PolicyCell {
        let loc = location
        var object: PolicyName?
        if !accept("*") { object = try policyName("an object (or '*' for every object)") }
        guard isSymbol("{") || current.kind.isIdentifier else {
            throw error("expected the rights of the cell, as in '{read, write}', found \(describe(current))")
        }
        return PolicyCell(object: object, rights: try parseExpr(), location: loc)
    }

    private mutating func policyCells() throws(DiagnosticError) -> [PolicyCell] {
        var cells = [try policyCell()]
        while accept(",") { cells.append(try policyCell()) }
        return cells
    }

    mutating func parsePolicyDeclaration(_ word: String) throws(DiagnosticError) -> PolicyDeclaration {
        let loc = location
        advance()
        switch word {
        case "subjects", "objects":
            var unbounded = false
            if isKeyword("unbounded") { unbounded = true; advance() }
            let cases = try parseNameList(word == "subjects" ? "subject" : "object")
            var spare: [String] = []
            if isKeyword("spare") { advance(); spare = try parseNameList("spare slot") }
            return .sort(word == "subjects" ? .subject : .object, cases: cases, spare: spare, unbounded: unbounded, location: loc)
        case "rights":
            return .rights(try parseNameList("right"), location: loc)
        case "capability":
            let name = try identifier("a capability (a right) name")
            var transferable = false
            if isKeyword("transferable") { transferable = true; advance() }
            var minters: [PolicyName] = []
            if isKeyword("minted") {
                advance()
                try expectKeyword("by")
                repeat { minters.append(try policyName("a command that mints the capability")) } while accept(",")
            }
            return .capability(name: name, transferable: transferable, mintedBy: minters, location: loc)
        case "matrix":
            let name = try identifier("a matrix name")
            try expect("{", "to open the matrix")
            var rows: [PolicyRow] = []
            skipSemicolons()
            while !isSymbol("}") {
                if current.kind == .eof { throw error("unexpected end of file: the matrix is not closed", at: loc) }
                let subject = try policyName("a subject")
                try expect(":", "after the row's subject")
                rows.append(PolicyRow(subject: subject, cells: try policyCells()))
                skipSemicolons()
            }
            advance()
            return .matrix(name: name, rows: rows, location: loc)
        case "domain":
            let name = try identifier("a domain name")
            var trusted = false
            if isKeyword("trusted") { trusted = true; advance() }
            return .domain(name: name, trusted: trusted, members: try policyNameList("domain member"), location: loc)
        case "isolation", "confinement":
            let name = try identifier("a property name")
            try expect(":", "after the property's name")
            if word == "confinement" { return .confinement(name: name, domain: try policyName("a domain"), location: loc) }
            var domains = [try policyName("a domain")]
            while accept(",") { domains.append(try policyName("a domain")) }
            return .isolation(name: name, domains: domains, location: loc)
        case "safety":
            let name = try identifier("a property name")
            try expect(":", "after the property's name")
            try expectKeyword("never")
            let right = try policyName("a right")
            try expectKeyword("in")
            let matrix = try policyName("the matrix")
            try expect("[", "after the matrix: 'never r in A[s][o]'")
            let subject = try policyName("a subject")
            try expect("]", "after the subject")
            try expect("[", "before the object: 'never r in A[s][o]'")
            let object = try policyName("an object")
            try expect("]", "after the object")
            return .safety(name: name, right: right, matrix: matrix, subject: subject, object: object, location: loc)
        case "authority":
            let name = try identifier("a property name")
            try expect(":", "after the property's name")
            let subject = try policyName("a subject")
            try expect("{", "to open the subject's authority: '{ M1 {read}, * {} }'")
            var cells: [PolicyCell] = []
            if !isSymbol("}") { cells = try policyCells() }
            try expect("}", "to close the subject's authority")
            return .authority(name: name, subject: subject, cells: cells, location: loc)
        default:
            throw error("unknown policy declaration '\(word)'", at: loc)
        }
    }

    /// `service S(caller) { command ... }`: the commands, then the service's description.
    mutating func parseService() throws(DiagnosticError) -> [Declaration] {
        let loc = location
        advance()
        let subject = try policyName("the subject that provides the service")
        try expect("(", "after the service's subject: 'service S_map(caller)'")
        let caller = try identifier("the parameter that names the requesting subject")
        try expect(")", "after the caller parameter")
        try expect("{", "to open the service's commands")
        var decls: [Declaration] = []
        var names: [String] = []
        skipSemicolons()
        while !isSymbol("}") {
            if current.kind == .eof { throw error("unexpected end of file: the service is not closed", at: loc) }
            guard isKeyword("command") || isKeyword("action") else {
                throw error("a service holds commands, found \(describe(current))")
            }
            let d = try parseDeclaration()
            if case .action(_, let n, _, _, _, _) = d { names.append(n) }
            decls.append(d)
            skipSemicolons()
        }
        advance()
        decls.append(.policy(.service(subject: subject, caller: caller, commands: names, location: loc)))
        return decls
    }

    /// `enter R into A[s][o]`, `delete R from A[s][o]`, `create subject s`, `destroy object o`;
    /// nil when the statement is something else (so fields named `enter` stay assignable).
    mutating func parsePolicyOperation() throws(DiagnosticError) -> StmtSyntax? {
        guard case .identifier(let word) = current.kind else { return nil }
        let loc = location
        switch word {
        case "enter", "delete":
            let next = peek().kind
            if next == .symbol("=") || next == .symbol("[") || next == .symbol(".") { return nil }
            advance()
            let rights = try parseExpr()
            try expectKeyword(word == "enter" ? "into" : "from")
            let cell = try parseExpr()
            return .policyOperation(word == "enter" ? .enter(rights: rights, cell: cell) : .delete(rights: rights, cell: cell), loc)
        case "create", "destroy":
            guard case .identifier(let sortWord) = peek().kind, sortWord == "subject" || sortWord == "object" else { return nil }
            advance(); advance()
            let sort: PolicySort = sortWord == "subject" ? .subject : .object
            let name = try identifier("the parameter naming the \(sortWord) slot")
            return .policyOperation(word == "create" ? .create(sort, name) : .destroy(sort, name), loc)
        default:
            return nil
        }
    }
}

extension TokenKind {
    var isIdentifier: Bool { if case .identifier = self { true } else { false } }
}
