import CZ3

/// A Z3 sort. Keeps its context alive and holds a Z3 reference to the sort.
public final class Z3Sort: @unchecked Sendable, CustomStringConvertible {
    public let context: Z3Context
    let raw: Z3_sort

    /// Caller holds the context lock and passes a non-NULL sort just returned by Z3.
    init(_ context: Z3Context, _ raw: Z3_sort) {
        self.context = context
        self.raw = raw
        context.withLock { Z3_inc_ref(context.raw, Z3_sort_to_ast(context.raw, raw)) }
    }

    deinit {
        context.withLock {
            Z3_dec_ref(context.raw, Z3_sort_to_ast(context.raw, raw))
            _ = cz3_take_error(context.raw, nil)
        }
    }

    /// The width of a bit-vector sort; nil for any other sort.
    public var bvWidth: Int? {
        let width = try? context.call { c -> Int? in
            guard Z3_get_sort_kind(c, raw) == Z3_BV_SORT else { return nil }
            return Int(Z3_get_bv_sort_size(c, raw))
        }
        return width ?? nil
    }

    /// SMT-LIB text of the sort, e.g. "(_ BitVec 8)".
    public var description: String {
        let text = try? context.call { c -> String? in
            guard let s = Z3_sort_to_string(c, raw) else { return nil }
            return String(cString: s)  // copy now: Z3 reuses the buffer
        }
        return (text ?? nil) ?? "<sort>"
    }
}
