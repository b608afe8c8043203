import CZ3

// Simplification, reading literal values, and parsing SMT-LIB text.
extension Z3Context {
    /// Z3's simplifier; ground bit-vector and Boolean terms become literals.
    public func simplify(_ a: Z3Term) throws -> Z3Term {
        try own(a)
        return try term("Z3_simplify") { c in Z3_simplify(c, a.raw) }
    }

    /// The value of a bit-vector numeral of width ≤ 64; nil for anything else (including
    /// unsimplified ground terms such as `bvadd #x01 #x02`).
    public func numeral(_ a: Z3Term) -> UInt64? {
        guard a.context === self else { return nil }
        return try? call { c -> UInt64? in
            guard Z3_is_numeral_ast(c, a.raw) else { return nil }
            let sort = Z3_get_sort(c, a.raw)
            guard Z3_get_sort_kind(c, sort) == Z3_BV_SORT, Z3_get_bv_sort_size(c, sort) <= 64 else { return nil }
            var value: UInt64 = 0
            return Z3_get_numeral_uint64(c, a.raw, &value) ? value : nil
        }
    }

    /// `true`/`false` for the Boolean literals, nil otherwise.
    public func boolValue(_ a: Z3Term) -> Bool? {
        guard a.context === self else { return nil }
        let value = try? call { c in Z3_get_bool_value(c, a.raw) }
        switch value {
        case Z3_L_TRUE?: return true
        case Z3_L_FALSE?: return false
        default: return nil
        }
    }

    /// The assertions of an SMT-LIB 2 script (its declarations are made in this context;
    /// `check-sat` and similar commands are ignored). A syntax or sort error throws
    /// `Z3Error` with code 4 (parser error) and Z3's message.
    public func parseSMTLIB2(_ script: String) throws -> [Z3Term] {
        try withLock {
            // On a parse error Z3 still returns a (partial) vector: never touch it then.
            let vector = try call { c in Z3_parse_smtlib2_string(c, script, 0, nil, nil, 0, nil, nil) }
            guard let vector else { throw Z3Error.nullResult("Z3_parse_smtlib2_string") }
            try call { c in Z3_ast_vector_inc_ref(c, vector) }
            defer {
                Z3_ast_vector_dec_ref(raw, vector)
                _ = cz3_take_error(raw, nil)
            }
            let count = try call { c in Z3_ast_vector_size(c, vector) }
            return try (0..<count).map { i in
                try term("Z3_ast_vector_get") { c in Z3_ast_vector_get(c, vector, i) }
            }
        }
    }
}

/// The outermost construction of an array-valued term, as far as reading one element of it is
/// concerned (`Z3Context.arrayForm`).
public enum Z3ArrayForm {
    /// `(store array index value)`.
    case store(array: Z3Term, index: Z3Term, value: Z3Term)
    /// `(ite condition then otherwise)` over arrays.
    case ite(condition: Z3Term, then: Z3Term, otherwise: Z3Term)
    /// `((as const ...) value)`: every element is `value`.
    case constant(value: Z3Term)
    /// `(lambda (x) body)` with one bound variable: `Z3Context.apply` reads an element.
    case lambda
}

extension Z3Term: Hashable {
    /// Z3 shares structurally equal terms of one context, so the same AST is the same term.
    public static func == (a: Z3Term, b: Z3Term) -> Bool { a.context === b.context && a.raw == b.raw }
    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}

extension Z3Context {
    /// How an array-valued term is built at its top, or nil for anything else (an array
    /// constant, a select from an array of arrays, ...).
    public func arrayForm(_ a: Z3Term) -> Z3ArrayForm? {
        guard a.context === self else { return nil }
        return try? withLock { () -> Z3ArrayForm? in
            let lambda = try call { c in Z3_is_lambda(c, a.raw) && Z3_get_quantifier_num_bound(c, a.raw) == 1 }
            if lambda { return .lambda }
            let kind: (Z3_decl_kind, [Z3_ast])? = try call { c in
                guard Z3_is_app(c, a.raw), let app = Z3_to_app(c, a.raw) else { return nil }
                let n = Z3_get_app_num_args(c, app)
                return (Z3_get_decl_kind(c, Z3_get_app_decl(c, app)), (0..<n).compactMap { Z3_get_app_arg(c, app, $0) })
            }
            guard let (op, args) = kind else { return nil }
            // The arguments belong to `a`, alive here: retained before any other Z3 call.
            let terms = args.map { Z3Term(self, $0) }
            switch (op, terms.count) {
            case (Z3_OP_STORE, 3): return .store(array: terms[0], index: terms[1], value: terms[2])
            case (Z3_OP_ITE, 3): return .ite(condition: terms[0], then: terms[1], otherwise: terms[2])
            case (Z3_OP_CONST_ARRAY, 1): return .constant(value: terms[0])
            default: return nil
            }
        }
    }

    /// The element of a one-variable lambda (`arrayForm` says `.lambda`) at `index`: its body
    /// with the bound variable replaced (beta reduction), without building a select.
    public func apply(_ lambda: Z3Term, _ index: Z3Term) throws -> Z3Term {
        try own([lambda, index])
        return try term("Z3_substitute_vars") { c in
            guard Z3_is_lambda(c, lambda.raw), Z3_get_quantifier_num_bound(c, lambda.raw) == 1,
                  let body = Z3_get_quantifier_body(c, lambda.raw) else { return nil }
            var to: [Z3_ast?] = [index.raw]
            return Z3_substitute_vars(c, body, 1, &to)
        }
    }
}
