import WardSolver
import WardIR
import WardSyntax

public struct ClassifierOptions: Sendable {
    public enum Engine: String, Sendable { case enumerate, smt, both }
    public var engine: Engine
    /// Word width to classify at (overrides the model's `width` declarations); nil keeps the model's.
    /// `enumerate` and `both` need a reduced width (default 2 when nil).
    public var width: UInt64?
    public var timeoutMilliseconds: UInt32
    /// Records every Z3 query of the symbolic engine (for `ward check --smt-dir`).
    public var queryLog: QueryLog?
    public init(engine: Engine = .both, width: UInt64? = nil, timeoutMilliseconds: UInt32 = 60_000) {
        self.engine = engine; self.width = width; self.timeoutMilliseconds = timeoutMilliseconds
    }
}

/// Evidence for one finding: concrete values of the fields that matter, before and after.
public struct Witness: Sendable, Equatable {
    public var finding: String          // "runs without trapping in a deprivileged state", ...
    public var operands: [String]       // "a=0x3"
    public var states: [[String]]       // one or two states, "field = value"
    public var results: [[String]]      // what each state became (changed fields), or the trap
}

/// The class of one instruction, derived from its semantics (DESIGN.md, "Popek–Goldberg").
public struct InstructionVerdict: Sendable {
    public var name: String
    public var location: SourceLocation
    public var privileged: Bool
    public var controlSensitive: Bool
    public var behaviorSensitive: Bool
    /// Subclasses of behavior sensitivity: "mode", "location", "resource(F)" for a protected field F.
    public var behaviorKinds: [String]
    /// Sensitive even when every state is restricted to user mode.
    public var userSensitive: Bool
    /// Which traps it raises, per form and mode (TrapProfile.swift): part of the classification.
    public var traps: TrapProfile
    /// Invariants a run from a valid state breaks (its result is not a valid state), sorted.
    public var breaks: [String]
    public var innocuous: Bool { !controlSensitive && !behaviorSensitive }
    public var sensitive: Bool { controlSensitive || behaviorSensitive }
    /// Breaks Theorem 1 (sensitive, not privileged) / Theorem 3 (user-sensitive, not privileged).
    public var vmmHole: Bool { sensitive && !privileged }
    public var hybridHole: Bool { userSensitive && !privileged }
    public var witnesses: [Witness]
}

public struct TheoremVerdict: Sendable {
    public var holds: Bool
    public var holes: [String]
}

public struct Classification: Sendable {
    public var model: Model
    /// The width classified at, when the model declares one.
    public var width: UInt64?
    public var engine: ClassifierOptions.Engine
    public var instructions: [InstructionVerdict]
    /// Theorem 1: every sensitive instruction is privileged.
    public var vmm: TheoremVerdict
    /// Theorem 3: every user-sensitive instruction is privileged.
    public var hybrid: TheoremVerdict
    /// Theorem 2 needs the nested-VMM check on the emulator (issue: trap-and-emulate).
    public var recursive: String
    /// Where the two engines gave different tables (a bug in Ward or in an engine): the verdict is unknown.
    public var disagreements: [String]
    /// Questions an engine could not decide (timeouts, limits): the verdict is unknown.
    public var unknown: [String]
    /// Every run from a valid state ends in a valid state: the theorems quantify over the valid
    /// states, so a model whose invariants some instruction breaks has no trustworthy table.
    public var closed: Bool { instructions.allSatisfy(\.breaks.isEmpty) }
    public var seconds: Double
    public var statistics: [String: Double]
    /// The model compared against (its file), when classified against a baseline.
    public var baseline: String?
    /// Instructions that trap differently from the baseline's (TrapComparison.swift), one
    /// witness each; only instructions whose semantics changed are compared.
    public var trapDifferences: [TrapDifference] = []
    /// Instructions compared with the baseline's that are the same instruction on the valid
    /// states: the same trap or the same result from every valid state and operands (by every
    /// engine that ran). A mutant that changes only such an instruction is an equivalent mutant.
    public var identicalToBaseline: [String] = []
    /// Whether valid states and deprivileged ones exist (Vacuity.swift), as decided; nil when no
    /// engine could tell. Depends on the context only, so a mutant takes it from its baseline.
    var vacuity: Vacuity?
}
