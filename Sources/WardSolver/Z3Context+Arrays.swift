import CZ3

// Arrays and quantifiers.
extension Z3Context {
    /// `(select array index)`.
    public func select(_ array: Z3Term, _ index: Z3Term) throws -> Z3Term {
        try own([array, index])
        return try term("Z3_mk_select") { c in Z3_mk_select(c, array.raw, index.raw) }
    }

    /// `(store array index value)`.
    public func store(_ array: Z3Term, _ index: Z3Term, _ value: Z3Term) throws -> Z3Term {
        try own([array, index, value])
        return try term("Z3_mk_store") { c in Z3_mk_store(c, array.raw, index.raw, value.raw) }
    }

    /// The array over `domain` that maps every index to `value`.
    public func constArray(_ domain: Z3Sort, _ value: Z3Term) throws -> Z3Term {
        try own(domain)
        try own(value)
        return try term("Z3_mk_const_array") { c in Z3_mk_const_array(c, domain.raw, value.raw) }
    }

    /// `(forall (bound…) body)`; each bound term must be a constant (from `constant` or
    /// `fresh`). No bound constants gives `body`.
    public func forall(_ bound: [Z3Term], _ body: Z3Term) throws -> Z3Term {
        try quantifier(bound, body, forall: true)
    }

    /// `(exists (bound…) body)`; see `forall`.
    public func exists(_ bound: [Z3Term], _ body: Z3Term) throws -> Z3Term {
        try quantifier(bound, body, forall: false)
    }

    /// `(lambda (bound…) body)`: the array whose element at the bound values is `body`. Each
    /// bound term must be a constant (from `constant` or `fresh`); no bound constants is an error.
    public func lambda(_ bound: [Z3Term], _ body: Z3Term) throws -> Z3Term {
        try own(bound)
        try own(body)
        guard !bound.isEmpty else { throw Z3Error.invalidArgument("a lambda needs at least one bound constant") }
        return try withLock {
            var apps: [Z3_app?] = []
            for b in bound {
                let app: Z3_app? = try call { c in
                    guard Z3_is_app(c, b.raw), let app = Z3_to_app(c, b.raw),
                          Z3_get_app_num_args(c, app) == 0,
                          Z3_get_decl_kind(c, Z3_get_app_decl(c, app)) == Z3_OP_UNINTERPRETED else { return nil }
                    return app
                }
                guard let app else { throw Z3Error.invalidArgument("lambda bound term \(b) is not a constant") }
                apps.append(app)
            }
            return try term("Z3_mk_lambda_const") { c in Z3_mk_lambda_const(c, UInt32(apps.count), apps, body.raw) }
        }
    }

    private func quantifier(_ bound: [Z3Term], _ body: Z3Term, forall: Bool) throws -> Z3Term {
        try own(bound)
        try own(body)
        try requireBool(body, "quantifier body")
        if bound.isEmpty { return body }
        return try withLock {
            var apps: [Z3_app?] = []
            for b in bound {
                let app: Z3_app? = try call { c in
                    guard Z3_is_app(c, b.raw), let app = Z3_to_app(c, b.raw),
                          Z3_get_app_num_args(c, app) == 0,
                          Z3_get_decl_kind(c, Z3_get_app_decl(c, app)) == Z3_OP_UNINTERPRETED else { return nil }
                    return app
                }
                guard let app else {
                    throw Z3Error.invalidArgument("quantifier bound term \(b) is not a constant")
                }
                apps.append(app)
            }
            return try term(forall ? "Z3_mk_forall_const" : "Z3_mk_exists_const") { c in
                forall
                    ? Z3_mk_forall_const(c, 0, UInt32(apps.count), apps, 0, nil, body.raw)
                    : Z3_mk_exists_const(c, 0, UInt32(apps.count), apps, 0, nil, body.raw)
            }
        }
    }
}
