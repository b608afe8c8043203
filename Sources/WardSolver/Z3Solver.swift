import CZ3

/// A Z3 solver (Z3_mk_solver: the general incremental solver) over one context.
public final class Z3Solver: @unchecked Sendable {
    public let context: Z3Context
    let raw: Z3_solver

    /// - Parameters:
    ///   - timeoutMilliseconds: wall-clock limit per `check` (Z3 param `timeout`); 0 or nil
    ///     means none. When hit, `check` returns `.unknown(reason: "timeout")` or similar.
    ///   - rlimit: deterministic resource limit per `check` (Z3 param `rlimit`, clamped to
    ///     UInt32.max, which is what Z3 accepts); 0 or nil means none. When hit, `check`
    ///     returns `.unknown` with Z3's reason ("max. resource limit exceeded").
    public init(_ context: Z3Context, timeoutMilliseconds: UInt32? = nil, rlimit: UInt64? = nil) throws {
        self.raw = try context.withLock {
            let solver = try context.call { c in Z3_mk_solver(c) }
            guard let solver else { throw Z3Error.nullResult("Z3_mk_solver") }
            try context.call { c in Z3_solver_inc_ref(c, solver) }
            do {
                try Z3Solver.configure(context, solver, timeoutMilliseconds, rlimit)
            } catch {
                Z3_solver_dec_ref(context.raw, solver)
                _ = cz3_take_error(context.raw, nil)
                throw error
            }
            return solver
        }
        self.context = context
    }

    private static func configure(_ context: Z3Context, _ solver: Z3_solver,
                                  _ timeout: UInt32?, _ rlimit: UInt64?) throws {
        let params = try context.call { c in Z3_mk_params(c) }
        guard let params else { throw Z3Error.nullResult("Z3_mk_params") }
        try context.call { c in Z3_params_inc_ref(c, params) }
        defer {
            Z3_params_dec_ref(context.raw, params)
            _ = cz3_take_error(context.raw, nil)
        }
        try context.call { c in
            // No SIGINT handler: installing/restoring it from several threads races.
            Z3_params_set_bool(c, params, Z3_mk_string_symbol(c, "ctrl_c"), false)
            if let timeout {
                Z3_params_set_uint(c, params, Z3_mk_string_symbol(c, "timeout"), timeout)
            }
            if let rlimit {
                Z3_params_set_uint(c, params, Z3_mk_string_symbol(c, "rlimit"), UInt32(min(rlimit, UInt64(UInt32.max))))
            }
            Z3_solver_set_params(c, solver, params)
        }
    }

    deinit {
        context.withLock {
            Z3_solver_dec_ref(context.raw, raw)
            _ = cz3_take_error(context.raw, nil)
        }
    }

    /// Adds a Boolean assertion.
    public func assert(_ t: Z3Term) throws {
        try context.own(t)
        try context.call { c in Z3_solver_assert(c, raw, t.raw) }
    }

    public func push() throws {
        try context.call { c in Z3_solver_push(c, raw) }
    }

    /// Pops `n` scopes; popping more scopes than were pushed throws.
    public func pop(_ n: Int = 1) throws {
        guard n >= 0, n <= Int(UInt32.max) else { throw Z3Error.invalidArgument("pop(\(n))") }
        try context.call { c in Z3_solver_pop(c, raw, UInt32(n)) }
    }

    public func check() throws -> SatResult {
        try run([])
    }

    /// Checks the assertions together with the Boolean `assuming` terms (not added).
    public func check(assuming: [Z3Term]) throws -> SatResult {
        for a in assuming {
            try context.own(a)
            try context.requireBool(a, "assumption")
        }
        return try run(assuming)
    }

    private func run(_ assumptions: [Z3Term]) throws -> SatResult {
        let result = try decide(assumptions)
        if let log = context.queryLog {
            // The assumptions become assertions: the script is the query that was decided.
            log.append(script: try smtlib2(status: result.smtlibStatus, assuming: assumptions), status: result.smtlibStatus)
        }
        return result
    }

    private func decide(_ assumptions: [Z3Term]) throws -> SatResult {
        // A fault armed by a test (SolverFaults) stands for Z3's answer.
        if let injected = try SolverFaults.nextCheck() { return injected }
        return try context.withLock {
            guard context.beginCheck() else { return .unknown(reason: "canceled") }
            let raws: [Z3_ast?] = assumptions.map { $0.raw }
            let result = try context.call { c in
                defer { context.endCheck() }
                return raws.isEmpty
                    ? Z3_solver_check(c, raw)
                    : Z3_solver_check_assumptions(c, raw, UInt32(raws.count), raws)
            }
            switch result {
            case Z3_L_TRUE: return .sat
            case Z3_L_FALSE: return .unsat
            default:
                // Z3 4.8.12 says "interrupted" (or "canceled") after Z3_interrupt; report
                // one stable reason for an interrupted context.
                if context.isInterrupted { return .unknown(reason: "canceled") }
                let reason = try context.call { c -> String in
                    guard let s = Z3_solver_get_reason_unknown(c, raw) else { return "unknown" }
                    return String(cString: s)
                }
                return .unknown(reason: reason)
            }
        }
    }

    /// The model of the last `check` that returned `.sat` (throws if there is none).
    public func model() throws -> Z3Model {
        try context.call { c in
            guard let model = Z3_solver_get_model(c, raw) else { throw Z3Error.nullResult("Z3_solver_get_model") }
            return Z3Model(context, model)
        }
    }

    /// Z3's statistics for this solver (key → value); empty if Z3 cannot provide them.
    public var statistics: [String: Double] {
        let stats = try? context.withLock { () -> [String: Double] in
            let stats = try context.call { c in Z3_solver_get_statistics(c, raw) }
            guard let stats else { return [:] }
            try context.call { c in Z3_stats_inc_ref(c, stats) }
            defer {
                Z3_stats_dec_ref(context.raw, stats)
                _ = cz3_take_error(context.raw, nil)
            }
            return try context.call { c in
                var result: [String: Double] = [:]
                for i in 0..<Z3_stats_size(c, stats) {
                    guard let key = Z3_stats_get_key(c, stats, i) else { continue }
                    result[String(cString: key)] = Z3_stats_is_uint(c, stats, i)
                        ? Double(Z3_stats_get_uint_value(c, stats, i))
                        : Z3_stats_get_double_value(c, stats, i)
                }
                return result
            }
        }
        return stats ?? [:]
    }
}
