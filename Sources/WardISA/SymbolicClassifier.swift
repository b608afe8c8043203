import WardIR
import WardSMT
import WardSolver

/// The Z3 engine: the classifier's questions as satisfiability queries over the same IR,
/// behavior sensitivity as 2-safety by self-composition (two copies of the state).
final class SymbolicClassifier {
    let view: ISAView
    let timeoutMilliseconds: UInt32
    let z3: Z3Context
    let encoder: Encoder
    let executor: SymbolicExecutor
    let s1: [Z3Term], s2: [Z3Term]
    let valid1: Z3Term, valid2: Z3Term
    let inD1: Z3Term
    var queries = 0

    init(_ view: ISAView, timeoutMilliseconds: UInt32, queryLog: QueryLog? = nil) throws {
        self.view = view
        self.timeoutMilliseconds = timeoutMilliseconds
        let z3 = try Z3Context(queryLog: queryLog)
        let enc = Encoder(z3: z3, model: view.model)
        let model = view.model
        func state(_ tag: String) throws -> [Z3Term] {
            try model.fields.map { try z3.constant("\(tag).\($0.name)", try enc.sort($0.type)) }
        }
        func valid(_ s: [Z3Term]) throws -> Z3Term {
            let env = Encoder.Environment(state: s)
            return try z3.and(try zip(s, model.fields).map { try enc.wellFormed($0, $1.type) }
                              + model.invariants.map { try enc.encode($0.expr, env) })
        }
        let a = try state("s1"), b = try state("s2")
        let va = try valid(a)
        // D: valid states the deprivileged assignments leave unchanged.
        let fixed = try SymbolicExecutor(encoder: enc).execute(model.deprivileged, state: a)
        inD1 = try z3.and([va] + (try view.deprivileged.sorted().map { try z3.eq(fixed.post[$0], a[$0]) }))
        self.z3 = z3; encoder = enc; executor = SymbolicExecutor(encoder: enc)
        s1 = a; s2 = b; valid1 = va; valid2 = try valid(b)
    }

    enum Answer { case yes(Z3Model), no, unknown(String) }

    func ask(_ facts: [Z3Term]) throws -> Answer {
        queries += 1
        let solver = try Z3Solver(z3, timeoutMilliseconds: timeoutMilliseconds)
        for f in facts { try solver.assert(f) }
        switch try solver.check() {
        case .sat: return .yes(try solver.model())
        case .unsat: return .no
        case .unknown(let why): return .unknown(why)
        }
    }

    func classify(_ i: Int) throws -> RawVerdict {
        var raw = RawVerdict()
        let model = view.model
        let action = model.actions[i]
        let (fields, _) = view.relevance(i)
        let params = try action.params.map { try z3.constant("\(action.name).\($0.name)", try encoder.sort($0.type)) }
        let paramsOK = try z3.and(try zip(params, action.params).map { try encoder.wellFormed($0, $1.type) })
        let e1 = try executor.execute(action.body, state: s1, params: params)
        let e2 = try executor.execute(action.body, state: s2, params: params)
        let runs1 = try z3.and([e1.enabled, try z3.not(e1.trapped)])
        let runs2 = try z3.and([e2.enabled, try z3.not(e2.trapped)])
        let modeIs = { (s: [Z3Term], v: UInt64) throws -> Z3Term in
            try self.z3.eq(s[self.view.mode.field], try self.encoder.constant(v, model.fields[self.view.mode.field].type))
        }
        let witness = SymbolicWitness(view: view, encoder: encoder, fields: fields, action: action, params: params)
        func record(_ a: Answer, _ question: String, _ make: (Z3Model) throws -> Witness) throws -> Witness? {
            switch a {
            case .yes(let m): return try make(m)
            case .no: return nil
            case .unknown(let why): raw.unknown.append("\(action.name): \(question): \(why)"); return nil
            }
        }
        raw.runsDeprivileged = try record(try ask([paramsOK, inD1, runs1]), "runs deprivileged") {
            try witness.single("runs without trapping in a deprivileged state", $0, s1, e1)
        }
        raw.runsSupervisor = try record(try ask([paramsOK, valid1, try modeIs(s1, view.mode.supervisor), runs1]), "runs in supervisor mode") {
            try witness.single("runs without trapping in supervisor mode", $0, s1, e1)
        }
        // Closure: a run from a valid state ends in one (only invariants over written fields can break).
        let written = Footprint(action.body).writes
        for inv in model.invariants where !Footprint(inv.expr).reads.isDisjoint(with: written) {
            let after = try encoder.encode(inv.expr, Encoder.Environment(state: e1.post))
            raw.breaks[inv.name] = try record(try ask([paramsOK, valid1, runs1, try z3.not(after)]), "does it keep invariant \(inv.name)") {
                try witness.single("leaves the valid states: the result breaks invariant \(inv.name)", $0, s1, e1)
            }
        }
        raw.traps = try trapProfile(i, params: params, paramsOK: paramsOK, effect: e1, witness: witness, unknown: &raw.unknown)
        let changesOwned = try z3.or(try view.owned.map { try z3.not(try z3.eq(e1.post[$0], s1[$0])) })
        raw.control = try record(try ask([paramsOK, valid1, runs1, changesOwned]), "control sensitivity") {
            try witness.single("changes protected state or the mode without trapping", $0, s1, e1)
        }
        if raw.control != nil {
            raw.controlUser = try record(try ask([paramsOK, valid1, runs1, changesOwned, try modeIs(s1, view.mode.user)]),
                                         "control sensitivity in user mode") {
                try witness.single("changes protected state without trapping, in user mode", $0, s1, e1)
            }
        }
        let sameVisible = try z3.and(try view.visible.map { try z3.eq(s1[$0], s2[$0]) })
        let differentResult = try z3.or(try view.visible.map { try z3.not(try z3.eq(e1.post[$0], e2.post[$0])) })
        let pair = [paramsOK, valid1, valid2, sameVisible, runs1, runs2, differentResult]
        raw.behavior = try record(try ask(pair), "behavior sensitivity") {
            try witness.pair("equal visible state, different visible results", $0, s1, s2, e1, e2)
        }
        if raw.behavior != nil {
            raw.behaviorUser = try record(try ask(pair + [try modeIs(s1, view.mode.user), try modeIs(s2, view.mode.user)]),
                                          "behavior sensitivity in user mode") {
                try witness.pair("equal visible state, different visible results, both in user mode", $0, s1, s2, e1, e2)
            }
            for f in fields where view.owned.contains(f) {
                let others = try z3.and(try view.owned.filter { $0 != f }.map { try z3.eq(s1[$0], s2[$0]) })
                if let w = try record(try ask(pair + [others]), "sensitivity to \(model.fields[f].name)", {
                    try witness.pair("states that differ only in \(model.fields[f].name) give different visible results", $0, s1, s2, e1, e2)
                }) {
                    if raw.kinds[view.kind(of: f)] == nil { raw.kinds[view.kind(of: f)] = w }
                }
            }
        }
        return raw
    }
}

/// Witnesses read off a Z3 model: the relevant fields' values (maps as Z3 prints them).
struct SymbolicWitness {
    let view: ISAView
    let encoder: Encoder
    let fields: [Int]
    let action: Action
    let params: [Z3Term]

    func value(_ t: Z3Term, _ type: IRType, _ m: Z3Model) throws -> String {
        let v = try m.eval(t)
        if type.isScalar, let n = type == .bool ? (encoder.z3.boolValue(v).map { $0 ? 1 : 0 }) : encoder.z3.numeral(v) {
            return formatScalar(n, type)
        }
        return v.description
    }

    func formatScalar(_ v: UInt64, _ t: IRType) -> String {
        switch t {
        case .bool: return v != 0 ? "true" : "false"
        case .bits(let n): return n >= 8 ? "0x" + String(v, radix: 16) : String(v)
        case .enumeration(let e): return Int(v) < e.cases.count ? e.cases[Int(v)] : "<\(v)>"
        case .set(let e): return "{" + e.cases.indices.filter { v >> UInt64($0) & 1 == 1 }.map { e.cases[$0] }.joined(separator: ", ") + "}"
        case .map: return "<map>"
        }
    }

    func describe(_ s: [Z3Term], _ m: Z3Model) throws -> [String] {
        try fields.map { "\(view.model.fields[$0].name) = \(try value(s[$0], view.model.fields[$0].type, m))" }
    }

    func operands(_ m: Z3Model) throws -> [String] {
        try zip(action.params, params).map { "\($0.name) = \(try value($1, $0.type, m))" }
    }

    func result(_ s: [Z3Term], _ e: SymbolicEffect, _ m: Z3Model) throws -> [String] {
        if try m.bool(e.trapped) {
            let k = Int(try m.uint64(e.trapKind))
            return ["traps (\(k < view.model.trapKinds.count ? view.model.trapKinds[k] : "?"))"]
        }
        var out: [String] = []
        for f in fields {
            let before = try value(s[f], view.model.fields[f].type, m), after = try value(e.post[f], view.model.fields[f].type, m)
            if before != after { out.append("\(view.model.fields[f].name): \(before) → \(after)") }
        }
        return out.isEmpty ? ["no change"] : out
    }

    func single(_ finding: String, _ m: Z3Model, _ s: [Z3Term], _ e: SymbolicEffect) throws -> Witness {
        Witness(finding: finding, operands: try operands(m), states: [try describe(s, m)], results: [try result(s, e, m)])
    }

    func pair(_ finding: String, _ m: Z3Model, _ a: [Z3Term], _ b: [Z3Term], _ ea: SymbolicEffect, _ eb: SymbolicEffect) throws -> Witness {
        Witness(finding: finding, operands: try operands(m), states: [try describe(a, m), try describe(b, m)],
                results: [try result(a, ea, m), try result(b, eb, m)])
    }
}
