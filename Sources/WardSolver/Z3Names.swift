/// Rules for the names WardSolver gives to constants and sorts, so that
/// `Z3Solver.smtlib2()` always produces a script other solvers read back with the same
/// meaning. Z3 4.8.12's SMT-LIB printer quotes `|a b|` correctly, but prints reserved
/// words (`assert`, `let`, `_`), `true`, the empty name (as `null`), and a leading digit
/// (`1x`) bare, cannot quote `|` or `\`, uses `?x…`/`$x…` for its own `let` names, and
/// uses `name!N` for fresh constants.
enum Z3Names {
    /// SMT-LIB 2.6 reserved words, command names included (§3.1, §3.9).
    static let reserved: Set<String> = [
        "!", "_", "as", "BINARY", "DECIMAL", "exists", "HEXADECIMAL", "forall", "let",
        "match", "NUMERAL", "par", "STRING",
        "assert", "check-sat", "check-sat-assuming", "declare-const", "declare-datatype",
        "declare-datatypes", "declare-fun", "declare-sort", "define-fun", "define-fun-rec",
        "define-funs-rec", "define-sort", "echo", "exit", "get-assertions", "get-assignment",
        "get-info", "get-model", "get-option", "get-proof", "get-unsat-assumptions",
        "get-unsat-core", "get-value", "pop", "push", "reset", "reset-assertions", "set-info",
        "set-logic", "set-option",
    ]
    /// Symbols of the Core theory, which every script has in scope.
    static let core: Set<String> = ["true", "false", "not", "and", "or", "xor", "=>", "=", "distinct", "ite"]
    /// Built-in sort names a user sort must not shadow.
    static let builtinSorts: Set<String> = [
        "Bool", "Int", "Real", "Array", "BitVec", "String", "RegLan", "FloatingPoint",
        "RoundingMode", "Float16", "Float32", "Float64", "Float128", "Seq",
    ]

    enum Kind: String { case constant = "constant", sort = "sort", freshPrefix = "fresh-constant prefix" }

    /// Throws unless `name` can be used as a name of the given kind. (A fresh prefix gets
    /// "!N" appended by Z3, so only its first character and its characters matter.)
    static func check(_ name: String, _ kind: Kind) throws {
        func reject(_ why: String) -> Z3Error {
            Z3Error.invalidArgument("\(kind.rawValue) \"\(name)\" \(why)")
        }
        guard let first = name.unicodeScalars.first else { throw reject("is empty") }
        if name.unicodeScalars.contains(where: { $0 == "|" || $0 == "\\" || $0 == "\0" }) {
            throw reject("contains '|', '\\' or NUL, which SMT-LIB cannot quote")
        }
        if ("0"..."9").contains(first) { throw reject("starts with a digit") }
        if "?$@.".unicodeScalars.contains(first) {
            throw reject("starts with '\(first)', reserved for solver-internal names")
        }
        if kind == .freshPrefix { return }
        if reserved.contains(name) || core.contains(name) || (kind == .sort && builtinSorts.contains(name)) {
            throw reject("is a reserved or predefined SMT-LIB symbol")
        }
        if endsWithFreshSuffix(name) { throw reject("ends with '!<digits>', reserved for fresh constants") }
    }

    /// Whether `name` looks like "x!12" (the shape of Z3's fresh names).
    static func endsWithFreshSuffix(_ name: String) -> Bool {
        guard let bang = name.lastIndex(of: "!") else { return false }
        let digits = name[name.index(after: bang)...]
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
