import ArgumentParser
import Foundation
import WardCheck
import WardISA

/// The `ward` executable: argument parsing only; every command's work lives in WardCheck.
struct Ward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ward",
        abstract: "Formal verification for virtualization and isolation.",
        subcommands: [Verify.self, Classify.self, Emulate.self, Equiv.self, ExportSMT.self, Check.self, Graph.self, Mutate.self])
}

func emit(_ out: CommandOutput) -> Never {
    if !out.stdout.isEmpty { FileHandle.standardOutput.write(Data((out.stdout.hasSuffix("\n") ? out.stdout : out.stdout + "\n").utf8)) }
    if !out.stderr.isEmpty { FileHandle.standardError.write(Data((out.stderr.hasSuffix("\n") ? out.stderr : out.stderr + "\n").utf8)) }
    exit(out.exitCode.rawValue)
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a model's invariants and properties.")
    @Argument(help: "The model file (.ward).") var model: String
    @Option(help: "Check only this property (repeatable).") var property: [String] = []
    @Option(help: "explore | smt | both") var engine: String = "both"
    @Option(help: "Depth bound for exploration and BMC.") var depth: Int?
    @Option(help: "Solver timeout per query, in milliseconds.") var timeout: UInt32 = 30_000
    @Option(help: "Override a width or constant, as NAME=VALUE (repeatable).") var set: [String] = []
    @Option(help: "text | json") var format: OutputFormat = .text
    @Option(help: "Explorer threads (the verdict, state count and trace do not depend on it).") var jobs: Int = 1
    @Option(help: "Stop exploring with 'unknown' after this many states.") var maxStates: Int?
    @Option(help: "Stop exploring with 'unknown' once the explorer holds this many MiB (default: half the memory).") var maxMemory: Int?

    func run() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard (maxStates ?? 1) >= 1, (maxMemory ?? 1) >= 1 else { throw ValidationError("--max-states and --max-memory must be at least 1") }
        guard let engine = VerifyOptions.Engine(rawValue: engine) else {
            throw ValidationError("--engine must be explore, smt or both")
        }
        var options = VerifyOptions(modelPath: model, engine: engine)
        options.properties = property
        options.depth = depth
        options.timeoutMilliseconds = timeout
        options.json = format == .json
        options.constantOverrides = try parseOverrides(set)
        options.jobs = jobs
        options.maxStates = maxStates
        options.maxMemory = maxMemory.map { $0 << 20 }
        emit(VerifyCommand.run(options))
    }
}

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Popek–Goldberg classification of an ISA model: privileged and sensitive instructions, theorems, witnesses.")
    @Argument(help: "The ISA model file (.ward).") var model: String
    @Option(help: "enumerate | smt | both") var engine: String = "both"
    @Option(help: "Word width to classify at (enumerate and both default to 2; smt defaults to the model's width).") var width: UInt64?
    @Option(help: "Solver timeout per query, in milliseconds.") var timeout: UInt32 = 60_000
    @Flag(help: "Show witnesses for every finding, not only for the holes.") var allWitnesses = false
    @Option(help: "Another revision of the ISA (same fields and roles): show where changed instructions trap differently from it.")
    var against: String?
    @Option(help: "text | json") var format: OutputFormat = .text

    func run() throws {
        guard let engine = ClassifierOptions.Engine(rawValue: engine) else {
            throw ValidationError("--engine must be enumerate, smt or both")
        }
        var options = ClassifyCommandOptions(modelPath: model,
                                             classifier: ClassifierOptions(engine: engine, width: width, timeoutMilliseconds: timeout))
        options.json = format == .json
        options.allWitnesses = allWitnesses
        options.against = against
        emit(ClassifyCommand.run(options))
    }
}

struct ExportSMT: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export-smt",
        abstract: "Write every SMT query that verify discharges as an SMT-LIB 2 script with its status.")
    @Argument(help: "The model file (.ward).") var model: String
    @Option(help: "Directory to write the .smt2 files to.") var out: String
    @Option(help: "BMC depth and largest k for k-induction.") var depth: Int = 12
    @Option(help: "Override a width or constant, as NAME=VALUE (repeatable).") var set: [String] = []

    func run() throws {
        emit(ExportSMTCommand.run(modelPath: model, outDirectory: out, depth: depth, overrides: try parseOverrides(set)))
    }
}

struct Emulate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a program on an ISA model, natively or under the generic VMM.")
    @Argument(help: "The ISA model file (.ward).") var model: String
    @Argument(help: "The program (one instruction and its operands a line).") var program: String
    @Flag(help: "Run under the trap-and-emulate VMM (and compare with the native run).") var vm = false
    @Flag(help: "Run in a VMM inside a VMM (L2 on L1 on L0).") var nested = false
    @Flag(help: "Print every step: instruction, changed fields, traps, VMM actions.") var trace = false
    @Option(help: "Word width to run at (default: the model's).") var width: UInt64?
    @Option(help: "Stop after this many steps.") var maxSteps: Int = 10_000
    @Option(help: "Raise an interrupt line before a step, as STEP:NAME (repeatable).") var interrupt: [String] = []
    @Option(help: "text | json") var format: OutputFormat = .text

    func run() throws {
        var o = EmulateOptions(modelPath: model, programPath: program)
        o.interrupts = interrupt
        o.vm = vm; o.nested = nested; o.trace = trace; o.width = width; o.json = format == .json; o.maxSteps = maxSteps
        emit(EmulateCommand.run(o))
    }
}

struct Equiv: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the generic trap-and-emulate VMM against native execution (exploration and Z3).")
    @Argument(help: "The ISA model file (.ward).") var model: String
    @Option(help: "Program length the verdict must cover.") var depth: Int = 3
    @Option(help: "Reduced word width for exploration (default 2).") var width: UInt64?
    @Flag(help: "Check a VMM running inside a VMM (L2 on L1 on L0).") var nested = false
    @Option(help: "Solver timeout per query, in milliseconds.") var timeout: UInt32 = 60_000
    @Option(help: "text | json") var format: OutputFormat = .text

    func run() throws {
        let o = EquivalenceOptions(nested: nested, width: width, depth: depth, timeoutMilliseconds: timeout)
        emit(EquivCommand.run(modelPath: model, options: o, json: format == .json))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the obligations of Proofs/ (or of the given files and folders) and report for CI.",
        discussion: "Exit codes: 0 every verdict as expected, 1 a verdict differs, 2 unknown, 64 usage, 65 an invalid obligation or model.")
    @Argument(help: "Obligation files (.proof) or folders searched for them (default: Proofs/).") var paths: [String] = []
    @Option(help: "text | json | sarif | junit") var format: String = "text"
    @Option(help: "Write the report to this file instead of stdout.") var output: String?
    @Option(help: "Also write a SARIF 2.1.0 report to this file.") var sarif: String?
    @Option(help: "Also write a JUnit XML report to this file.") var junit: String?
    @Option(help: "Also write the JSON report to this file.") var json: String?
    @Option(help: "Obligations to run in parallel (default: the number of cores).") var jobs: Int?
    @Option(help: "Reuse results stored in this folder (keyed by the obligation, its model files and the Ward version).") var cache: String?
    @Option(help: "Run only slice i of n (1-based, e.g. 2/4) of the sorted obligations.") var shard: String?
    @Option(name: .customLong("smt-dir"), help: "Write every discharged SMT query, with its verdict, under this folder.") var smtDir: String?

    func run() throws {
        guard let f = CheckOptions.Format(rawValue: format) else { throw ValidationError("--format must be text, json, sarif or junit") }
        var o = CheckOptions(paths: paths)
        o.format = f
        o.output = output
        o.sarif = sarif
        o.junit = junit
        o.json = json
        if let jobs {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
            o.jobs = jobs
        }
        o.cacheDirectory = cache
        if let shard {
            guard let s = CheckShard(parsing: shard) else { throw ValidationError("--shard takes i/n with 1 <= i <= n, not '\(shard)'") }
            o.shard = s
        }
        o.smtDirectory = smtDir
        let interruption = Interruption()
        interruption.installSignalHandler(command: "ward check")
        o.interruption = interruption
        emit(CheckCommand.run(o))
    }
}

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The authority graph of an access-matrix model as DOT: subjects and objects, rights as labelled edges.",
        discussion: "With --trace, the matrix after a shortest counterexample, the rights it added highlighted. Exit codes: 0, 1 with a counterexample, 65 no matrix.")
    @Argument(help: "The model file (.ward).") var model: String
    @Flag(help: "Draw a shortest counterexample: the matrix after it, the rights it adds highlighted.") var trace = false
    @Option(help: "The property whose counterexample to draw (default: the first violated one).") var property: String?
    @Option(help: "explore | smt | both (for --trace)") var engine: String = "explore"
    @Option(help: "Depth bound for the counterexample search.") var depth: Int?
    @Option(help: "dot | json (text is dot)") var format: String = "dot"
    @Option(help: "Write the graph to this file instead of stdout.") var output: String?
    @Option(help: "Override a width or constant, as NAME=VALUE (repeatable).") var set: [String] = []

    func run() throws {
        guard let engine = VerifyOptions.Engine(rawValue: engine) else { throw ValidationError("--engine must be explore, smt or both") }
        guard let f = GraphOptions.Format(rawValue: format == "text" ? "dot" : format) else { throw ValidationError("--format must be dot, text or json") }
        var o = GraphOptions(modelPath: model)
        o.trace = trace
        o.property = property
        o.engine = engine
        o.depth = depth
        o.format = f
        o.output = output
        o.constantOverrides = try parseOverrides(set)
        emit(GraphCommand.run(o))
    }
}

struct Mutate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mutation testing: mutate a model (drop a require or a trap, flip a comparison, widen a set, skip an update) and check that its checks notice.",
        discussion: "Without --obligations a model is judged by its properties that hold (verify), an isa by its Popek–Goldberg table (classify). Exit codes: 0 done, 1 kill rate below --min-kill-rate, 2 no check passes on the model itself, 64 usage, 65 invalid model or obligation file.")
    @Argument(help: "The model file (.ward).") var model: String
    @Option(parsing: .upToNextOption, help: "Obligation files or folders whose obligations on MODEL judge the mutants.") var obligations: [String] = []
    @Option(help: "Without obligations: verify engine, explore | smt | both.") var engine: String = "explore"
    @Option(help: "Without obligations: depth bound for verify.") var depth: Int?
    @Option(help: "Without obligations: classify engine for an isa, enumerate | smt | both.") var classifyEngine: String = "enumerate"
    @Option(help: "Without obligations: width to classify an isa at (default 2).") var width: UInt64?
    @Option(help: "Solver timeout per query, in milliseconds.") var timeout: UInt32 = 30_000
    @Option(help: "Only these operators (repeatable): drop-require, remove-trap, delete-assignment, drop-condition, negate-comparison, boundary-comparison, widen-set.") var `operator`: [String] = []
    @Option(help: "Mutants to check in parallel (default: the number of cores).") var jobs: Int?
    @Option(help: "Exit 1 when the kill rate (killed / decided mutants, 0...1) is below this.") var minKillRate: Double?
    @Option(help: "Override a width or constant, as NAME=VALUE (repeatable).") var set: [String] = []
    @Option(help: "text | json") var format: OutputFormat = .text

    func run() throws {
        var o = MutateOptions(modelPath: model)
        o.obligations = obligations
        guard let e = VerifyOptions.Engine(rawValue: engine) else { throw ValidationError("--engine must be explore, smt or both") }
        guard let c = ClassifierOptions.Engine(rawValue: classifyEngine) else { throw ValidationError("--classify-engine must be enumerate, smt or both") }
        o.engine = e
        o.classifyEngine = c
        o.depth = depth
        if let w = width, !(1...64).contains(w) { throw ValidationError("--width must be between 1 and 64") }
        o.width = width
        o.timeoutMilliseconds = timeout
        if !`operator`.isEmpty {
            o.operators = try `operator`.map { name in
                guard let op = MutationOperator(rawValue: name) else {
                    throw ValidationError("unknown operator '\(name)' (\(MutationOperator.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return op
            }
        }
        if let jobs {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
            o.jobs = jobs
        }
        if let r = minKillRate, !(0...1).contains(r) { throw ValidationError("--min-kill-rate takes a fraction between 0 and 1") }
        o.minimumKillRate = minKillRate
        o.constantOverrides = try parseOverrides(set)
        o.json = format == .json
        let interruption = Interruption()
        interruption.installSignalHandler(command: "ward mutate")
        o.interruption = interruption
        emit(MutateCommand.run(o))
    }
}

func parseOverrides(_ items: [String]) throws -> [String: UInt64] {
    var out: [String: UInt64] = [:]
    for item in items {
        let parts = item.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let v = UInt64(parts[1]) else { throw ValidationError("--set takes NAME=VALUE, not '\(item)'") }
        out[String(parts[0])] = v
    }
    return out
}

// Usage errors exit 64, per the CLI contract (ArgumentParser's default is 64 too; made explicit).
do {
    var command = try Ward.parseAsRoot()
    try command.run()
} catch {
    let code = Ward.exitCode(for: error)
    if code == .success || code.rawValue == 0 { Ward.exit(withError: error) }
    FileHandle.standardError.write(Data((Ward.fullMessage(for: error) + "\n").utf8))
    exit(error is ValidationError || code.rawValue == 64 ? 64 : code.rawValue)
}
