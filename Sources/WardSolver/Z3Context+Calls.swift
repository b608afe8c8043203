import CZ3
import Foundation

// The one path by which WardSolver talks to Z3: lock, call, check the error, never use NULL.
extension Z3Context {
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Throws the error recorded for the Z3 call(s) just made on this thread. Hold `lock`.
    func checkError() throws {
        var message: UnsafePointer<CChar>? = nil
        let code = cz3_take_error(raw, &message)
        guard code != Z3_OK else { return }
        let text = message.map { String(cString: $0) } ?? "unknown Z3 error"
        throw Z3Error(code: Int(code.rawValue),
                      message: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs Z3 calls under the lock, then throws if any of them reported an error.
    func call<T>(_ body: (Z3_context) throws -> T) throws -> T {
        try withLock {
            cz3_clear_error(raw)
            let result: T
            do {
                result = try body(raw)
            } catch {
                try checkError()  // Z3's own error, if any, explains a NULL result best
                throw error
            }
            try checkError()
            return result
        }
    }

    /// Like `call`, for a call returning an AST: the result is non-NULL and is retained
    /// (wrapped in a `Z3Term`) before any other Z3 call can free it.
    func term(_ what: @autoclosure () -> String, _ body: (Z3_context) throws -> Z3_ast?) throws -> Z3Term {
        try call { c in
            guard let result = try body(c) else { throw Z3Error.nullResult(what()) }
            return Z3Term(self, result)
        }
    }

    /// Like `term`, for a call returning a sort.
    func sort(_ what: @autoclosure () -> String, _ body: (Z3_context) throws -> Z3_sort?) throws -> Z3Sort {
        try call { c in
            guard let result = try body(c) else { throw Z3Error.nullResult(what()) }
            return Z3Sort(self, result)
        }
    }

    /// For the few non-throwing API members whose Z3 calls cannot fail short of a Z3 bug.
    func mustSucceed<T>(_ what: String, _ body: () throws -> T) -> T {
        do { return try body() } catch { fatalError("WardSolver: \(what) failed unexpectedly: \(error)") }
    }

    /// Objects of different contexts must never be mixed (Z3 would crash).
    func own(_ term: Z3Term) throws {
        guard term.context === self else {
            throw Z3Error.invalidArgument("term \(term) belongs to a different Z3Context")
        }
    }

    func own(_ terms: [Z3Term]) throws {
        for t in terms { try own(t) }
    }

    func own(_ sort: Z3Sort) throws {
        guard sort.context === self else {
            throw Z3Error.invalidArgument("sort \(sort) belongs to a different Z3Context")
        }
    }

    /// Throws unless `t` is Boolean (used where Z3 itself does not check).
    func requireBool(_ t: Z3Term, _ role: @autoclosure () -> String) throws {
        let kind = try call { c in Z3_get_sort_kind(c, Z3_get_sort(c, t.raw)) }
        guard kind == Z3_BOOL_SORT else {
            throw Z3Error.invalidArgument("\(role()) must be Boolean, got \(t.sort): \(t)")
        }
    }
}
