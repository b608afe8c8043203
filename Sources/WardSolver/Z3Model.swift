import CZ3

/// A model returned by `Z3Solver.model()`; stays valid after further solver calls.
public final class Z3Model: @unchecked Sendable {
    public let context: Z3Context
    let raw: Z3_model

    /// Caller holds the context lock and passes a non-NULL model just returned by Z3.
    init(_ context: Z3Context, _ raw: Z3_model) {
        self.context = context
        self.raw = raw
        context.withLock { Z3_model_inc_ref(context.raw, raw) }
    }

    deinit {
        context.withLock {
            Z3_model_dec_ref(context.raw, raw)
            _ = cz3_take_error(context.raw, nil)
        }
    }

    /// The value of `t` in the model. With `completion`, constants the model leaves open
    /// get a default value, so ground terms evaluate to literals.
    public func eval(_ t: Z3Term, completion: Bool = true) throws -> Z3Term {
        try context.own(t)
        let value = try context.call { c -> Z3Term? in
            var result: Z3_ast? = nil
            guard Z3_model_eval(c, raw, t.raw, completion, &result), let result else { return nil }
            return Z3Term(context, result)  // retain before any other Z3 call
        }
        guard let value else {
            throw Z3Error(code: Int(Z3_EXCEPTION.rawValue), message: "cannot evaluate \(t.head) in the model")
        }
        return value
    }

    /// The value of a bit-vector term (width ≤ 64); throws if it is not a numeral.
    public func uint64(_ t: Z3Term) throws -> UInt64 {
        let value = try eval(t)
        guard let n = context.numeral(value) else {
            throw Z3Error.invalidArgument("\(t.head) evaluates to \(value.head), not a bit-vector numeral of width ≤ 64")
        }
        return n
    }

    /// The value of a Boolean term; throws if it does not evaluate to true or false.
    public func bool(_ t: Z3Term) throws -> Bool {
        let value = try eval(t)
        guard let b = context.boolValue(value) else {
            throw Z3Error.invalidArgument("\(t.head) evaluates to \(value.head), not true or false")
        }
        return b
    }
}
