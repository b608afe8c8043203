import CZ3

// Exporting the current assertions as a stand-alone SMT-LIB 2 script.
extension Z3Solver {
    /// A complete SMT-LIB 2 script of the current assertions (all open scopes flattened):
    /// a comment line, `(set-info :status …)`, `declare-sort`/`declare-fun` for every
    /// uninterpreted sort and constant, one `assert` per assertion, `(check-sat)`.
    /// No `set-logic` is emitted, so other solvers (e.g. cvc5) use their full logic.
    ///
    /// Uses `Z3_benchmark_to_smtlib_string`, not `Z3_solver_to_string`: the latter has
    /// no status or `check-sat` and annotates quantifiers with Z3-only `:weight`.
    ///
    /// - Parameters:
    ///   - status: "sat", "unsat" or "unknown" (nil means "unknown").
    ///   - assuming: Boolean terms asserted after the solver's own (the assumptions of a
    ///     `check(assuming:)`), so the script states the query that was decided.
    public func smtlib2(status: String? = nil, assuming: [Z3Term] = []) throws -> String {
        let status = status ?? "unknown"
        guard ["sat", "unsat", "unknown"].contains(status) else {
            throw Z3Error.invalidArgument("SMT-LIB status must be sat, unsat or unknown, not \"\(status)\"")
        }
        return try context.withLock {
            let vector = try context.call { c in Z3_solver_get_assertions(c, raw) }
            guard let vector else { throw Z3Error.nullResult("Z3_solver_get_assertions") }
            try context.call { c in Z3_ast_vector_inc_ref(c, vector) }
            defer {
                Z3_ast_vector_dec_ref(context.raw, vector)
                _ = cz3_take_error(context.raw, nil)
            }
            let count = try context.call { c in Z3_ast_vector_size(c, vector) }
            for a in assuming {
                try context.own(a)
                try context.requireBool(a, "assumption")
            }
            let assertions = try (0..<count).map { i in
                try context.term("Z3_ast_vector_get") { c in Z3_ast_vector_get(c, vector, i) }
            } + assuming
            // The API wants n-1 "assumptions" plus one "formula"; each becomes an assert.
            let formula = assertions.last ?? context.bool(true)
            let others: [Z3_ast?] = assertions.dropLast().map { $0.raw }
            let text = try context.call { c -> String in
                guard let s = Z3_benchmark_to_smtlib_string(
                    c, "exported by WardSolver from Z3 \(Z3Context.fullVersion)", "ALL", status, "",
                    UInt32(others.count), others, formula.raw) else { return "" }
                return String(cString: s)
            }
            guard !text.isEmpty else { throw Z3Error.nullResult("Z3_benchmark_to_smtlib_string") }
            return text
        }
    }
}
