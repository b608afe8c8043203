import WardIR

/// A counterexample: an initial state and the labelled steps to a state that breaks `property`
/// (an index into `Model.checkedProperties`). Both engines produce this same form.
public struct TraceStep: Equatable, Sendable {
    public var label: Label
    public var state: [UInt64]
    public init(label: Label, state: [UInt64]) { self.label = label; self.state = state }
}

public struct Trace: Equatable, Sendable {
    public var initial: [UInt64]
    public var steps: [TraceStep]
    public var property: Int
    public init(initial: [UInt64], steps: [TraceStep], property: Int) {
        self.initial = initial; self.steps = steps; self.property = property
    }
}
