import Foundation
import WardIR

public struct ExplorerOptions: Sendable {
    /// Stop after this many steps from the initial states (nil: until no new state appears).
    public var maxDepth: Int?
    public var maxStates: Int
    /// Indices into `Model.checkedProperties`; nil checks them all.
    public var properties: [Int]?
    public init(maxDepth: Int? = nil, maxStates: Int = 20_000_000, properties: [Int]? = nil) {
        self.maxDepth = maxDepth; self.maxStates = maxStates; self.properties = properties
    }
}

public struct ExplorerStatistics: Sendable {
    public var states = 0
    public var transitions = 0
    public var depth = 0
    public var seconds = 0.0
    public var bytes = 0
    public var statesPerSecond: Double { seconds > 0 ? Double(states) / seconds : 0 }
    public var bytesPerState: Double { states > 0 ? Double(bytes) / Double(states) : 0 }
}

public enum ExplorerVerdict: Sendable {
    /// Every reachable state satisfies the properties; `complete` is false when the depth bound cut the search.
    case holds(complete: Bool)
    case violated(Trace)
    case unknown(String)
}

public struct ExplorerResult: Sendable {
    public var verdict: ExplorerVerdict
    public var statistics: ExplorerStatistics
}

/// Breadth-first exploration of every reachable state: the first violation found is at the
/// least depth, and its trace is the least one in (initial state, label, label, ...) order.
public struct Explorer {
    public let machine: Machine
    public init(_ machine: Machine) { self.machine = machine }

    public func run(_ options: ExplorerOptions = ExplorerOptions()) -> ExplorerResult {
        let start = Date()
        var stats = ExplorerStatistics()
        func finish(_ v: ExplorerVerdict, _ store: StateStore?) -> ExplorerResult {
            stats.seconds = Date().timeIntervalSince(start)
            stats.states = store?.count ?? 0
            stats.bytes = store?.bytes ?? 0
            return ExplorerResult(verdict: v, statistics: stats)
        }
        let checked = options.properties ?? Array(machine.model.checkedProperties.indices)
        let labels: [Label], initial: [[UInt64]]
        do {
            labels = try machine.labels()
            initial = try machine.initialStates()
        } catch {
            return finish(.unknown(error.description), nil)
        }
        var store = StateStore(stride: machine.layout.slotCount)
        func violated(_ s: [UInt64]) -> Int? { checked.first { !machine.holds($0, in: s) } }
        func trace(to index: Int, property: Int) -> Trace {
            var steps: [TraceStep] = []
            var i = index
            while store.parent[i] >= 0 {
                steps.append(TraceStep(label: labels[Int(store.label[i])], state: store.state(i)))
                i = Int(store.parent[i])
            }
            return Trace(initial: store.state(i), steps: steps.reversed(), property: property)
        }
        for s in initial {
            let (i, new) = store.insert(s, parent: -1, label: -1)
            if new, let p = violated(s) { return finish(.violated(trace(to: i, property: p)), store) }
        }
        var levelStart = 0
        var depth = 0
        while levelStart < store.count {
            if let maxDepth = options.maxDepth, depth >= maxDepth { return finish(.holds(complete: false), store) }
            let levelEnd = store.count
            for index in levelStart..<levelEnd {
                let s = store.state(index)
                for (li, label) in labels.enumerated() {
                    guard case .next(let t) = machine.step(s, label) else { continue }
                    stats.transitions += 1
                    let (j, new) = store.insert(t, parent: Int32(index), label: Int32(li))
                    guard new else { continue }
                    stats.depth = depth + 1
                    if let p = violated(t) { return finish(.violated(trace(to: j, property: p)), store) }
                    if store.count >= options.maxStates {
                        return finish(.unknown("state limit of \(options.maxStates) reached at depth \(depth + 1)"), store)
                    }
                }
            }
            levelStart = levelEnd
            depth += 1
        }
        return finish(.holds(complete: true), store)
    }
}
