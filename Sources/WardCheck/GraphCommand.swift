import Foundation
import WardConcrete
import WardIR

public struct GraphOptions: Sendable {
    public enum Format: String, Sendable { case dot, json }
    public var modelPath: String
    /// Find a counterexample and highlight the rights it adds.
    public var trace = false
    /// The property whose counterexample to draw (default: the first violated one).
    public var property: String?
    public var engine: VerifyOptions.Engine = .explore
    public var depth: Int?
    public var format: Format = .dot
    public var output: String?
    public var constantOverrides: [String: UInt64] = [:]
    public init(modelPath: String) { self.modelPath = modelPath }
}

/// The authority graph of an access-matrix model: subjects and objects as nodes (clustered by
/// domain), each non-empty cell A[s][o] as an edge s → o labelled with its rights. With a
/// counterexample, the graph is the matrix after it, and the rights it added are highlighted.
public struct AuthorityGraph: Sendable {
    public struct Node: Sendable, Equatable {
        public var id: String
        public var name: String
        public var isSubject: Bool
        public var domain: String?
        public var alive: Bool
    }
    public struct Edge: Sendable, Equatable {
        public var from: String
        public var to: String
        public var rights: [String]
        /// Rights the counterexample entered, and rights it took away.
        public var added: [String]
        public var removed: [String]
    }
    public var model: String
    public var matrix: String
    public var nodes: [Node]
    public var edges: [Edge]
    /// "counterexample to isolation: request_map(caller=G1, o=M2)", when drawn with a trace.
    public var caption: String?

    /// The matrix field: the policy's, or the first field of type map<E, map<F, set<R>>>.
    static func matrixField(_ model: Model) -> (field: Int, rows: EnumType, columns: EnumType, rights: EnumType)? {
        if let p = model.policy { return (p.matrix, p.subjects, p.objects, p.rights) }
        for (i, f) in model.fields.enumerated() {
            if case .map(.enumeration(let s), .map(.enumeration(let o), .set(let r))) = f.type { return (i, s, o, r) }
        }
        return nil
    }

    /// The graph of `state` (and of what changed since `before`, when drawing a counterexample).
    public init?(model: Model, layout: StateLayout, state: [UInt64], before: [UInt64]? = nil, caption: String? = nil) {
        guard let (field, rows, columns, rights) = Self.matrixField(model) else { return nil }
        self.model = model.name
        matrix = model.fields[field].name
        self.caption = caption
        let p = model.policy
        func domain(subject: Bool, _ v: UInt64) -> String? {
            p?.domains.first { (subject ? $0.subjects : $0.objects).contains(v) }?.name
        }
        func alive(_ f: Int?, _ v: UInt64) -> Bool { f.map { state[layout.offsets[$0] + Int(v)] != 0 } ?? true }
        nodes = rows.cases.indices.map { i in
            Node(id: "S:\(rows.cases[i])", name: rows.cases[i], isSubject: true, domain: domain(subject: true, UInt64(i)),
                 alive: alive(p?.aliveSubject, UInt64(i)))
        } + columns.cases.indices.map { i in
            Node(id: "O:\(columns.cases[i])", name: columns.cases[i], isSubject: false, domain: domain(subject: false, UInt64(i)),
                 alive: alive(p?.aliveObject, UInt64(i)))
        }
        func names(_ mask: UInt64) -> [String] { rights.cases.indices.filter { mask >> UInt64($0) & 1 == 1 }.map { rights.cases[$0] } }
        edges = []
        for s in rows.cases.indices {
            for o in columns.cases.indices {
                let slot = layout.offsets[field] + s * columns.cases.count + o
                let now = state[slot], was = before?[slot] ?? now
                guard now != 0 || was != 0 else { continue }
                edges.append(Edge(from: "S:\(rows.cases[s])", to: "O:\(columns.cases[o])", rights: names(now),
                                  added: names(now & ~was), removed: names(was & ~now)))
            }
        }
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Graphviz DOT: subjects as ellipses, objects as boxes, domains as clusters; added rights
    /// red and bold, removed ones as a dashed grey edge.
    public var dot: String {
        var lines = ["digraph \(Self.quote(model)) {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];",
                     "  edge [fontname=\"Helvetica\", fontsize=10];"]
        if let c = caption { lines.append("  label=\(Self.quote(c)); labelloc=t;") }
        func node(_ n: Node) -> String {
            var attrs = ["label=\(Self.quote(n.name))", "shape=\(n.isSubject ? "ellipse" : "box")"]
            if !n.alive { attrs.append("style=dashed") }
            return "\(Self.quote(n.id)) [\(attrs.joined(separator: ", "))];"
        }
        var domains: [String] = []
        for n in nodes { if let d = n.domain, !domains.contains(d) { domains.append(d) } }
        for d in domains {
            lines.append("  subgraph \(Self.quote("cluster_" + d)) {")
            lines.append("    label=\(Self.quote(d));")
            for n in nodes where n.domain == d { lines.append("    " + node(n)) }
            lines.append("  }")
        }
        for n in nodes where n.domain == nil { lines.append("  " + node(n)) }
        for e in edges {
            var attrs: [String]
            if e.rights.isEmpty {
                attrs = ["label=\(Self.quote("−" + e.removed.joined(separator: ", ")))", "style=dashed", "color=grey", "fontcolor=grey"]
            } else if !e.added.isEmpty {
                let label = e.rights.map { e.added.contains($0) ? "+" + $0 : $0 }.joined(separator: ", ")
                attrs = ["label=\(Self.quote(label))", "color=red", "fontcolor=red", "penwidth=2"]
            } else {
                attrs = ["label=\(Self.quote(e.rights.joined(separator: ", ")))"]
                if !e.removed.isEmpty { attrs.append("style=dashed") }
            }
            lines.append("  \(Self.quote(e.from)) -> \(Self.quote(e.to)) [\(attrs.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    public var json: String {
        let root: [String: Any] = [
            "model": model, "matrix": matrix, "caption": caption as Any? ?? NSNull(),
            "nodes": nodes.map { ["id": $0.id, "name": $0.name, "kind": $0.isSubject ? "subject" : "object",
                                  "domain": $0.domain as Any? ?? NSNull(), "alive": $0.alive] as [String: Any] },
            "edges": edges.map { ["from": $0.from, "to": $0.to, "rights": $0.rights, "added": $0.added, "removed": $0.removed] as [String: Any] },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// `ward graph MODEL [--trace]`: the authority graph as DOT (or JSON).
public enum GraphCommand {
    public static func run(_ options: GraphOptions) -> CommandOutput {
        let model: Model
        do {
            model = try ModelLoader(constantOverrides: options.constantOverrides).load(path: options.modelPath)
        } catch {
            return CommandOutput(stderr: error.description, exitCode: .invalidInput)
        }
        guard AuthorityGraph.matrixField(model) != nil else {
            return CommandOutput(stderr: "error: model '\(model.name)' has no access matrix (a policy, or a field of type map<S, map<O, set<R>>>)",
                                 exitCode: .invalidInput)
        }
        let machine: Machine, initial: [[UInt64]]
        do {
            machine = try Machine(model)
            initial = try machine.initialStates()
        } catch {
            return CommandOutput(stderr: "error: \(error)", exitCode: .unknown)
        }
        guard let first = initial.first else { return CommandOutput(stderr: "error: the model has no initial state", exitCode: .invalidInput) }
        var graph: AuthorityGraph?
        var code = ExitCode.ok
        if options.trace {
            var selected = Array(model.checkedProperties.indices)
            if let name = options.property {
                guard let i = model.checkedProperties.firstIndex(where: { $0.name == name }) else {
                    return CommandOutput(stderr: "error: model '\(model.name)' has no property '\(name)'", exitCode: .usage)
                }
                selected = [i]
            }
            var v = VerifyOptions(modelPath: options.modelPath, engine: options.engine)
            v.depth = options.depth
            let report = VerifyCommand.verify(model, properties: selected, options: v)
            if let verdict = report.verdicts.first(where: { $0.trace != nil }), let t = verdict.trace {
                let f = ValueFormatter(model: model, layout: machine.layout)
                let steps = t.steps.map { f.label($0.label) }.joined(separator: "; ")
                graph = AuthorityGraph(model: model, layout: machine.layout, state: t.steps.last?.state ?? t.initial, before: t.initial,
                                       caption: "counterexample to \(model.checkedProperties[t.property].name) (\(t.steps.count) step\(t.steps.count == 1 ? "" : "s")): \(steps)")
                code = .violated
            } else {
                graph = AuthorityGraph(model: model, layout: machine.layout, state: first,
                                       caption: "no counterexample (\(VerifyRendering.overall(report)))")
                code = report.exitCode
            }
        } else {
            graph = AuthorityGraph(model: model, layout: machine.layout, state: first)
        }
        guard let g = graph else { return CommandOutput(stderr: "error: no access matrix", exitCode: .invalidInput) }
        let text = options.format == .json ? g.json : g.dot
        if let path = options.output {
            do { try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8) } catch {
                return CommandOutput(stderr: "error: cannot write '\(path)': \(error.localizedDescription)", exitCode: .usage)
            }
            return CommandOutput(stdout: "wrote \(path)", exitCode: code)
        }
        return CommandOutput(stdout: text, exitCode: code)
    }
}
