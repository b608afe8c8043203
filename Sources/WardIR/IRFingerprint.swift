/// Textual fingerprints of IR: equal fingerprints, equal semantics (the text spells every node).
/// `ward mutate` keys its caches on them, and the classifier reuses an unchanged instruction's
/// verdict from the model a mutant was made from.
public enum IRFingerprint {
    public static func body(_ stmts: [Stmt]) -> String {
        stmts.map { s -> String in
            switch s {
            case .assign(let lv, let v): "a\(lv.field)\(lv.keys.map(\.description))\(lv.forEach.map { "\($0.local)" } ?? "")=\(v)"
            case .bind(let l, let v): "b\(l)=\(v)"
            case .ifElse(let c, let t, let e): "i(\(c)){\(body(t))}{\(body(e))}"
            case .trap(let k): "t\(k)"
            case .require(let c): "r\(c)"
            }
        }.joined(separator: ";")
    }

    /// An action's operands, names and types. Types are spelled, not compared: an enum type
    /// equals only itself, and every load of a model makes its own.
    public static func operands(_ a: Action) -> String {
        a.params.map { "\($0.name):\($0.type)" }.joined(separator: ",")
    }

    /// Everything of a model but its actions: enums, fields and their roles, invariants, the
    /// deprivileged configuration, the mode, trap kinds and constants. Without `trapKinds`, the
    /// context two revisions must share to be compared instruction by instruction (kinds are
    /// numbered by first use, so a comparison goes by their names).
    public static func context(_ m: Model, trapKinds: Bool = true) -> String {
        var parts = m.enums.map { "e \($0.name)\($0.unbounded ? "+" : ""):\($0.cases.joined(separator: ","))" }
        parts += m.fields.map { "f \($0.name):\($0.type):\($0.role):\($0.tag ?? "")" }
        parts += m.invariants.map { "v \($0.name)=\($0.expr)" }
        parts.append("d " + body(m.deprivileged))
        parts.append("m " + (m.mode.map { "\($0.field),\($0.supervisor),\($0.user)" } ?? "-"))
        if trapKinds { parts.append("t " + m.trapKinds.joined(separator: ",")) }
        parts += m.constants.sorted { $0.key < $1.key }.map { "c \($0.key)=\($0.value)" }
        return parts.joined(separator: "\n")
    }
}
