/// Exit codes of every `ward` command (DESIGN.md, "CLI contract").
public enum ExitCode: Int32, Sendable {
    case ok = 0            // every verdict as expected / the property holds
    case violated = 1      // a property is violated, or a verdict differs from the expected one
    case unknown = 2       // timeout, resource limit, engines that could not decide
    case usage = 64        // bad command line
    case invalidInput = 65 // the model or obligation file is invalid (file:line:column diagnostics)
}

/// What a command produced: the text or JSON to print, the diagnostics for stderr, the exit code.
public struct CommandOutput: Sendable {
    public var stdout: String
    public var stderr: String
    public var exitCode: ExitCode
    public init(stdout: String = "", stderr: String = "", exitCode: ExitCode) {
        self.stdout = stdout; self.stderr = stderr; self.exitCode = exitCode
    }
}
