import WardConcrete
import WardIR

/// Explains a counterexample of an access-matrix policy in the policy's own terms, from the trace
/// and the model's structure (`PolicyInfo`): which commands a service performs, for which
/// caller, and which rights each command checks. Nothing here knows any particular model.
public enum PolicyExplain {
    /// The matrix as the concrete engine lays it out.
    struct Matrix {
        let info: PolicyInfo
        let offset: Int
        let objects: Int

        init?(_ model: Model, _ layout: StateLayout) {
            guard let info = model.policy else { return nil }
            self.info = info
            offset = layout.offsets[info.matrix]
            objects = info.objects.cases.count
        }

        func slot(_ s: UInt64, _ o: UInt64) -> Int { offset + Int(s) * objects + Int(o) }
        func cell(_ state: [UInt64], _ s: UInt64, _ o: UInt64) -> UInt64 { state[slot(s, o)] }
        func subject(_ s: UInt64) -> String { Int(s) < info.subjects.cases.count ? info.subjects.cases[Int(s)] : "<\(s)>" }
        func object(_ o: UInt64) -> String { Int(o) < info.objects.cases.count ? info.objects.cases[Int(o)] : "<\(o)>" }
        func rights(_ mask: UInt64) -> String {
            info.rights.cases.indices.filter { mask >> UInt64($0) & 1 == 1 }.map { info.rights.cases[$0] }.joined(separator: "/")
        }
    }

    /// One line per step that calls for an explanation, as "step N: ...".
    public static func lines(_ trace: Trace, model: Model) -> [String] {
        guard let layout = try? StateLayout(model), let m = Matrix(model, layout) else { return [] }
        var out: [String] = []
        var pre = trace.initial
        for (i, step) in trace.steps.enumerated() {
            defer { pre = step.state }
            let action = step.label.action
            guard let (service, callerParam) = m.info.service(of: action) else { continue }
            let caller = step.label.params[callerParam]
            let shape = m.info.commands[action]
            func value(_ a: PolicyInfo.Arg) -> UInt64? {
                switch a {
                case .param(let p): step.label.params[p]
                case .constant(let v): v
                case .other: nil
                }
            }
            for s in 0..<UInt64(m.info.subjects.cases.count) {
                for o in 0..<UInt64(m.objects) {
                    let added = m.cell(step.state, s, o) & ~m.cell(pre, s, o)
                    guard added != 0, m.cell(pre, caller, o) == 0 else { continue }
                    // The service changed a cell for a caller with no authority over the object.
                    var checked: [String] = []
                    var checksCaller = false
                    for c in shape.conditions {
                        guard case .right(let r, let cs, let co) = c, let cs = value(cs), let co = value(co) else { continue }
                        if cs == caller, co == o { checksCaller = true }
                        let who = cs == service.subject ? "\(m.subject(cs))'s own" : "\(m.subject(cs))'s"
                        checked.append("\(who) \(m.rights(1 << r)) on \(m.object(co))")
                    }
                    var line = "step \(i + 1): \(m.subject(service.subject)) entered \(m.rights(added)) into "
                        + "\(model.fields[m.info.matrix].name)[\(m.subject(s))][\(m.object(o))] on behalf of \(m.subject(caller)), "
                        + "who holds no right on \(m.object(o)): a confused deputy"
                    if !checksCaller {
                        let name = model.actions[action].name
                        line += checked.isEmpty
                            ? " (\(name) checks no right of \(m.subject(caller)) on \(m.object(o)))"
                            : " (\(name) checks \(checked.joined(separator: ", ")), but no right of \(m.subject(caller)) on \(m.object(o)))"
                    }
                    out.append(line)
                }
            }
        }
        return out
    }
}
