import WardSyntax

/// The structure of an access-matrix policy, kept beside its IR: the policy sugar lowers to
/// ordinary enums, fields, commands and invariants (which the engines run), and this records
/// what they mean (which field is the matrix, which commands a service performs for whom, which
/// rights are capabilities, each command's HRU shape), for the policy analyses and reports.
public struct PolicyInfo: Sendable {
    /// A command parameter or a constant (an enum case's ordinal), as a matrix index.
    public enum Arg: Sendable, Hashable {
        case param(Int)
        case constant(UInt64)
        /// Any other expression.
        case other
    }

    /// One conjunct of a command's conditions (its `when` guard and top-level `require`s).
    public enum Condition: Sendable, Hashable {
        /// `r in A[s][o]`: a positive test for a right (HRU's `if r in (s, o)`).
        case right(UInt64, subject: Arg, object: Arg)
        /// The slot is alive (implicit for every subject and object parameter when slots can be created).
        case alive(PolicySort, Arg)
        /// The slot is free for `create` (not alive and not an initial one): HRU's fresh entity.
        case fresh(PolicySort, Arg)
        /// A test that reads no state (on parameters and constants only).
        case parameterTest
        /// Anything else: negative tests, tests on other state.
        case other
    }

    /// HRU's primitive operations, as the command performs them.
    public enum Operation: Sendable, Hashable {
        /// `enter R into A[s][o]`; `rights` is the set's mask when it is a constant.
        case enter(rights: UInt64?, subject: Arg, object: Arg)
        case delete(rights: UInt64?, subject: Arg, object: Arg)
        case create(PolicySort, Arg)
        case destroy(PolicySort, Arg)
    }

    public struct CommandShape: Sendable {
        public var action: Int
        public var conditions: [Condition]
        public var operations: [Operation]
        /// The body holds statements other than conditions and matrix operations.
        public var otherStatements: Bool
        /// Exactly one primitive operation and nothing else (HRU's mono-operational commands).
        public var isMonoOperational: Bool { operations.count == 1 && !otherStatements }
        /// Every condition tests for the presence of a right or a live slot, or only parameters:
        /// taking rights away can never enable the command.
        public var hasMonotoneConditions: Bool {
            conditions.allSatisfy { if case .other = $0 { false } else { true } }
        }
        public var hasParameterTests: Bool { conditions.contains(.parameterTest) }
    }

    public struct Domain: Sendable {
        public var name: String
        public var trusted: Bool
        public var subjects: [UInt64]
        public var objects: [UInt64]
    }

    public struct Capability: Sendable {
        public var right: UInt64
        public var transferable: Bool
        /// The commands that may enter it (the `minted by` list and the transfer command).
        public var minters: [Int]
    }

    /// A subject that acts on requests: `commands` maps each of its commands (action index) to
    /// the parameter that names the requesting subject.
    public struct Service: Sendable {
        public var subject: UInt64
        public var commands: [Int: Int]
    }

    /// `safety NAME: never r in A[s][o]`.
    public struct SafetyQuery: Sendable {
        /// Index into `Model.checkedProperties`.
        public var property: Int
        public var right: UInt64
        public var subject: UInt64
        public var object: UInt64
    }

    public var matrix: Int
    public var subjects: EnumType
    public var objects: EnumType
    public var rights: EnumType
    /// `alive_subject` / `alive_object`, when slots of that sort can be created or destroyed.
    public var aliveSubject: Int?
    public var aliveObject: Int?
    /// The spare slots of each sort (not alive initially).
    public var spareSubjects: [UInt64]
    public var spareObjects: [UInt64]
    /// One per action, in order.
    public var commands: [CommandShape]
    public var domains: [Domain]
    public var capabilities: [Capability]
    public var services: [Service]
    public var safety: [SafetyQuery]

    /// The service that performs action `a`, with the parameter naming its caller.
    public func service(of action: Int) -> (service: Service, caller: Int)? {
        for s in services { if let c = s.commands[action] { return (s, c) } }
        return nil
    }
}
