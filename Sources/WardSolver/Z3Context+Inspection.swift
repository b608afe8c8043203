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
