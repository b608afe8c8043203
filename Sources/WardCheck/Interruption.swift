import Foundation
import WardSolver

/// Ctrl-C in a long command (`ward check`, `ward mutate`). The first SIGINT asks the command to
/// stop: no new work starts, every Z3 query running or to come returns `unknown` ("canceled"),
/// and the command writes its report with what was done (the rest marked as not run) and exits 2.
/// A second SIGINT ends the process at once.
public final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    private var source: DispatchSourceSignal?

    public init() {}

    public var requested: Bool {
        lock.lock(); defer { lock.unlock() }
        return flag
    }

    public func request() {
        lock.lock(); flag = true; lock.unlock()
    }

    /// Routes SIGINT to this object for the life of the process (the CLI calls this; tests and
    /// library users call `request()` instead).
    public func installSignalHandler(command: String) {
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        s.setEventHandler { [weak self] in
            guard let self else { return }
            if self.requested {
                signal(SIGINT, SIG_DFL)
                raise(SIGINT)
            }
            self.request()
            Z3Context.cancelEverything()
            FileHandle.standardError.write(Data("\n\(command): interrupted; stopping and reporting what was done (Ctrl-C again to quit now)\n".utf8))
        }
        s.resume()
        source = s
    }
}
