/// Recursive-descent parser for Ward model files. Grammar summary (README, "The language"):
///   file   := import* ('model'|'isa'|'policy'|'platform') NAME '{' member* '}'
///   member := 'override'? (const | width | enum | type | field | init | action | fn | invariant | property | deprivileged)
/// Semicolons between statements and members are optional.
public struct Parser {
    private let file: SourceFile
    private var tokens: [Token]
    private var index = 0

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
            members.append(MemberDeclaration(declaration: try parseDeclaration(), isOverride: isOverride))
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
        case "invariant", "property":
            advance()
            let name = try identifier("a property name")
            try expect(":", "after the property's name")
            return .property(kind: PropertyKind(rawValue: word)!, name: name, expr: try parseExpr(), location: loc)
        default:
            throw error("unknown declaration '\(word)'", notes: [
                "a model holds: const, width, enum, type, var, mode, protected, visible, init, deprivileged, action, instruction, command, hypercall, interrupt, fn, invariant, property",
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

    public mutating func parseExpr() throws(DiagnosticError) -> ExprSyntax { try parseBinary(level: 0) }

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
            lhs = ExprSyntax(.binary(op, lhs, rhs), loc)
            if op == "==>" || level == 3 { break }
        }
        return lhs
    }

    private mutating func parseUnary() throws(DiagnosticError) -> ExprSyntax {
        let loc = location
        for op in ["!", "~", "-"] where isSymbol(op) {
            advance()
            return ExprSyntax(.unary(op, try parseUnary()), loc)
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
                    e = ExprSyntax(.slice(e, first, lo), loc)
                } else {
                    try expect("]", "to close the index")
                    e = ExprSyntax(.index(e, first), loc)
                }
            } else if isSymbol("."), case .identifier = peek().kind {
                advance()
                e = ExprSyntax(.member(e, try identifier("a member name")), loc)
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
            return ExprSyntax(.setLiteral(elements), loc)
        case .identifier("true"): advance(); return ExprSyntax(.boolean(true), loc)
        case .identifier("false"): advance(); return ExprSyntax(.boolean(false), loc)
        case .identifier("if"):
            advance()
            let c = try parseExpr()
            try expectKeyword("then")
            let t = try parseExpr()
            try expectKeyword("else")
            return ExprSyntax(.ite(c, t, try parseExpr()), loc)
        case .identifier(let q) where q == "forall" || q == "exists":
            advance()
            var binders: [(String, TypeSyntax)] = []
            repeat {
                let name = try identifier("a bound variable")
                try expect(":", "after the bound variable")
                binders.append((name, try parseType()))
            } while accept(",")
            try expect("::", "between the bound variables and the body")
            return ExprSyntax(.quantifier(forall: q == "forall", binders, try parseExpr()), loc)
        case .identifier:
            let name = try identifier("an expression")
            if accept("(") {
                var args: [ExprSyntax] = []
                while !isSymbol(")") {
                    args.append(try parseExpr())
                    if !accept(",") { break }
                }
                try expect(")", "to close the argument list")
                return ExprSyntax(.call(name, args), loc)
            }
            return ExprSyntax(.name(name), loc)
        default:
            throw error("expected an expression, found \(describe(current))")
        }
    }
}
