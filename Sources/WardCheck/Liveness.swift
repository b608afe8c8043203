import WardConcrete
import WardIR
import WardReport

/// `expect live { A, ... }`: every named action changes the state in some reachable state, found
/// by breadth-first search on the emulator (so its witness is a shortest trace). Invariants say
/// nothing bad is reachable; they hold just as well for a model whose service refuses every
/// request. Liveness catches that: a guard that can never pass, an update that was dropped.
struct Liveness: Sendable {
    /// The actions with an effect, each with the depth of its first effect.
    var live: [(action: String, depth: Int)] = []
    /// The actions (some with arguments fixed) that never change the state within the bound.
    var dead: [LiveTarget] = []
    /// The state graph could not be built (too many states, a domain too large to enumerate).
    var undecided: String?
    /// The depth bound, nil when the whole reachable state space was explored.
    var depth: Int?
    var complete = true

    /// Decided on a graph already built (or the reason it could not be).
    static func check(_ actions: [LiveTarget], in model: Model, graph built: Result<ExploredGraph, GraphError>, depth: Int?) -> Liveness {
        var out = Liveness(depth: depth)
        switch built {
        case .failure(let e):
            out.undecided = "liveness not decided: \(e.message)"
        case .success(let explored):
            let graph = explored.graph
            out.complete = graph.complete
            for target in actions {
                guard case .success(let matches) = target.resolve(in: model) else { continue }
                if let e = graph.firstEffect(where: matches) {
                    out.live.append((target.description, Int(graph.depthOf[Int(e.from)]) + 1))
                } else {
                    out.dead.append(target)
                }
            }
        }
        return out
    }

    /// "within depth 3" or "in any reachable state".
    var bound: String { complete ? "in any reachable state" : "within depth \(depth ?? 0)" }
}

/// One entry of `expect live { ... }`: an action, optionally with some arguments fixed, e.g.
/// `request_device(d = D1)`: a service that serves one device but not the other is caught too.
public struct LiveTarget: CustomStringConvertible, Equatable, Sendable {
    public struct Argument: Equatable, Sendable {
        public var parameter: String
        public var value: String
    }

    public var action: String
    public var arguments: [Argument] = []

    public init(action: String) { self.action = action }

    /// `A` or `A(p=V, q=W)`: how reports and duplicate checks name it.
    public var description: String {
        arguments.isEmpty ? action : action + "(" + arguments.map { "\($0.parameter)=\($0.value)" }.joined(separator: ", ") + ")"
    }

    /// A test for the labels this target names, or what in the model it does not match.
    func resolve(in model: Model) -> Result<@Sendable (Label) -> Bool, LiveTargetError> {
        guard let a = model.actionIndex(action) else {
            return .failure(LiveTargetError(message: "model '\(model.name)' has no action '\(action)'",
                                            note: "it has: " + model.actions.map(\.name).joined(separator: ", ")))
        }
        let params = model.actions[a].params
        var fixed: [(Int, UInt64)] = []
        for (p, v) in arguments.map({ ($0.parameter, $0.value) }) {
            guard let k = params.firstIndex(where: { $0.name == p }) else {
                return .failure(LiveTargetError(message: "action '\(action)' has no parameter '\(p)'",
                                                note: "its parameters: " + (params.isEmpty ? "none" : params.map(\.name).joined(separator: ", "))))
            }
            guard let value = Self.value(v, of: params[k].type) else {
                return .failure(LiveTargetError(message: "'\(v)' is not a value of \(p)'s type \(params[k].type)",
                                                note: Self.values(of: params[k].type)))
            }
            fixed.append((k, value))
        }
        let fixedArguments = fixed
        return .success { label in label.action == a && fixedArguments.allSatisfy { label.params[$0.0] == $0.1 } }
    }

    static func value(_ text: String, of type: IRType) -> UInt64? {
        switch type {
        case .bool: return text == "true" ? 1 : text == "false" ? 0 : nil
        case .bits(let n): return UInt64(text).flatMap { n >= 64 || $0 < (1 << UInt64(n)) ? $0 : nil }
        case .enumeration(let e): return e.cases.firstIndex(of: text).map { UInt64($0) }
        case .set, .map: return nil
        }
    }

    static func values(of type: IRType) -> String {
        switch type {
        case .bool: return "it takes true or false"
        case .bits(let n): return "it takes numbers below 2^\(n)"
        case .enumeration(let e): return "it takes: " + e.cases.joined(separator: ", ")
        case .set, .map: return "arguments of this type cannot be fixed"
        }
    }
}

struct LiveTargetError: Error, Sendable {
    var message: String
    var note: String
}

extension Liveness {
    /// Dead actions fail the obligation, each a finding at the action.
    func judgement(_ model: Model, paths: CheckPaths, fallback: WardReport.SourceLocation?) -> ConditionJudgement {
        var j = ConditionJudgement()
        if let why = undecided { j.undecided.append(why) }
        if !dead.isEmpty {
            j.failed.append("never changes the state \(bound): " + dead.map(\.description).joined(separator: ", "))
            j.actual = ", dead " + Obligation.set(dead.map(\.description))
            for n in dead {
                let at = model.actionIndex(n.action).map { paths.report(model.actions[$0].location) } ?? fallback
                j.findings.append(Finding(message: "action \(n) is dead: it never changes the state \(bound)", location: at, key: "dead:\(n)"))
            }
        }
        if !live.isEmpty { j.why.append("live: " + live.map { "\($0.action) (first effect at depth \($0.depth))" }.joined(separator: ", ")) }
        return j
    }
}
