import WardIR
import WardSMT
import WardSolver

extension SymbolicClassifier {
    /// The trap profile by Z3. Instead of one query per (form, mode, kind), each query asks for a
    /// trap not yet found (enabled ∧ trapped, outside the (form, mode, kind) triples already seen)
    /// and reads the triple off the model, so an instruction costs one query per triple it raises
    /// plus one; then one query per trapping (form, mode) asks whether it can also run there.
    /// Nil, with the question in `unknown`, when Z3 cannot decide one of them.
    func trapProfile(_ i: Int, params: [Z3Term], paramsOK: Z3Term, effect e: SymbolicEffect,
                     witness: SymbolicWitness, unknown: inout [String]) throws -> TrapProfile? {
        let model = view.model
        let action = model.actions[i]
        var b = TrapProfileBuilder(model: model, action: i)
        let modeType = model.fields[view.mode.field].type
        let modeTerm = s1[view.mode.field]
        func cellTerm(_ cell: Int) throws -> Z3Term {
            let (f, m) = (cell / b.modeValues.count, b.modeValues[cell % b.modeValues.count])
            var parts = try zip(b.formParams, b.formValues(f)).map { try z3.eq(params[$0], try encoder.constant($1, action.params[$0].type)) }
            parts.append(try z3.eq(modeTerm, try encoder.constant(m, modeType)))
            return try z3.and(parts)
        }
        func scalar(_ t: Z3Term, _ type: IRType, _ m: Z3Model) throws -> UInt64 {
            type == .bool ? (try m.bool(t) ? 1 : 0) : try m.uint64(t)
        }
        let reported = try z3.or(try b.modeValues.map { try z3.eq(modeTerm, try encoder.constant($0, modeType)) })
        let traps = [paramsOK, valid1, reported, e.enabled, e.trapped]
        var seen: [Z3Term] = []
        // Each round finds a new triple, and there are finitely many: the bound only guards a bug.
        for _ in 0...(b.kinds.count * max(model.trapKinds.count, 1)) {
            switch try ask(traps + (try seen.map { try z3.not($0) })) {
            case .no:
                for cell in b.kinds.indices where !b.kinds[cell].isEmpty {
                    switch try ask([paramsOK, valid1, try cellTerm(cell), e.enabled, try z3.not(e.trapped)]) {
                    case .yes: b.runs[cell] = true
                    case .no: break
                    case .unknown(let why): unknown.append("\(action.name): trap profile (can it run?): \(why)"); return nil
                    }
                }
                return b.profile
            case .unknown(let why):
                unknown.append("\(action.name): trap profile: \(why)")
                return nil
            case .yes(let m):
                var values = Array(repeating: UInt64(0), count: params.count)
                for k in b.formParams { values[k] = try scalar(params[k], action.params[k].type, m) }
                let kind = Int(try m.uint64(e.trapKind))
                guard let cell = b.cell(form: b.form(values), mode: try scalar(modeTerm, modeType, m)), kind < model.trapKinds.count else {
                    unknown.append("\(action.name): trap profile: Z3 reported a trap outside the reported modes or kinds")
                    return nil
                }
                try b.raises(cell, kind: kind) { try witness.single("raises \(model.trapKinds[kind])", m, s1, e) }
                seen.append(try z3.and([try cellTerm(cell), try z3.eq(e.trapKind, try z3.bv(UInt64(kind), width: 16))]))
            }
        }
        unknown.append("\(action.name): trap profile: more trap triples than there can be (a bug in Ward)")
        return nil
    }
}
