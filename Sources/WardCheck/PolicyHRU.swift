import WardConcrete
import WardIR

/// HRU safety ("can right r ever enter cell [s, o]?") decided exactly for mono-operational
/// policies (Harrison, Ruzzo & Ullman 1976, Theorem 2), on the same machine the explorer runs.
///
/// The argument. When every command performs one primitive operation and its conditions only
/// test for the presence of rights (and of live slots), taking rights away never enables a
/// command, so a shortest leak has no `delete` or `destroy`; and created slots can be merged into
/// initial ones (the merged run stays enabled and enters the same rights), so it needs no
/// `create` either. Each of its commands then enters at least one new right into a cell of the
/// initial subjects and objects: its length is at most |R|·|S0|·|O0| minus the rights held
/// initially. And because the conditions are monotone, the set of reachable matrices has a
/// greatest element, the saturation (apply every enabled growing command until nothing
/// changes, at most that many rounds): r can enter [s, o] iff the saturation holds it. A leak's
/// trace is then found by breadth-first search over the growing commands within the bound.
public enum PolicyHRU {
    public struct Decision: Sendable {
        public enum Outcome: Sendable { case safe, unsafe(Trace) }
        public var outcome: Outcome
        /// The HRU length bound: no shortest leak is longer.
        public var bound: Int
        /// Rights the saturation adds to the initial matrix, and the rounds it took.
        public var added: Int
        public var rounds: Int
        /// Subjects, objects and rights the bound counts.
        public var subjects: Int, objects: Int, rights: Int
        /// The policy creates subjects or objects: created slots merge into initial ones (no
        /// command tests its parameters), so the decision holds for any number of them, not only
        /// for the spare slots.
        public var creates: Bool

        public var argument: String {
            "HRU, mono-operational: a leak needs at most \(bound) commands (\(rights) rights × \(subjects) subjects × \(objects) objects, "
                + "less the rights held initially) on the initial subjects and objects; the saturated matrix adds \(added) "
                + "right\(added == 1 ? "" : "s") in \(rounds) round\(rounds == 1 ? "" : "s")"
                + (creates ? "; for any number of created subjects and objects" : "")
        }
    }

    /// Why the HRU decision does not apply to this model, or nil when it does.
    public static func inapplicability(_ model: Model) -> String? {
        guard let p = model.policy else { return "not an access-matrix policy" }
        let creates = p.commands.contains { $0.operations.contains { if case .create = $0 { true } else { false } } }
        for shape in p.commands {
            let name = model.actions[shape.action].name
            if shape.otherStatements || shape.operations.count > 1 {
                return "command '\(name)' is not mono-operational (it does more than one primitive operation)"
            }
            if !shape.hasMonotoneConditions {
                return "command '\(name)' has a condition other than a test for a right (a negative test, or a test on other state)"
            }
            if creates && shape.hasParameterTests {
                return "command '\(name)' tests its parameters, so created slots cannot be merged into initial ones"
            }
        }
        if model.fields.indices.contains(where: { $0 != p.matrix && $0 != p.aliveSubject && $0 != p.aliveObject }) {
            return "the policy has state other than the matrix"
        }
        return nil
    }

    /// Decides `query`, or nil when the argument does not apply (or the machine cannot run it).
    public static func decide(_ model: Model, machine: Machine, query: PolicyInfo.SafetyQuery,
                              maxStates: Int = 2_000_000) -> Decision? {
        guard inapplicability(model) == nil, let p = model.policy,
              let labels = try? machine.labels(), let initials = try? machine.initialStates(), initials.count == 1 else { return nil }
        let initial = initials[0]
        let layout = machine.layout
        let objects = p.objects.cases.count
        func slot(_ s: UInt64, _ o: UInt64) -> Int { layout.offsets[p.matrix] + Int(s) * objects + Int(o) }
        func leaks(_ state: [UInt64]) -> Bool { state[slot(query.subject, query.object)] >> query.right & 1 == 1 }

        // The initial subjects and objects: the live ones (every named one without slots).
        func live(_ field: Int?, _ count: Int) -> Int {
            guard let f = field else { return count }
            return (0..<count).filter { initial[layout.offsets[f] + $0] != 0 }.count
        }
        let s0 = live(p.aliveSubject, p.subjects.cases.count), o0 = live(p.aliveObject, objects), r = p.rights.cases.count
        var held = 0
        for s in 0..<UInt64(p.subjects.cases.count) { for o in 0..<UInt64(objects) { held += initial[slot(s, o)].nonzeroBitCount } }
        let bound = max(0, r * s0 * o0 - held)

        // Growing commands: enter and create (delete and destroy never help a leak).
        let growing = Set(p.commands.filter { shape in
            shape.operations.allSatisfy { op in
                switch op { case .enter, .create: true; case .delete, .destroy: false }
            }
        }.map(\.action))
        let grow = labels.filter { growing.contains($0.action) }

        var saturated = initial
        var rounds = 0
        var changed = true
        while changed {
            changed = false
            for l in grow {
                guard case .next(let t) = machine.step(saturated, l), t != saturated else { continue }
                saturated = t
                changed = true
            }
            if changed { rounds += 1 }
        }
        let creates = p.commands.contains { $0.operations.contains { if case .create = $0 { true } else { false } } }
        var d = Decision(outcome: .safe, bound: bound, added: matrixBits(saturated, initial, p, layout), rounds: rounds,
                         subjects: s0, objects: o0, rights: r, creates: creates)
        guard leaks(saturated) else { return d }

        // Unsafe: the shortest leak, by breadth-first search over the growing commands.
        if leaks(initial) { d.outcome = .unsafe(Trace(initial: initial, steps: [], property: query.property)); return d }
        var states: [[UInt64]] = [initial]
        var parent: [Int] = [-1]
        var via: [Int] = [-1]
        var seen: [[UInt64]: Int] = [initial: 0]
        var level = 0..<1
        var depth = 0
        while !level.isEmpty, depth < max(bound, 1) + 1, states.count < maxStates {
            let start = states.count
            for i in level {
                for (li, l) in grow.enumerated() {
                    guard case .next(let t) = machine.step(states[i], l), seen[t] == nil else { continue }
                    seen[t] = states.count
                    states.append(t); parent.append(i); via.append(li)
                    if leaks(t) {
                        var steps: [TraceStep] = []
                        var j = states.count - 1
                        while parent[j] >= 0 { steps.append(TraceStep(label: grow[via[j]], state: states[j])); j = parent[j] }
                        d.outcome = .unsafe(Trace(initial: initial, steps: steps.reversed(), property: query.property))
                        return d
                    }
                }
            }
            level = start..<states.count
            depth += 1
        }
        return nil
    }

    static func matrixBits(_ a: [UInt64], _ b: [UInt64], _ p: PolicyInfo, _ layout: StateLayout) -> Int {
        let start = layout.offsets[p.matrix], n = p.subjects.cases.count * p.objects.cases.count
        return (start..<start + n).reduce(0) { $0 + (a[$1] & ~b[$1]).nonzeroBitCount }
    }

    /// Refines engine verdicts on HRU safety properties with the decision (`ward verify`, `ward check`).
    static func refine(_ model: Model, _ machine: Machine?, _ verdicts: [PropertyVerdict]) -> [PropertyVerdict] {
        guard let p = model.policy, !p.safety.isEmpty, let machine else { return verdicts }
        return verdicts.map { v in
            guard let q = p.safety.first(where: { $0.property == v.property }), let d = decide(model, machine: machine, query: q) else { return v }
            var v = v
            switch (d.outcome, v.status) {
            case (.safe, .violated), (.unsafe, .holds):
                v.status = .unknown
                v.summary = "the HRU decision disagrees with the engines (a bug in Ward)"
            case (.safe, _):
                v.status = .holds
                v.summary = "holds (decided: \(d.argument); no leak)"
            case (.unsafe(let t), .violated):
                if v.trace != nil, v.trace?.steps.count != t.steps.count {
                    v.status = .unknown
                    v.summary = "the HRU decision's shortest leak (\(t.steps.count) steps) differs from the engines' (a bug in Ward)"
                } else {
                    v.summary += " (decided: \(d.argument))"
                }
            case (.unsafe(let t), _):
                v.status = .violated
                v.trace = t
                v.summary = "violated (decided: \(d.argument)); shortest leak has \(t.steps.count) step\(t.steps.count == 1 ? "" : "s")"
            }
            return v
        }
    }
}
