import CZ3
import Foundation

// Process-wide cancellation (Ctrl-C in a long command): every live context is interrupted and
// no check starts afterwards, so engines end with `unknown` ("canceled"), never with a verdict.
extension Z3Context {
    /// Interrupts every context of the process, now and for good: running checks and every later
    /// one (on any context, old or new) return `.unknown(reason: "canceled")`.
    public static func cancelEverything() {
        for context in live.cancel() { context.interrupt() }
    }

    /// Whether `cancelEverything()` was called.
    public static var everythingCanceled: Bool { live.everythingCanceled }

    static let live = LiveContexts()
}

/// The contexts alive in the process (weakly held), for `cancelEverything`.
final class LiveContexts: @unchecked Sendable {
    private let lock = NSLock()
    private var contexts: [ObjectIdentifier: Weak] = [:]
    private var canceled = false

    private struct Weak { weak var context: Z3Context? }

    var everythingCanceled: Bool {
        lock.lock(); defer { lock.unlock() }
        return canceled
    }

    func add(_ c: Z3Context) {
        lock.lock(); defer { lock.unlock() }
        contexts[ObjectIdentifier(c)] = Weak(context: c)
    }

    func remove(_ c: Z3Context) {
        lock.lock(); defer { lock.unlock() }
        contexts[ObjectIdentifier(c)] = nil
    }

    /// Sets the flag and returns the contexts to interrupt (outside the lock: `interrupt` waits).
    func cancel() -> [Z3Context] {
        lock.lock(); defer { lock.unlock() }
        canceled = true
        return contexts.values.compactMap(\.context)
    }
}
