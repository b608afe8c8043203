import Foundation
import WardReport
import WardSolver
import WardSyntax

/// `--shard i/n`: the i-th of n slices (1-based) of the sorted list of obligations, by index mod n.
public struct CheckShard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 1, index <= count else { return nil }
        self.index = index; self.count = count
    }

    /// "2/4" → shard 2 of 4.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether the item at `position` of the sorted work list belongs to this shard.
    public func contains(_ position: Int) -> Bool { position % count == index - 1 }
}

public struct CheckOptions: Sendable {
    public enum Format: String, Sendable, CaseIterable { case text, json, sarif, junit }

    /// Obligation files and folders (searched recursively for `*.proof`); empty means `Proofs/`.
    public var paths: [String] = []
    public var format: Format = .text
    /// Write the report here instead of stdout.
    public var output: String?
    /// Also write these reports, in the same run.
    public var sarif: String?
    public var junit: String?
    public var json: String?
    /// Obligations run in parallel.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    public var cacheDirectory: String?
    public var shard: CheckShard?
    public var smtDirectory: String?
    /// The repository root (report paths are relative to it; models must stay inside it).
    /// nil: the nearest ancestor of the working directory with `.git` or `Package.swift`, else
    /// the working directory.
    public var root: String?
    final class CheckPoolState<R>: @unchecked Sendable {
    let lock = NSLock()
    var next = 0
    var results: [R?]
    init(_ n: Int) { results = Array(repeating: nil, count: n) }
}

/// The live progress line on stderr; nil: only when stderr is a terminal.
    public var progress: Bool?
    /// ANSI colors in the text report; nil: when it goes to a terminal and NO_COLOR is unset.
    public var colored: Bool?
    /// Once requested (Ctrl-C), obligations not yet started are reported as not run (unknown).
    public var interruption: Interruption?

    public init(paths: [String] = []) { self.paths = paths }
}

/// What a run produced, before it is written anywhere.
public struct CheckRun: Sendable {
    public var report: CheckReport
    /// Diagnostics (with caret lines) for invalid obligations and models, for stderr.
    public var diagnostics: String
    public var exitCode: Int32 { report.exitCode }
}

public struct CheckUsageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// `ward check`: runs every obligation of `Proofs/` (or the given paths), in parallel, and
/// reports in the requested formats. Exit code: `ReportSummary.exitCode` (0 all as expected,
/// 1 a verdict differs, 2 unknown, 65 an invalid obligation or model); 64 for a bad command line.
public enum CheckCommand {
    /// Ward's version: part of every report and of every cache key. Bump it when a change
    /// in Ward can change a verdict, so that `--cache` directories do not replay stale results.
    public static let wardVersion = "0.1.0"
    public static var solverVersion: String { "Z3 " + Z3Context.fullVersion }

    public static func run(_ options: CheckOptions) -> CommandOutput {
        let run: CheckRun
        do {
            run = try check(options)
        } catch {
            return CommandOutput(stderr: "error: \(error.message)", exitCode: .usage)
        }
        let colored = options.colored ?? (options.output == nil && isatty(STDOUT_FILENO) != 0
            && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        let main = render(run.report, options.format, colored: colored)
        var stderr = run.diagnostics
        var files: [(String, String)] = []
        if let o = options.output { files.append((o, render(run.report, options.format, colored: false))) }
        if let f = options.sarif { files.append((f, render(run.report, .sarif, colored: false))) }
        if let f = options.junit { files.append((f, render(run.report, .junit, colored: false))) }
        if let f = options.json { files.append((f, render(run.report, .json, colored: false))) }
        for (path, text) in files {
            do {
                let url = URL(fileURLWithPath: path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                stderr += (stderr.isEmpty ? "" : "\n") + "error: cannot write \(path): \(error.localizedDescription)"
                return CommandOutput(stdout: options.output == nil ? main : "", stderr: stderr, exitCode: .usage)
            }
        }
        let code = WardCheck.ExitCode(rawValue: run.exitCode) ?? .invalidInput
        return CommandOutput(stdout: options.output == nil ? main : "", stderr: stderr, exitCode: code)
    }

    public static func render(_ report: CheckReport, _ format: CheckOptions.Format, colored: Bool = false) -> String {
        switch format {
        case .text: TextReportWriter(colored: colored).render(report)
        // No timings and no cache status: the same inputs give byte-identical JSON.
        case .json: JSONReportWriter().render(report)
        case .sarif: SARIFWriter(ruleDescriptions: ruleDescriptions).render(report)
        case .junit: JUnitWriter().render(report)
        }
    }

    static let ruleDescriptions = [
        CheckRunner.verifyKind: "A model's invariants and properties give the expected verdict (ward verify)",
        CheckRunner.classifyKind: "An ISA's Popek–Goldberg classification gives the expected theorems and holes (ward classify)",
        CheckRunner.syntaxKind: "An obligation file is well-formed",
    ]

    /// Finds, parses, shards and runs the obligations; writes nothing but the cache, the
    /// SMT queries and the progress line.
    public static func check(_ options: CheckOptions) throws(CheckUsageError) -> CheckRun {
        guard options.jobs >= 1 else { throw CheckUsageError(message: "--jobs must be at least 1") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let root = options.root.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: cwd)).standardizedFileURL.path }
            ?? CheckPaths.repositoryRoot(from: cwd) ?? cwd
        let paths = CheckPaths(root: root, cwd: cwd)
        let files = try discover(options.paths.isEmpty ? ["Proofs"] : options.paths, paths)

        var items: [CheckItem] = []
        for file in files {
            let display = paths.relative(file)
            guard let data = FileManager.default.contents(atPath: file) else {
                items.append(.invalidFile(path: display, diagnostics: [Diagnostic("cannot read obligation file '\(display)'", at: nil)]))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                items.append(.invalidFile(path: display, diagnostics: [Diagnostic("obligation file '\(display)' is not UTF-8 text", at: nil)]))
                continue
            }
            let parsed = ObligationParser.parse(path: display, text: text)
            if !parsed.diagnostics.isEmpty {
                items.append(.invalidFile(path: display, diagnostics: parsed.diagnostics))
                continue
            }
            let repository = CheckPaths.isInside(file, root) ? root
                : CheckPaths.repositoryRoot(from: (file as NSString).deletingLastPathComponent) ?? (file as NSString).deletingLastPathComponent
            items += parsed.obligations.map { .obligation($0, proofAbsolute: file, repository: repository) }
        }
        if let shard = options.shard {
            items = items.enumerated().filter { shard.contains($0.offset) }.map(\.element)
        }

        if let dir = options.smtDirectory {
            do {
                try FileManager.default.createDirectory(atPath: paths.absolute(dir), withIntermediateDirectories: true)
            } catch {
                throw CheckUsageError(message: "cannot create --smt-dir \(dir): \(error.localizedDescription)")
            }
        }
        let runner = CheckRunner(
            paths: paths, smtDirectory: options.smtDirectory.map(paths.absolute),
            cache: options.cacheDirectory.map { CheckCache(directory: paths.absolute($0), wardVersion: wardVersion, solverVersion: solverVersion) })
        let progress = CheckProgress(enabled: options.progress ?? (isatty(STDERR_FILENO) != 0), total: items.count)
        let interruption = options.interruption
        let results = CheckPool.map(items, jobs: options.jobs) { item in
            if interruption?.requested == true { return runner.notRun(item) }
            progress.started(item.id)
            let r = runner.run(item)
            progress.finished(item.id, r.result.outcome)
            return r
        }
        progress.done()
        let report = CheckReport(toolName: "ward", toolVersion: wardVersion, solverVersion: solverVersion,
                                 obligations: results.map(\.result))
        let diagnostics = results.map(\.diagnostics).filter { !$0.isEmpty }.joined(separator: "\n")
        return CheckRun(report: report, diagnostics: diagnostics)
    }

    /// Every `.proof` file under the given paths (a file given by name is taken whatever its
    /// extension), absolute, without duplicates, sorted by report path. Hidden folders are skipped.
    static func discover(_ given: [String], _ paths: CheckPaths) throws(CheckUsageError) -> [String] {
        let fm = FileManager.default
        var found: Set<String> = []
        for p in given {
            let abs = paths.absolute(p)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: abs, isDirectory: &isDirectory) else {
                throw CheckUsageError(message: "no such file or folder: \(p)")
            }
            guard isDirectory.boolValue else { found.insert(abs); continue }
            guard let walker = fm.enumerator(at: URL(fileURLWithPath: abs), includingPropertiesForKeys: [.isDirectoryKey],
                                             options: [.skipsHiddenFiles]) else { continue }
            for case let url as URL in walker where url.pathExtension == "proof" {
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true { continue }
                found.insert(url.standardizedFileURL.path)
            }
        }
        if found.isEmpty {
            throw CheckUsageError(message: "no .proof files under \(given.joined(separator: ", "))")
        }
        return found.sorted { paths.relative($0).utf8.lexicographicallyPrecedes(paths.relative($1).utf8) }
    }
}

/// Runs work items on `jobs` threads (each with a large stack); results keep the items' order.
/// Every item runs on its own thread's Z3 contexts: nothing solver-related is shared.
enum CheckPool {
    static func map<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ body: @escaping @Sendable (T) -> R) -> [R] {
        let state = CheckPoolState<R>(items.count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, items.count)) {
            group.enter()
            let thread = Thread {
                while true {
                    state.lock.lock()
                    let i = state.next
                    state.next += 1
                    state.lock.unlock()
                    guard i < items.count else { break }
                    let r = body(items[i])
                    state.lock.lock()
                    state.results[i] = r
                    state.lock.unlock()
                }
                group.leave()
            }
            thread.stackSize = 64 << 20
            thread.start()
        }
        group.wait()
        return state.results.map { $0! }
    }
}

final class CheckPoolState<R>: @unchecked Sendable {
    let lock = NSLock()
    var next = 0
    var results: [R?]
    init(_ n: Int) { results = Array(repeating: nil, count: n) }
}

/// The live progress line: on stderr, only when it is a terminal; redrawn in place.
final class CheckProgress: @unchecked Sendable {
    let enabled: Bool
    let total: Int
    private let lock = NSLock()
    private var running: [String] = []
    private var finished = 0
    private var problems = 0

    init(enabled: Bool, total: Int) { self.enabled = enabled; self.total = total }

    func started(_ id: String) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        running.append(id)
        draw()
    }

    func finished(_ id: String, _ outcome: Outcome) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        running.removeAll { $0 == id }
        finished += 1
        if outcome != .passed { problems += 1 }
        draw()
    }

    func done() {
        guard enabled else { return }
        write("\r\u{1B}[2K")
    }

    private func draw() {
        var line = "ward check [\(finished)/\(total)]" + (problems > 0 ? " \(problems) not as expected" : "")
        if let first = running.first { line += " running " + first + (running.count > 1 ? " (+\(running.count - 1))" : "") }
        let width = 120
        if line.count > width { line = String(line.prefix(width - 1)) + "…" }
        write("\r\u{1B}[2K" + line)
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
