import WardIR

/// Outcome of one action instance on a concrete state.
public enum StepOutcome: Equatable, Sendable {
    case next([UInt64])
    case trapped(Int)     // kind index; the state is unchanged
    case disabled
}

/// One action with concrete parameter values: a transition label.
public struct Label: Hashable, Sendable {
    public var action: Int
    public var params: [UInt64]
    public init(action: Int, params: [UInt64]) { self.action = action; self.params = params }
}

public struct ConcreteLimitError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ d: String) { description = d }
}

/// A model compiled for the concrete engine: the emulator's and the explorer's view of the IR.
public final class Machine: @unchecked Sendable {
    public let model: Model
    public let layout: StateLayout
    let actions: [Executor]
    /// Each action's top-level statements compiled one by one, for emulation that can be interrupted.
    let actionStatements: [[Executor]]
    let properties: [Evaluator]
    /// The model's `reachable` predicates, in declaration order.
    let goals: [Evaluator]
    let initBody: Executor
    let deprivileged: Executor
    let frame: Frame
    let localCount: Int
    public static let maxInstances = 1 << 22

    /// Largest quantifier domain the concrete engine enumerates.
    public static let maxQuantifierDomain: UInt64 = 1 << 20

    public init(_ model: Model) throws {
        for p in model.checkedProperties + model.reachables { try Self.checkQuantifiers(p.expr, in: p.name) }
        for a in model.actions { try Self.checkQuantifiers(a.body, in: a.name) }
        try Self.checkQuantifiers(model.initBody, in: "init")
        try Self.checkQuantifiers(model.deprivileged, in: "deprivileged")
        self.model = model
        let layout = try StateLayout(model)
        self.layout = layout
        let compiler = Compiler(model: model, layout: layout)
        actions = model.actions.map { compiler.compile($0.body) }
        actionStatements = model.actions.map { $0.body.map { compiler.compile([$0]) } }
        properties = model.checkedProperties.map { compiler.compile($0.expr) }
        goals = model.reachables.map { compiler.compile($0.expr) }
        initBody = compiler.compile(model.initBody)
        deprivileged = compiler.compile(model.deprivileged)
        localCount = ([model.initLocalCount, model.deprivilegedLocalCount] + model.actions.map(\.localCount)
                      + (model.checkedProperties + model.reachables).map(\.localCount)).max() ?? 1
        frame = Frame(state: [], params: [], locals: localCount)
    }

    static func checkQuantifiers(_ e: Expr, in owner: String) throws(ConcreteLimitError) {
        switch e.kind {
        case .quantifier(_, _, let domain, let body):
            guard let card = domain.cardinality, card <= maxQuantifierDomain else {
                throw ConcreteLimitError("'\(owner)' quantifies over \(domain), too many values for the concrete engine; reduce the width or use the SMT engine")
            }
            try checkQuantifiers(body, in: owner)
        case .index(let a, let b), .binary(_, let a, let b), .concat(let a, let b):
            try checkQuantifiers(a, in: owner); try checkQuantifiers(b, in: owner)
        case .unary(_, let a), .extract(_, _, let a), .zeroExtend(_, let a), .signExtend(_, let a):
            try checkQuantifiers(a, in: owner)
        case .ite(let c, let a, let b):
            try checkQuantifiers(c, in: owner); try checkQuantifiers(a, in: owner); try checkQuantifiers(b, in: owner)
        case .constant, .field, .param, .local: break
        }
    }

    static func checkQuantifiers(_ stmts: [Stmt], in owner: String) throws(ConcreteLimitError) {
        for s in stmts {
            switch s {
            case .assign(let lv, let v):
                if let b = lv.forEach {
                    guard let card = b.domain.cardinality, card <= maxQuantifierDomain else {
                        throw ConcreteLimitError("'\(owner)' updates a map at every \(b.domain), too many values for the concrete engine; reduce the width or use the SMT engine")
                    }
                }
                for k in lv.keys { try checkQuantifiers(k, in: owner) }; try checkQuantifiers(v, in: owner)
            case .bind(_, let v), .require(let v): try checkQuantifiers(v, in: owner)
            case .ifElse(let c, let t, let e): try checkQuantifiers(c, in: owner); try checkQuantifiers(t, in: owner); try checkQuantifiers(e, in: owner)
            case .trap: break
            }
        }
    }

    /// Runs one action instance. Traps leave the state as it was (the trap is the outcome).
    public func step(_ state: [UInt64], _ label: Label) -> StepOutcome {
        frame.state = state
        frame.params = label.params
        let r = actions[label.action](frame)
        if r == 0 { return .next(frame.state) }
        return r < 0 ? .disabled : .trapped(Int(r - 1))
    }

    /// Runs one action instance statement by statement on a working copy of the state; `fault`
    /// is asked before each statement and a `true` abandons the run (the caller's state is
    /// untouched, since only the copy was written): the outcome is then `.disabled`.
    public func stepTransactionally(_ state: [UInt64], _ label: Label, fault: (Int) -> Bool) -> StepOutcome {
        let work = Frame(state: state, params: label.params, locals: localCount)
        for (i, statement) in actionStatements[label.action].enumerated() {
            if fault(i) { return .disabled }
            let r = statement(work)
            if r < 0 { return .disabled }
            if r > 0 { return .trapped(Int(r - 1)) }
        }
        return .next(work.state)
    }

    /// Number of top-level statements of an action (the points where emulation can be interrupted).
    public func statementCount(_ action: Int) -> Int { actionStatements[action].count }

    /// Evaluates checked property `index` (invariants first, then properties) on a state.
    public func holds(_ index: Int, in state: [UInt64]) -> Bool {
        frame.state = state
        return properties[index](frame) != 0
    }

    /// Evaluates the model's `reachable` predicate `index` on a state.
    public func reaches(_ index: Int, in state: [UInt64]) -> Bool {
        frame.state = state
        return goals[index](frame) != 0
    }

    /// Applies the model's `deprivileged` assignments (the VMM's configuration) to a state.
    public func deprivilege(_ state: [UInt64]) -> [UInt64] {
        frame.state = state
        _ = deprivileged(frame)
        return frame.state
    }

    /// Every value of a scalar type, in order (the enumeration order both engines agree on).
    public static func domain(_ t: IRType, limit: UInt64) throws(ConcreteLimitError) -> UInt64 {
        guard let card = t.cardinality, card <= limit else {
            throw ConcreteLimitError("type \(t) has too many values to enumerate (limit \(limit)); reduce the width")
        }
        return card
    }

    /// All instances of every action, actions in declaration order, parameters as an odometer
    /// with the first parameter most significant.
    public func labels() throws(ConcreteLimitError) -> [Label] {
        var out: [Label] = []
        for (i, a) in model.actions.enumerated() {
            var cards: [UInt64] = []
            var total: UInt64 = 1
            for p in a.params {
                let c = try Self.domain(p.type, limit: UInt64(Self.maxInstances))
                cards.append(c)
                total = total.multipliedReportingOverflow(by: c).partialValue
                if total > UInt64(Self.maxInstances) {
                    throw ConcreteLimitError("action '\(a.name)' has more than \(Self.maxInstances) parameter combinations; reduce the width")
                }
            }
            for tuple in Odometer(cards) { out.append(Label(action: i, params: tuple)) }
        }
        return out
    }

    /// The initial states: initialised fields fixed, the others enumerated, then the init block.
    public func initialStates(limit: UInt64 = 1 << 22) throws(ConcreteLimitError) -> [[UInt64]] {
        var base = Array(repeating: UInt64(0), count: layout.slotCount)
        var freeSlots: [Int] = []
        var cards: [UInt64] = []
        var total: UInt64 = 1
        frame.locals = Array(repeating: 0, count: localCount)
        let compiler = Compiler(model: model, layout: layout)
        for (i, f) in model.fields.enumerated() {
            let n = StateLayout.slots(f.type) ?? 0
            let off = layout.offsets[i]
            if let initial = f.initial {
                let v = compiler.compile(initial)(frame)
                for s in off..<off + n { base[s] = v }
            } else {
                let card = try Self.domain(Elaborated.leaf(f.type), limit: limit)
                for s in off..<off + n {
                    freeSlots.append(s); cards.append(card)
                    total = total.multipliedReportingOverflow(by: card).partialValue
                    if total > limit || total == 0 {
                        throw ConcreteLimitError("too many initial states (field '\(f.name)' is unconstrained); give fields initial values")
                    }
                }
            }
        }
        var result: [[UInt64]] = []
        var seen = Set<[UInt64]>()
        for tuple in Odometer(cards) {
            var s = base
            for (slot, v) in zip(freeSlots, tuple) { s[slot] = v }
            frame.state = s
            let r = initBody(frame)
            if r < 0 { continue }
            if r > 0 { throw ConcreteLimitError("the init block traps; traps belong in actions") }
            if seen.insert(frame.state).inserted { result.append(frame.state) }
        }
        return result
    }
}

enum Elaborated {
    static func leaf(_ t: IRType) -> IRType { if case .map(_, let v) = t { return leaf(v) }; return t }
}

/// Counts through every tuple below the given cardinalities, the first position most significant.
public struct Odometer: Sequence, IteratorProtocol {
    let cards: [UInt64]
    var current: [UInt64]?
    public init(_ cards: [UInt64]) {
        self.cards = cards
        current = cards.contains(0) ? nil : Array(repeating: 0, count: cards.count)
    }
    public mutating func next() -> [UInt64]? {
        guard let c = current else { return nil }
        var n = c
        var i = cards.count - 1
        while i >= 0 {
            n[i] += 1
            if n[i] < cards[i] { break }
            n[i] = 0
            i -= 1
        }
        current = i < 0 ? nil : n
        return c
    }
}
