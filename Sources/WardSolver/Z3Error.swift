import CZ3

/// An error reported by Z3 (or by WardSolver's own argument checks) for one API call.
///
/// `code` is the raw `Z3_error_code` (e.g. 1 sort error, 3 invalid argument, 4 parser
/// error, 12 Z3 exception); `message` is Z3's text for it.
public struct Z3Error: Error, CustomStringConvertible, Sendable {
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "Z3 error \(code): \(message)" }

    /// WardSolver's own argument checks use Z3's "invalid argument" code.
    static func invalidArgument(_ message: String) -> Z3Error {
        Z3Error(code: Int(Z3_INVALID_ARG.rawValue), message: message)
    }

    /// A Z3 call returned NULL without reporting an error (should not happen).
    static func nullResult(_ what: String) -> Z3Error {
        Z3Error(code: Int(Z3_EXCEPTION.rawValue), message: "Z3 returned NULL for \(what)")
    }
}

/// The verdict of a satisfiability check.
public enum SatResult: Equatable, Sendable {
    case sat
    case unsat
    /// Z3 gave up; `reason` is Z3's reason string ("timeout", "canceled",
    /// "max. resource limit exceeded", "incomplete quantifiers", ...).
    case unknown(reason: String)
}
