import CZ3
import Foundation

/// A fault that `SolverFaults` makes one `Z3Solver.check` report instead of Z3's answer: the
/// three ways a check gives up (with the reason strings Z3 and WardSolver use for them) and an
/// error thrown as Z3's error handler makes `Z3Context.call` throw one.
public enum SolverFault: String, CaseIterable, Sendable {
    case timeout, resourceLimit, canceled, error

    /// The reason a `.unknown` answer carries; for `.error`, the error's message.
    public var reason: String {
        switch self {
        case .timeout: "timeout"
        case .resourceLimit: "max. resource limit exceeded"
        case .canceled: "canceled"
        case .error: "injected solver fault"
        }
    }

    func answer() throws -> SatResult {
        guard self != .error else { throw Z3Error(code: Int(Z3_EXCEPTION.rawValue), message: reason) }
        return .unknown(reason: reason)
    }
}

/// A testing hook (issue 9, "Solver faults"): every engine's call site must turn a solver fault
/// into `unknown`, never into a verdict and never into the end of the process. Real faults land
/// wherever the work runs out (an rlimit, a timeout), so they cannot be aimed at one query; this
/// plan counts the checks made while a body runs and faults exactly the one it is armed for, so a
/// test can count an analysis's checks (`count`), then fault each in turn (`inject`).
///
/// Process-wide: checks on every thread count while a body runs, so runs are serialised (one
/// counted or injected body at a time) and nothing else should use Z3 meanwhile. Off (no body
/// running), a check pays one uncontended lock. Not for production code: no command arms it.
public enum SolverFaults {
    /// What a counted or injected body returned, and how many checks it made.
    public struct Run<Value> {
        public var value: Value
        public var checks: Int
        /// Whether the fault was injected (the body made at least `atCheck` checks).
        public var injected: Bool
    }

    /// Runs `body` with no fault, counting its checks.
    public static func count<T>(_ body: () throws -> T) rethrows -> Run<T> {
        try armed(nil, body)
    }

    /// Runs `body` with `fault` replacing the answer of its `atCheck`-th check (1-based); the
    /// others are Z3's. The plan is off again when it returns (or throws). Runs do not nest.
    public static func inject<T>(_ fault: SolverFault, atCheck k: Int, _ body: () throws -> T) rethrows -> Run<T> {
        try armed((fault, k), body)
    }

    private static func armed<T>(_ fault: (SolverFault, Int)?, _ body: () throws -> T) rethrows -> Run<T> {
        serial.lock()
        defer { serial.unlock() }
        plan.arm(fault)
        let value: T
        do { value = try body() } catch { _ = plan.disarm(); throw error }
        let (checks, injected) = plan.disarm()
        return Run(value: value, checks: checks, injected: injected)
    }

    /// Called by `Z3Solver` before each check: the injected answer, if this check is the one.
    static func nextCheck() throws -> SatResult? {
        try plan.next()?.answer()
    }

    /// Held for a whole counted or injected body (recursive, so that nesting fails loudly in
    /// `Plan.arm` instead of deadlocking).
    private static let serial = NSRecursiveLock()
    private static let plan = Plan()

    private final class Plan: @unchecked Sendable {
        private let lock = NSLock()
        private var armed = false
        private var checks = 0
        private var fault: (kind: SolverFault, at: Int)?
        private var injected = false

        func arm(_ f: (SolverFault, Int)?) {
            lock.lock(); defer { lock.unlock() }
            precondition(!armed, "SolverFaults: counted or injected runs do not nest")
            armed = true; checks = 0; fault = f.map { (kind: $0.0, at: $0.1) }; injected = false
        }

        func disarm() -> (checks: Int, injected: Bool) {
            lock.lock(); defer { lock.unlock() }
            armed = false; fault = nil
            return (checks, injected)
        }

        func next() -> SolverFault? {
            lock.lock(); defer { lock.unlock() }
            guard armed else { return nil }
            checks += 1
            guard let f = fault, f.at == checks else { return nil }
            injected = true
            return f.kind
        }
    }
}

extension SolverFaults {
    /// One faulted run of a sweep: the fault, where it was injected, what the run gave.
    public struct Injection<Value> {
        public var fault: SolverFault
        public var check: Int
        public var value: Value
        /// What the run gave without a fault.
        public var faultFree: Value
        /// Whether the run reached check `check` (false: the analysis is not deterministic).
        public var injected: Bool
    }

    /// The systematic test of issue 9: counts the checks of `body` (N), then runs it again once
    /// per check index k in 1...N and each fault `faults(k)` picks, with that fault at check k,
    /// and hands every run to `judge`. Returns N.
    @discardableResult
    public static func sweep<T>(faults: (Int) -> [SolverFault] = { _ in SolverFault.allCases },
                                _ body: () throws -> T,
                                judge: (Injection<T>) throws -> Void) rethrows -> Int {
        let clean = try count(body)
        for k in stride(from: 1, through: clean.checks, by: 1) {
            for fault in faults(k) {
                let run = try inject(fault, atCheck: k, body)
                try judge(Injection(fault: fault, check: k, value: run.value, faultFree: clean.value, injected: run.injected))
            }
        }
        return clean.checks
    }
}
