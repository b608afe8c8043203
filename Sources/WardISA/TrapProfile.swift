import WardConcrete
import WardIR

/// Which trap kinds an instruction can raise, per form and per mode, over the valid states (those
/// satisfying the model's invariants). It is evidence for a VMM writer (which traps reach the
/// dispatcher from a deprivileged guest; why an always-trapping SVC is not privileged) and an
/// observation finer than the table: a removed bounds check changes no class, but it changes this.
public struct TrapProfile: Sendable {
    public struct Entry: Sendable {
        /// The instruction's enumeration and bool operands ("s = SS"): empty when it has none.
        public var form: [String]
        /// The mode value: "user", "supervisor", or else the mode field's value ("PRV = 1").
        public var mode: String
        /// Trap kinds raised from some valid state of this form and mode, sorted; never empty.
        public var kinds: [String]
        /// Every enabled execution of this form in this mode traps.
        public var always: Bool
        /// One per kind, in the order of `kinds`: a state and operands that raise it.
        public var witnesses: [Witness]

        /// "POP_SEG (s = SS)": the instruction in this form, for evidence text.
        public func subject(_ instruction: String) -> String {
            instruction + (form.isEmpty ? "" : " (" + form.joined(separator: ", ") + ")")
        }
        /// "in user mode", "in PRV = 1".
        public var circumstance: String { "in " + (mode == "user" || mode == "supervisor" ? mode + " mode" : mode) }
        /// "POP_SEG (s = SS) in user mode".
        public func place(_ instruction: String) -> String { subject(instruction) + " " + circumstance }
    }
    public var entries: [Entry]
    /// Each form operand's values, as forms spell them ("s = CS", "s = SS", "s = DS"): empty
    /// without enumeration or bool operands. The summary uses them to leave out free operands.
    public var operands: [[String]]
    public init(entries: [Entry], operands: [[String]]) { self.entries = entries; self.operands = operands }
    public static let empty = TrapProfile(entries: [], operands: [])

    /// How `self` (a mutant's profile, say) differs from `base`, one line per change:
    /// "LOAD no longer raises memory in user mode", "SVC no longer always traps in supervisor mode".
    public func changes(from base: TrapProfile, instruction: String) -> [String] {
        let mine = Dictionary(entries.map { ($0.place(instruction), $0) }, uniquingKeysWith: { a, _ in a })
        let theirs = Dictionary(base.entries.map { ($0.place(instruction), $0) }, uniquingKeysWith: { a, _ in a })
        var out: [String] = []
        // User mode first: what a deprivileged guest raises is what a VMM's dispatcher sees.
        let places = Set(mine.keys).union(theirs.keys).sorted {
            let (a, b) = ((mine[$0] ?? theirs[$0])!.mode != "user", (mine[$1] ?? theirs[$1])!.mode != "user")
            return a != b ? !a : $0 < $1
        }
        for place in places {
            let now = mine[place], was = theirs[place]
            let e = (now ?? was)!
            let (who, when) = (e.subject(instruction), e.circumstance)
            for k in (was?.kinds ?? []) where !(now?.kinds.contains(k) ?? false) { out.append("\(who) no longer raises \(k) \(when)") }
            for k in (now?.kinds ?? []) where !(was?.kinds.contains(k) ?? false) { out.append("\(who) now raises \(k) \(when)") }
            let (a, b) = (was?.always ?? false, now?.always ?? false)
            if a != b { out.append("\(who) \(b ? "now always traps" : "no longer always traps") \(when)") }
        }
        return out
    }

    /// One line per instruction: "memory in supervisor, user", "gp in user [s = SS; s = DS];
    /// always traps in user [s = CS]". A mode's forms are listed only when not all apply, and
    /// without the operands that do not matter there.
    public var summary: String {
        func cells(_ es: [Entry]) -> String {
            var byMode: [(mode: String, forms: [[String]])] = []
            for e in es {
                if let k = byMode.firstIndex(where: { $0.mode == e.mode }) { byMode[k].forms.append(e.form) } else { byMode.append((e.mode, [e.form])) }
            }
            // Modes with the same forms share one group: "supervisor, user [s = SS]".
            var groups: [(modes: [String], forms: [String])] = []
            for (m, fs) in byMode {
                let shown = reduced(fs)
                if let k = groups.firstIndex(where: { $0.forms == shown }) { groups[k].modes.append(m) } else { groups.append(([m], shown)) }
            }
            return groups.map { g in g.modes.joined(separator: ", ") + (g.forms.isEmpty ? "" : " [" + g.forms.joined(separator: "; ") + "]") }
                .joined(separator: "; ")
        }
        let kinds = Set(entries.flatMap(\.kinds)).sorted()
        var parts = kinds.map { k in k + " in " + cells(entries.filter { $0.kinds.contains(k) }) }
        let always = entries.filter(\.always)
        if !always.isEmpty { parts.append("always traps in " + cells(always)) }
        return parts.isEmpty ? "never traps" : parts.joined(separator: "; ")
    }

    /// A set of forms without its free operands (the set holds every value of such an operand
    /// with each of the others'): [] when every form is in it, else the remaining forms spelled out.
    func reduced(_ forms: [[String]]) -> [String] {
        var set = Set(forms), kept = Array(operands.indices)
        for k in operands.indices.reversed() {
            let at = kept.firstIndex(of: k)!
            let rest = Set(set.map { f in var g = f; g.remove(at: at); return g })
            guard rest.count * operands[k].count == set.count else { continue }
            set = rest
            kept.remove(at: at)
        }
        if kept.isEmpty { return [] }
        // Sorted in the operands' declaration order of values, as the forms were enumerated.
        let order = { (f: [String]) in zip(kept, f).map { k, v in operands[k].firstIndex(of: v) ?? 0 } }
        return set.sorted { order($0).lexicographicallyPrecedes(order($1)) }.map { $0.joined(separator: ", ") }
    }
}

/// Collects a trap profile from either engine: dense (form, mode) cells, forms in mixed radix
/// over the enumeration and bool operands (last varying fastest), modes in value order.
struct TrapProfileBuilder {
    let model: Model
    let action: Int
    /// Operands that make up a form: enumeration- and bool-typed ones.
    let formParams: [Int]
    let formCards: [UInt64]
    /// Mode values reported: all of them for a mode of at most 16 values, else supervisor and user.
    let modeValues: [UInt64]
    let modeIndex: [UInt64: Int]
    var kinds: [[Int: Witness]]
    var runs: [Bool]

    static let maxModeValues: UInt64 = 16

    init(model: Model, action: Int) {
        self.model = model
        self.action = action
        let params = model.actions[action].params
        formParams = params.indices.filter {
            if case .enumeration = params[$0].type { return true }
            return params[$0].type == .bool
        }
        formCards = formParams.map { params[$0].type.cardinality ?? 1 }
        let mode = model.mode!
        if let c = model.fields[mode.field].type.cardinality, c <= Self.maxModeValues {
            modeValues = Array(0..<c)
        } else {
            modeValues = mode.supervisor == mode.user ? [mode.supervisor] : [mode.supervisor, mode.user].sorted()
        }
        modeIndex = Dictionary(uniqueKeysWithValues: modeValues.enumerated().map { ($1, $0) })
        let cells = formCards.reduce(1) { $0 * Int($1) } * modeValues.count
        kinds = Array(repeating: [:], count: cells)
        runs = Array(repeating: false, count: cells)
    }

    /// The form's index from the operand values (all of them, in declaration order).
    func form(_ params: [UInt64]) -> Int {
        zip(formParams, formCards).reduce(0) { $0 * Int($1.1) + Int(params[$1.0]) }
    }

    /// The cell of a form and mode value; nil for a mode value not reported.
    func cell(form: Int, mode: UInt64) -> Int? {
        modeIndex[mode].map { form * modeValues.count + $0 }
    }

    /// The form's operand values (only the form operands, in order).
    func formValues(_ form: Int) -> [UInt64] {
        var out = Array(repeating: UInt64(0), count: formCards.count)
        var rest = UInt64(form)
        for k in stride(from: formCards.count - 1, through: 0, by: -1) { out[k] = rest % formCards[k]; rest /= formCards[k] }
        return out
    }

    mutating func raises(_ cell: Int, kind: Int, _ witness: () throws -> Witness) rethrows {
        if kinds[cell][kind] == nil { kinds[cell][kind] = try witness() }
    }

    var profile: TrapProfile {
        let params = model.actions[action].params
        let mode = model.mode!
        var entries: [TrapProfile.Entry] = []
        for cell in kinds.indices where !kinds[cell].isEmpty {
            let (f, m) = (cell / modeValues.count, modeValues[cell % modeValues.count])
            let form = zip(formParams, formValues(f)).map { "\(params[$0].name) = \(ValueFormatter.format($1, params[$0].type))" }
            let modeName = m == mode.user ? "user" : m == mode.supervisor ? "supervisor"
                : "\(model.fields[mode.field].name) = \(ValueFormatter.format(m, model.fields[mode.field].type))"
            let named = kinds[cell].map { (model.trapKinds[$0.key], $0.value) }.sorted { $0.0 < $1.0 }
            entries.append(TrapProfile.Entry(form: form, mode: modeName, kinds: named.map(\.0), always: !runs[cell],
                                             witnesses: named.map(\.1)))
        }
        let operands = zip(formParams, formCards).map { k, c in
            (0..<c).map { "\(params[k].name) = \(ValueFormatter.format($0, params[k].type))" }
        }
        return TrapProfile(entries: entries, operands: operands)
    }
}
