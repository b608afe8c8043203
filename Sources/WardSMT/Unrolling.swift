import WardConcrete
import WardIR
import WardSolver

/// The model's transition system over Z3 terms: symbolic states s0, s1, ... linked by one
/// chosen action instance per step. Shared by BMC and k-induction.
final class Unrolling {
    let encoder: Encoder
    let executor: SymbolicExecutor
    let model: Model
    var z3: Z3Context { encoder.z3 }

    /// States s0...sk; `freeInitial` are the pre-init values of fields without initialisers.
    var states: [[Z3Term]] = []
    var freeInitial: [(field: Int, term: Z3Term)] = []
    /// Per step: the chosen action and every action's parameters.
    var choices: [Z3Term] = []
    var params: [[[Z3Term]]] = []
    let actionWidth: Int

    init(encoder: Encoder) {
        self.encoder = encoder
        self.executor = SymbolicExecutor(encoder: encoder)
        self.model = encoder.model
        actionWidth = max(1, Int.bitWidth - max(encoder.model.actions.count - 1, 0).leadingZeroBitCount)
    }

    /// An unconstrained, well-formed state (the start of an induction step).
    func arbitraryState(_ tag: String) throws -> (state: [Z3Term], constraint: Z3Term) {
        var state: [Z3Term] = []
        var wf: [Z3Term] = []
        for f in model.fields {
            let t = try z3.constant("\(tag).\(f.name)", try encoder.sort(f.type))
            state.append(t)
            wf.append(try encoder.wellFormed(t, f.type))
        }
        return (state, try z3.and(wf))
    }

    /// s0 of an execution from the initial states; returns the constraint that makes it one.
    func initialState() throws -> Z3Term {
        var state: [Z3Term] = []
        var constraints: [Z3Term] = []
        freeInitial = []
        for (i, f) in model.fields.enumerated() {
            if let initial = f.initial {
                state.append(try encoder.uniform(f.type, try encoder.encode(initial, Encoder.Environment(state: []))))
            } else {
                let t = try z3.constant("init.\(f.name)", try encoder.sort(f.type))
                freeInitial.append((i, t))
                constraints.append(try encoder.wellFormed(t, f.type))
                state.append(t)
            }
        }
        let effect = try executor.execute(model.initBody, state: state)
        constraints.append(effect.enabled)
        constraints.append(try z3.not(effect.trapped))
        // An initial map given by the init block is a ground term (store chains on constant keys);
        // as a fresh array pinned cell by cell it is much easier for the array solver.
        var initial: [Z3Term] = []
        for (i, f) in model.fields.enumerated() {
            let t = try z3.simplify(effect.post[i])
            if let (c, cells) = try pinned(t, f) { initial.append(c); constraints += cells } else { initial.append(t) }
        }
        states = [initial]
        choices = []; params = []
        return try z3.and(constraints)
    }

    static let pinLimit: UInt64 = 4096

    /// A fresh constant for a ground map value over small finite keys, with one equation per
    /// element; nil when the value is not ground or the map is too large.
    func pinned(_ t: Z3Term, _ f: Field) throws -> (Z3Term, [Z3Term])? {
        guard case .map = f.type else { return nil }
        var keyTypes: [IRType] = []
        var leaf = f.type
        var cells: UInt64 = 1
        while case .map(let k, let v) = leaf {
            guard let card = encoder.finiteCardinality(k) else { return nil }
            cells *= card
            guard cells <= Self.pinLimit else { return nil }
            keyTypes.append(k)
            leaf = v
        }
        let c = try z3.constant("init0.\(f.name)", try encoder.sort(f.type))
        var equations: [Z3Term] = []
        for tuple in Odometer(keyTypes.map { encoder.finiteCardinality($0)! }) {
            var value = t, cell = c
            for (k, kt) in zip(tuple, keyTypes) {
                let key = try encoder.constant(k, kt)
                value = try z3.select(value, key)
                cell = try z3.select(cell, key)
            }
            value = try z3.simplify(value)
            guard z3.numeral(value) != nil || z3.boolValue(value) != nil else { return nil }
            equations.append(try z3.eq(cell, value))
        }
        return (c, equations)
    }

    /// Starts the unrolling at a given state instead of the initial states.
    func start(at state: [Z3Term]) {
        states = [state]; choices = []; params = []; freeInitial = []
    }

    /// Adds step k → k+1; returns the constraint that some enabled action instance was taken.
    func addStep() throws -> Z3Term {
        let k = choices.count
        let pre = states[k]
        let choice = try z3.constant("act@\(k)", try z3.bvSort(actionWidth))
        var enabled: [Z3Term] = []
        var posts: [[Z3Term]] = []
        var stepParams: [[Z3Term]] = []
        var constraints: [Z3Term] = []
        for (a, action) in model.actions.enumerated() {
            var ps: [Z3Term] = []
            for p in action.params {
                let t = try z3.constant("\(action.name).\(p.name)@\(k)", try encoder.sort(p.type))
                constraints.append(try encoder.wellFormed(t, p.type))
                ps.append(t)
            }
            stepParams.append(ps)
            let effect = try executor.execute(action.body, state: pre, params: ps)
            enabled.append(try z3.and([try z3.eq(choice, try z3.bv(UInt64(a), width: actionWidth)), effect.enabled]))
            posts.append(effect.post)
        }
        var next: [Z3Term] = []
        for f in model.fields.indices {
            var value = posts.last?[f] ?? pre[f]
            for a in stride(from: model.actions.count - 2, through: 0, by: -1) {
                value = try z3.ite(try z3.eq(choice, try z3.bv(UInt64(a), width: actionWidth)), posts[a][f], value)
            }
            next.append(value)
        }
        choices.append(choice)
        params.append(stepParams)
        states.append(next)
        constraints.append(try z3.or(enabled))
        return try z3.and(constraints)
    }

    /// Adds step k → k+1 taking the one action instance `label` (its arguments fixed); returns
    /// the constraint that it is enabled and does not trap.
    func addStep(_ label: Label) throws -> Z3Term {
        let k = choices.count
        let action = model.actions[label.action]
        var ps: [Z3Term] = []
        for (p, v) in zip(action.params, label.params) { ps.append(try encoder.constant(v, p.type)) }
        let effect = try executor.execute(action.body, state: states[k], params: ps)
        choices.append(try z3.bv(UInt64(label.action), width: actionWidth))
        params.append(model.actions.indices.map { $0 == label.action ? ps : [] })
        states.append(effect.post)
        return try z3.and([effect.enabled, try z3.not(effect.trapped)])
    }

    /// The conjunction of the given checked properties at state k.
    func properties(_ indices: [Int], at k: Int) throws -> Z3Term {
        let env = Encoder.Environment(state: states[k])
        return try z3.and(indices.map { try encoder.encode(model.checkedProperties[$0].expr, env) })
    }

    /// Some given checked property fails at state k (`not properties(indices, at: k)`, with the
    /// properties' outer universal quantifiers as fresh witnesses: Encoder.refute).
    func violation(_ indices: [Int], at k: Int) throws -> Z3Term {
        let env = Encoder.Environment(state: states[k])
        return try z3.or(indices.map { try encoder.refute(model.checkedProperties[$0].expr, env) })
    }

    func property(_ index: Int, on state: [Z3Term]) throws -> Z3Term {
        try encoder.encode(model.checkedProperties[index].expr, Encoder.Environment(state: state))
    }
}
