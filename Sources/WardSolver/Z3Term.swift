import CZ3

/// A Z3 expression. Keeps its context alive and holds a Z3 reference (inc_ref on init,
/// dec_ref on deinit), so it may be stored and passed around freely.
public final class Z3Term: @unchecked Sendable, CustomStringConvertible {
    public let context: Z3Context
    let raw: Z3_ast

    /// Caller passes a non-NULL AST just returned by Z3, under the context lock, before
    /// making any other Z3 call (which could free an unreferenced result).
    init(_ context: Z3Context, _ raw: Z3_ast) {
        self.context = context
        self.raw = raw
        context.withLock { Z3_inc_ref(context.raw, raw) }
    }

    deinit {
        context.withLock {
            Z3_dec_ref(context.raw, raw)
            _ = cz3_take_error(context.raw, nil)
        }
    }

    /// The sort of the term.
    public var sort: Z3Sort {
        context.mustSucceed("Z3Term.sort") {
            try context.sort("Z3_get_sort") { c in Z3_get_sort(c, raw) }
        }
    }

    /// For error messages: the text of a constant or numeral, and of any other term its outermost
    /// operator only (the text of a large shared term can take far longer to print than the
    /// query took to solve).
    public var head: String {
        let text = try? context.call { c -> String? in
            if Z3_get_ast_kind(c, raw) == Z3_APP_AST, let app = Z3_to_app(c, raw), Z3_get_app_num_args(c, app) > 0 {
                guard let name = Z3_get_symbol_string(c, Z3_get_decl_name(c, Z3_get_app_decl(c, app))) else { return nil }
                return "(" + String(cString: name) + " …)"
            }
            if Z3_get_ast_kind(c, raw) == Z3_QUANTIFIER_AST { return "a quantified term" }
            return nil
        }
        return (text ?? nil) ?? description
    }

    /// SMT-LIB text of the term.
    public var description: String {
        let text = try? context.call { c -> String? in
            guard let s = Z3_ast_to_string(c, raw) else { return nil }
            return String(cString: s)  // copy now: Z3 reuses the buffer
        }
        return (text ?? nil) ?? "<term>"
    }
}
