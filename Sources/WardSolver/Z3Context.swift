import CZ3
import Foundation

/// A Z3 context: owns every sort, term, solver and model made from it.
///
/// Z3 contexts are not thread-safe, so use one context per thread of work. To keep Swift's
/// reference counting safe anyway (a `Z3Term` may be released on any thread), every Z3
/// call on a context runs under the context's recursive lock; only `interrupt()` bypasses
/// it, which Z3 allows.
///
/// Construction helpers live in the `Z3Context+*.swift` extensions.
public final class Z3Context: @unchecked Sendable {
    let raw: Z3_context
    /// Serialises all Z3 calls on `raw` (recursive: a term may be released inside a call).
    let lock = NSRecursiveLock()
    /// Guards the interrupt bookkeeping below; never held across a Z3 call.
    private let stateLock = NSLock()
    private var interruptRequested = false
    private var checksRunning = 0
    /// Name → sort of each constant made by `constant(_:_:)`, guarded by `lock`. SMT-LIB
    /// cannot declare one name at two sorts, so `constant` refuses that (see `Z3Names`).
    var declaredConstants: [String: String] = [:]

    /// Where every `Z3Solver.check` on this context is recorded (nil: nowhere).
    public let queryLog: QueryLog?

    public init(queryLog: QueryLog? = nil) throws {
        guard let c = cz3_mk_context() else {
            throw Z3Error(code: Int(Z3_EXCEPTION.rawValue), message: "could not create a Z3 context")
        }
        raw = c
        self.queryLog = queryLog
        Self.live.add(self)
    }

    deinit {
        Self.live.remove(self)
        // Every Z3Sort/Z3Term/Z3Solver/Z3Model holds its context strongly, so nothing of
        // this context can still be alive here.
        Z3_del_context(raw)
    }

    /// Z3's version string, e.g. "4.8.12.0".
    public static var fullVersion: String { String(cString: Z3_get_full_version()) }

    // MARK: - Cancellation

    /// Cancels the running (or next) `Z3Solver.check` on this context: it returns
    /// `.unknown(reason: "canceled")`. Safe to call from any thread.
    ///
    /// The request is sticky: every later `check` on this context also returns
    /// `.unknown(reason: "canceled")` until `resetInterrupt()`. (Z3 itself forgets an
    /// interrupt that arrives before a check has installed its handler, so without the flag a
    /// cancellation could be lost.) Other calls made while Z3 is interrupted may throw a
    /// `Z3Error` saying "canceled".
    public func interrupt() {
        stateLock.lock()
        interruptRequested = true
        stateLock.unlock()
        Z3_interrupt(raw)
        // A check that started just before the flag was set may not have installed its
        // interrupt handler yet when Z3_interrupt ran; re-send briefly while one is running.
        for _ in 0..<20 {
            stateLock.lock()
            let running = checksRunning > 0
            stateLock.unlock()
            if !running { return }
            usleep(1_000)
            Z3_interrupt(raw)
        }
    }

    /// Whether `interrupt()` has been called since the last `resetInterrupt()`.
    public var isInterrupted: Bool {
        stateLock.lock()
        defer { stateLock.unlock() }
        return interruptRequested
    }

    /// Makes the context usable for checks again after `interrupt()`.
    public func resetInterrupt() {
        stateLock.lock()
        interruptRequested = false
        stateLock.unlock()
    }

    /// Called by `Z3Solver` around a check; `false` means "interrupted, do not start".
    func beginCheck() -> Bool {
        stateLock.lock()
        defer { stateLock.unlock() }
        if interruptRequested || Self.live.everythingCanceled { return false }
        checksRunning += 1
        return true
    }

    func endCheck() {
        stateLock.lock()
        checksRunning -= 1
        stateLock.unlock()
    }
}
