import WardSyntax

/// Names visible in a body: let-bound locals, parameters, unrolled loop variables, inlined arguments.
struct Scope {
    enum Binding {
        case local(Int, IRType)
        case param(Int, IRType)
        case integer(UInt64)   // an untyped constant: `let k = 3`, a numeric loop variable
        case value(Expr)       // an enum loop variable, or an inlined function argument
    }
    var names: [String: Binding] = [:]
    var allowFields: Bool
}

extension Elaborator {
    /// Evaluates a constant expression over literals and earlier constants (for widths and `const`).
    func evaluateConstant(_ e: ExprSyntax) throws(DiagnosticError) -> UInt64 {
        guard let v = fold(e, Scope(allowFields: false)) else {
            throw fail("expected a constant: a number, a constant's name, or arithmetic of those", at: e.location)
        }
        return v
    }

    /// The value of an untyped integer expression, or nil when `e` is not one.
    func fold(_ e: ExprSyntax, _ scope: Scope) -> UInt64? {
        switch e.kind {
        case .integer(let v): return v
        case .name(let n):
            if let b = scope.names[n] { if case .integer(let v) = b { return v }; return nil }
            if fieldIndex[n] != nil { return nil }
            return constants[n]
        case .unary("-", let a): return fold(a, scope).map { 0 &- $0 }
        case .binary(let op, let a, let b):
            guard let x = fold(a, scope), let y = fold(b, scope) else { return nil }
            switch op {
            case "+": return x &+ y
            case "-": return x &- y
            case "*": return x &* y
            case "/": return y == 0 ? nil : x / y
            case "%": return y == 0 ? nil : x % y
            case "&": return x & y
            case "|": return x | y
            case "^": return x ^ y
            case "<<": return y >= 64 ? 0 : x << y
            case ">>": return y >= 64 ? 0 : x >> y
            default: return nil
            }
        default: return nil
        }
    }

    /// True when `e` takes its type from its context (numbers, sets written `{...}`).
    func needsContext(_ e: ExprSyntax, _ scope: Scope) -> Bool {
        if fold(e, scope) != nil { return true }
        switch e.kind {
        case .setLiteral: return true
        case .ite(_, let a, let b): return needsContext(a, scope) && needsContext(b, scope)
        default: return false
        }
    }

    func check(_ e: Expr, _ expected: IRType?, at loc: SourceLocation) throws(DiagnosticError) -> Expr {
        if let t = expected, e.type != t { throw fail("expected a value of type \(t), found \(e.type)", at: loc) }
        return e
    }

    /// Elaborates two operands that must share a type, the one that needs context second.
    mutating func pair(_ a: ExprSyntax, _ b: ExprSyntax, _ expected: IRType?,
                       _ scope: Scope) throws(DiagnosticError) -> (Expr, Expr) {
        if needsContext(a, scope), !needsContext(b, scope) {
            let y = try expr(b, expected: expected, scope: scope)
            return (try expr(a, expected: y.type, scope: scope), y)
        }
        let x = try expr(a, expected: expected, scope: scope)
        return (x, try expr(b, expected: x.type, scope: scope))
    }

    /// Elaborates one expression, within the limits on work, tree height and tree size
    /// (`maxNodes`, `maxExprDepth`): an oversized model is a diagnostic, not a stack overflow or
    /// an engine that never finishes.
    mutating func expr(_ e: ExprSyntax, expected: IRType?, scope: Scope) throws(DiagnosticError) -> Expr {
        if exprDepth == 0 { rootLocation = e.location }
        try count(1, at: e.location)
        exprDepth += 1
        defer { exprDepth -= 1 }
        if exprDepth > Self.maxExprDepth { throw tooDeep() }
        let result = try lower(e, expected: expected, scope: scope)
        if result.depth > Self.maxExprDepth { throw tooDeep() }
        if result.size > maxNodes { throw tooLarge(at: rootLocation ?? e.location) }
        if exprDepth == 1 { try count(result.size, at: e.location) }
        return result
    }

    /// Adds `n` to the model's work and refuses a model that lowers to more than `maxNodes`.
    mutating func count(_ n: Int, at loc: SourceLocation) throws(DiagnosticError) {
        nodes = nodes.addingReportingOverflow(n).overflow ? Int.max : nodes + n
        if nodes > maxNodes { throw tooLarge(at: exprDepth > 0 ? rootLocation ?? loc : loc) }
    }

    /// Where the functions being inlined were called from, for a limit's diagnostic.
    var inliningNote: [String] {
        inlining.isEmpty ? [] : ["while inlining " + inlining.map { "'\($0)'" }.joined(separator: " → ")]
    }

    func tooDeep() -> DiagnosticError {
        fail("expression nests more than \(Self.maxExprDepth) levels deep once functions are inlined", at: rootLocation ?? SourceLocation(file: file, line: 1, column: 1),
             notes: inliningNote + ["bind parts of it with 'let', or call fewer functions inside one another"])
    }

    func tooLarge(at loc: SourceLocation) -> DiagnosticError {
        fail("the model is too large: more than \(maxNodes) expression and statement nodes once loops are unrolled and functions inlined",
             at: loc, notes: inliningNote + ["bind repeated subexpressions with 'let' (a function's argument is copied into its body at every use), or unroll fewer iterations"])
    }

    mutating func lower(_ e: ExprSyntax, expected: IRType?, scope: Scope) throws(DiagnosticError) -> Expr {
        if let v = fold(e, scope) {
            guard let t = expected else {
                throw fail("cannot tell the width of this number", at: e.location,
                           notes: ["use it where a bits<N> value is expected, or compare it with one"])
            }
            guard case .bits = t else { throw fail("expected a value of type \(t), found a number", at: e.location) }
            var negated = false
            if case .unary("-", _) = e.kind { negated = true }
            if !negated, v & ~t.mask != 0 { throw fail("number \(v) does not fit in \(t)", at: e.location) }
            return .constant(v, t)
        }
        switch e.kind {
        case .integer: fatalError("folded above")
        case .boolean(let b):
            return try check(b ? .true : .false, expected, at: e.location)
        case .name(let n):
            return try check(try name(n, expected: expected, scope: scope, at: e.location), expected, at: e.location)
        case .member(let base, let c):
            guard case .name(let en) = base.kind, let enumType = enums[en] else {
                throw fail("'.\(c)' needs an enum type on its left, as in 'Subject.\(c)'", at: e.location)
            }
            guard let i = enumType.cases.firstIndex(of: c) else {
                throw fail("enum '\(en)' has no case '\(c)'", at: e.location, notes: Self.suggestion(c, enumType.cases))
            }
            return try check(.constant(UInt64(i), .enumeration(enumType)), expected, at: e.location)
        case .index(let base, let key):
            let b = try expr(base, expected: nil, scope: scope)
            switch b.type {
            case .map(let k, let v):
                return try check(Expr(.index(b, try expr(key, expected: k, scope: scope)), v), expected, at: e.location)
            case .bits(let n):
                guard let i = fold(key, scope), i < UInt64(n) else {
                    throw fail("a bit index must be a constant below \(n)", at: key.location)
                }
                return try check(Expr(.extract(hi: Int(i), lo: Int(i), b), .bits(1)), expected, at: e.location)
            default:
                throw fail("cannot index a value of type \(b.type)", at: e.location)
            }
        case .slice(let base, let hiE, let loE):
            let b = try expr(base, expected: nil, scope: scope)
            guard case .bits(let n) = b.type else { throw fail("bit slices apply to bits<N>, not \(b.type)", at: e.location) }
            guard let hi = fold(hiE, scope), let lo = fold(loE, scope), hi >= lo, hi < UInt64(n) else {
                throw fail("a slice [hi:lo] needs constants with \(n) > hi >= lo", at: e.location)
            }
            return try check(Expr(.extract(hi: Int(hi), lo: Int(lo), b), .bits(Int(hi - lo + 1))), expected, at: e.location)
        case .unary(let op, let a):
            switch op {
            case "!": return try check(.foldedNot(try expr(a, expected: .bool, scope: scope)), expected, at: e.location)
            case "~":
                let x = try expr(a, expected: expected, scope: scope)
                switch x.type {
                case .bits, .set: return Expr(.unary(.bvnot, x), x.type)
                default: throw fail("'~' applies to bits<N> or a set, not \(x.type)", at: e.location)
                }
            default:
                let x = try expr(a, expected: expected, scope: scope)
                guard case .bits = x.type else { throw fail("'-' applies to bits<N>, not \(x.type)", at: e.location) }
                return Expr(.unary(.bvneg, x), x.type)
            }
        case .binary(let op, let a, let b):
            return try check(try binary(op, a, b, expected: expected, scope: scope, at: e.location), expected, at: e.location)
        case .call(let f, let args):
            return try check(try call(f, args, scope: scope, at: e.location), expected, at: e.location)
        case .ite(let c, let a, let b):
            let cond = try expr(c, expected: .bool, scope: scope)
            let (x, y) = try pair(a, b, expected, scope)
            guard x.type.isScalar else {
                throw fail("'if ... then ... else' chooses between scalar values, not maps; choose between their elements", at: e.location)
            }
            return .foldedIte(cond, x, y)
        case .setLiteral(let elements):
            return try setLiteral(elements, expected: expected, scope: scope, at: e.location)
        case .quantifier(let isForall, let binders, let body):
            var inner = scope
            var bound: [(Int, IRType)] = []
            for (n, ts) in binders {
                let t = try resolveType(ts)
                // Any scalar domain elaborates; the concrete engine refuses domains too large to
                // enumerate (Machine.init), the SMT engine quantifies over them.
                guard t.isScalar else {
                    throw fail("a quantifier ranges over a scalar type (bool, bits<N>, an enum or a set), not \(t)", at: ts.location)
                }
                let slot = nextLocal
                nextLocal += 1
                inner.names[n] = .local(slot, t)
                bound.append((slot, t))
            }
            var result = try expr(body, expected: .bool, scope: inner)
            for (slot, t) in bound.reversed() {
                result = Expr(.quantifier(forall: isForall, local: slot, domain: t, body: result), .bool)
            }
            return try check(result, expected, at: e.location)
        }
    }

    func name(_ n: String, expected: IRType?, scope: Scope, at loc: SourceLocation) throws(DiagnosticError) -> Expr {
        if let b = scope.names[n] {
            switch b {
            case .local(let i, let t): return Expr(.local(i), t)
            case .param(let i, let t): return Expr(.param(i), t)
            case .value(let e): return e
            case .integer: fatalError("folded by the caller")
            }
        }
        if let i = fieldIndex[n] {
            guard scope.allowFields else { throw fail("state field '\(n)' cannot be read here", at: loc) }
            return Expr(.field(i), fields[i].type)
        }
        if case .enumeration(let e)? = expected, let i = e.cases.firstIndex(of: n) {
            return .constant(UInt64(i), .enumeration(e))
        }
        let owners = enumOrder.filter { $0.cases.contains(n) }
        if owners.count == 1, let e = owners.first {
            return .constant(UInt64(e.cases.firstIndex(of: n)!), .enumeration(e))
        }
        if owners.count > 1 {
            throw fail("'\(n)' is a case of several enums (\(owners.map(\.name).joined(separator: ", "))); write Enum.\(n)", at: loc)
        }
        let known = Array(scope.names.keys) + Array(fieldIndex.keys) + Array(constants.keys) + enumOrder.flatMap(\.cases)
        throw fail("unknown name '\(n)'", at: loc, notes: Self.suggestion(n, known))
    }

    mutating func binary(_ op: String, _ a: ExprSyntax, _ b: ExprSyntax, expected: IRType?, scope: Scope,
                         at loc: SourceLocation) throws(DiagnosticError) -> Expr {
        switch op {
        case "&&", "||", "==>":
            let x = try expr(a, expected: .bool, scope: scope), y = try expr(b, expected: .bool, scope: scope)
            return .folded(op == "&&" ? .and : op == "||" ? .or : .implies, x, y)
        case "==", "!=":
            let (x, y) = try pair(a, b, nil, scope)
            guard x.type.isScalar else { throw fail("maps cannot be compared as a whole; compare their elements", at: loc) }
            return .folded(op == "==" ? .eq : .ne, x, y)
        case "<", "<=", ">", ">=":
            let (x, y) = try pair(a, b, nil, scope)
            guard case .bits = x.type else { throw fail("'\(op)' compares bits<N> values (unsigned), not \(x.type)", at: loc) }
            let ops: [String: BinaryOp] = ["<": .ult, "<=": .ule, ">": .ugt, ">=": .uge]
            return Expr(.binary(ops[op]!, x, y), .bool)
        case "in":
            let set: Expr, element: Expr
            if case .setLiteral = b.kind {
                element = try expr(a, expected: nil, scope: scope)
                guard case .enumeration(let en) = element.type else { throw fail("'in' tests an enum value", at: loc) }
                set = try expr(b, expected: .set(en), scope: scope)
            } else {
                set = try expr(b, expected: nil, scope: scope)
                guard case .set(let en) = set.type else { throw fail("the right of 'in' must be a set, not \(set.type)", at: loc) }
                element = try expr(a, expected: .enumeration(en), scope: scope)
            }
            return membership(element, set)
        default:
            let (x, y) = try pair(a, b, expected, scope)
            if case .set = x.type {
                switch op {
                case "|": return Expr(.binary(.bor, x, y), x.type)
                case "&": return Expr(.binary(.band, x, y), x.type)
                case "^": return Expr(.binary(.bxor, x, y), x.type)
                case "-": return Expr(.binary(.band, x, Expr(.unary(.bvnot, y), y.type)), x.type)
                default: throw fail("'\(op)' does not apply to sets (use |, &, - or in)", at: loc)
                }
            }
            guard case .bits = x.type else { throw fail("'\(op)' applies to bits<N> values, not \(x.type)", at: loc) }
            let ops: [String: BinaryOp] = ["+": .add, "-": .sub, "*": .mul, "/": .udiv, "%": .urem, "&": .band,
                                           "|": .bor, "^": .bxor, "<<": .shl, ">>": .lshr]
            return Expr(.binary(ops[op]!, x, y), x.type)
        }
    }

    /// `e in S` as a bit test, written with operations both engines already have.
    func membership(_ element: Expr, _ set: Expr) -> Expr {
        guard case .set(let en) = set.type else { fatalError("membership on a non-set") }
        if let c = element.constantValue {
            return Expr(.binary(.eq, Expr(.extract(hi: Int(c), lo: Int(c), set), .bits(1)), .constant(1, .bits(1))), .bool)
        }
        var result = Expr.false
        for i in en.cases.indices.reversed() {
            let isCase = Expr(.binary(.eq, element, .constant(UInt64(i), element.type)), .bool)
            let bit = Expr(.binary(.eq, Expr(.extract(hi: i, lo: i, set), .bits(1)), .constant(1, .bits(1))), .bool)
            result = Expr(.ite(isCase, bit, result), .bool)
        }
        return result
    }

    mutating func setLiteral(_ elements: [ExprSyntax], expected: IRType?, scope: Scope,
                             at loc: SourceLocation) throws(DiagnosticError) -> Expr {
        var en: EnumType
        var items: [Expr] = []
        if case .set(let e)? = expected {
            en = e
        } else if let first = elements.first {
            let x = try expr(first, expected: nil, scope: scope)
            guard case .enumeration(let e) = x.type else { throw fail("set elements must be enum values, not \(x.type)", at: first.location) }
            en = e
        } else {
            throw fail("cannot tell which enum this empty set belongs to", at: loc, notes: ["use it where a set<E> is expected"])
        }
        // One bit per case in a 64-bit word, as for declared `set<E>` types.
        guard en.cases.count <= 64 else {
            throw fail("a set's enum may have at most 64 cases; '\(en.name)' has \(en.cases.count)", at: loc,
                       notes: ["compare with '==' and '||' instead of writing a set"])
        }
        for el in elements { items.append(try expr(el, expected: .enumeration(en), scope: scope)) }
        let t = IRType.set(en)
        var mask: UInt64 = 0
        var result: Expr?
        for item in items {
            if let c = item.constantValue { mask |= UInt64(1) << c; continue }
            var single = Expr.constant(0, t)
            for i in en.cases.indices.reversed() {
                single = Expr(.ite(Expr(.binary(.eq, item, .constant(UInt64(i), item.type)), .bool),
                                   .constant(UInt64(1) << UInt64(i), t), single), t)
            }
            result = result.map { Expr(.binary(.bor, $0, single), t) } ?? single
        }
        let constant = Expr.constant(mask, t)
        guard let dynamic = result else { return constant }
        return mask == 0 ? dynamic : Expr(.binary(.bor, dynamic, constant), t)
    }

    mutating func call(_ f: String, _ args: [ExprSyntax], scope: Scope,
                       at loc: SourceLocation) throws(DiagnosticError) -> Expr {
        func arity(_ n: Int) throws(DiagnosticError) {
            guard args.count == n else { throw fail("'\(f)' takes \(n) argument\(n == 1 ? "" : "s"), not \(args.count)", at: loc) }
        }
        switch f {
        case "zext", "sext":
            try arity(2)
            let x = try expr(args[0], expected: nil, scope: scope)
            guard case .bits(let w) = x.type else { throw fail("'\(f)' extends a bits<N> value, not \(x.type)", at: args[0].location) }
            guard let n = fold(args[1], scope), n >= UInt64(w), n <= 64 else {
                throw fail("'\(f)' needs a constant target width between \(w) and 64", at: args[1].location)
            }
            if n == UInt64(w) { return x }
            return Expr(f == "zext" ? .zeroExtend(Int(n) - w, x) : .signExtend(Int(n) - w, x), .bits(Int(n)))
        case "concat":
            try arity(2)
            let x = try expr(args[0], expected: nil, scope: scope), y = try expr(args[1], expected: nil, scope: scope)
            guard case .bits(let a) = x.type, case .bits(let b) = y.type, a + b <= 64 else {
                throw fail("'concat' joins two bits<N> values of at most 64 bits together", at: loc)
            }
            return Expr(.concat(x, y), .bits(a + b))
        case "slt", "sle", "sgt", "sge", "ashr":
            try arity(2)
            let (x, y) = try pair(args[0], args[1], nil, scope)
            guard case .bits = x.type else { throw fail("'\(f)' applies to bits<N> values, not \(x.type)", at: loc) }
            let ops: [String: BinaryOp] = ["slt": .slt, "sle": .sle, "sgt": .sgt, "sge": .sge, "ashr": .ashr]
            return Expr(.binary(ops[f]!, x, y), f == "ashr" ? x.type : .bool)
        case "subset":
            try arity(2)
            let (x, y) = try pair(args[0], args[1], nil, scope)
            guard case .set = x.type else { throw fail("'subset' compares two sets, not \(x.type)", at: loc) }
            let outside = Expr(.binary(.band, x, Expr(.unary(.bvnot, y), y.type)), x.type)
            return Expr(.binary(.eq, outside, .constant(0, x.type)), .bool)
        default:
            break
        }
        guard let fn = functions[f] else {
            throw fail("unknown function '\(f)'", at: loc,
                       notes: Self.suggestion(f, Array(functions.keys) + ["zext", "sext", "concat", "slt", "sle", "sgt", "sge", "ashr", "subset"]))
        }
        guard args.count == fn.params.count else {
            throw fail("'\(f)' takes \(fn.params.count) argument\(fn.params.count == 1 ? "" : "s"), not \(args.count)", at: loc)
        }
        if inlining.contains(f) { throw fail("function '\(f)' calls itself; functions may not recurse", at: loc) }
        if inlining.count >= Self.maxInlineDepth { throw fail("functions nest deeper than \(Self.maxInlineDepth) calls", at: loc) }
        var inner = Scope(allowFields: scope.allowFields)
        for (p, a) in zip(fn.params, args) {
            let t = try resolveType(p.type)
            inner.names[p.name] = .value(try expr(a, expected: t, scope: scope))
        }
        let result = try resolveType(fn.result)
        inlining.append(f)
        defer { inlining.removeLast() }
        return try expr(fn.body, expected: result, scope: inner)
    }
}
