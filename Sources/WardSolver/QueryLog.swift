import Foundation

/// Every query checked on the contexts that share this log, each kept as a stand-alone SMT-LIB 2
/// script with Z3's verdict in `(set-info :status …)`, so another solver can re-check it
/// (`ward check --smt-dir`). Engines that name their queries (the model checker) export them
/// themselves; this log catches the rest without each engine knowing about exports.
public final class QueryLog: @unchecked Sendable {
    public struct Entry: Sendable {
        /// Order of recording on this log (1, 2, ...).
        public var sequence: Int
        public var script: String
        /// sat, unsat or unknown.
        public var status: String
    }

    private let lock = NSLock()
    private var recorded: [Entry] = []

    public init() {}

    public var entries: [Entry] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }

    func append(script: String, status: String) {
        lock.lock(); defer { lock.unlock() }
        recorded.append(Entry(sequence: recorded.count + 1, script: script, status: status))
    }
}

extension SatResult {
    /// The SMT-LIB name of the verdict.
    public var smtlibStatus: String {
        switch self {
        case .sat: "sat"
        case .unsat: "unsat"
        case .unknown: "unknown"
        }
    }
}
