import Foundation
import WardConcrete
import WardIR

enum VerifyRendering {
    static func text(_ r: VerifyReport) -> String {
        let m = r.model
        var lines = ["model \(m.name) (\(m.file)): \(m.fields.count) fields, \(m.actions.count) actions, \(m.checkedProperties.count) properties"]
        let formatter = (try? StateLayout(m)).map { ValueFormatter(model: m, layout: $0) }
        for v in r.verdicts {
            let p = m.checkedProperties[v.property]
            lines.append("")
            lines.append("\(p.kind.rawValue) \(p.name) (\(p.location)): \(v.summary)")
            if let e = v.explore { lines.append("  explore: \(e)") }
            if let s = v.smt { lines.append("  smt:     \(s)") }
            if let t = v.trace, let f = formatter {
                lines.append("  counterexample:")
                lines += f.render(t).split(separator: "\n").map { "  " + $0 }
                let explanation = PolicyExplain.lines(t, model: m)
                if !explanation.isEmpty { lines += ["  explanation:"] + explanation.map { "    " + $0 } }
            } else if let t = v.trace {
                lines.append("  counterexample:")
                lines += ValueFormatter.renderLabels(t, in: m).split(separator: "\n").map { "  " + $0 }
            }
        }
        lines.append("")
        lines.append("verdict: " + overall(r))
        return lines.joined(separator: "\n")
    }

    static func overall(_ r: VerifyReport) -> String {
        switch r.exitCode {
        case .violated: "violated (\(r.verdicts.filter { $0.status == .violated }.map { r.model.checkedProperties[$0.property].name }.joined(separator: ", ")))"
        case .unknown: "unknown"
        default: r.verdicts.allSatisfy { $0.status == .holds } ? "holds" : "holds up to the depth bound"
        }
    }

    static func json(_ r: VerifyReport) -> String {
        let m = r.model
        let formatter = (try? StateLayout(m)).map { ValueFormatter(model: m, layout: $0) }
        let props: [[String: Any]] = r.verdicts.map { v in
            let p = m.checkedProperties[v.property]
            var o: [String: Any] = ["name": p.name, "kind": p.kind.rawValue, "verdict": v.status.rawValue,
                                    "summary": v.summary,
                                    "location": ["file": p.location.file, "line": p.location.line, "column": p.location.column]]
            var engines: [String: Any] = [:]
            if let e = v.explore { engines["explore"] = e }
            if let s = v.smt { engines["smt"] = s }
            o["engines"] = engines
            if let st = v.exploreStatistics { o["exploreStatistics"] = statisticsJSON(st) }
            if let t = v.trace { o["trace"] = formatter.map { traceJSON(t, $0) } ?? labelsJSON(t, m) }
            if let t = v.trace, case let e = PolicyExplain.lines(t, model: m), !e.isEmpty { o["explanation"] = e }
            return o
        }
        let root: [String: Any] = ["model": m.name, "file": m.file, "verdict": overall(r),
                                   "exitCode": Int(r.exitCode.rawValue), "properties": props]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func params(_ l: Label, _ m: Model) -> [String: String] {
        var params: [String: String] = [:]
        for (p, v) in zip(m.actions[l.action].params, l.params) { params[p.name] = ValueFormatter.format(v, p.type) }
        return params
    }

    /// The steps of a trace over maps too wide to lay out: actions and parameters, no states.
    static func labelsJSON(_ t: Trace, _ m: Model) -> [String: Any] {
        let steps: [[String: Any]] = t.steps.map { ["action": m.actions[$0.label.action].name, "params": params($0.label, m)] }
        return ["steps": steps, "violates": m.checkedProperties[t.property].name]
    }

    /// The explorer's figures as numbers, for scripts (Benchmarks/run); the same as the text's.
    static func statisticsJSON(_ s: ExplorerStatistics) -> [String: Any] {
        ["states": s.states, "transitions": s.transitions, "depth": s.depth, "seconds": s.seconds,
         "statesPerSecond": s.statesPerSecond, "bytes": s.bytes, "bytesPerState": s.bytesPerState,
         "jobs": s.jobs, "storage": s.storage.description]
    }

    static func traceJSON(_ t: Trace, _ f: ValueFormatter) -> [String: Any] {
        var previous = t.initial
        var steps: [[String: Any]] = []
        for s in t.steps {
            let a = f.model.actions[s.label.action]
            let changes: [[String: String]] = previous.indices.compactMap { i in
                previous[i] == s.state[i] ? nil : ["place": f.place(i), "from": f.value(i, in: previous), "to": f.value(i, in: s.state)]
            }
            steps.append(["action": a.name, "params": params(s.label, f.model), "changes": changes])
            previous = s.state
        }
        return ["initial": f.describe(t.initial), "steps": steps, "violates": f.model.checkedProperties[t.property].name]
    }
}
