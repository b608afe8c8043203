import WardSyntax

/// One obligation of a `Proofs/**/*.proof` file: which model, which analysis, with which engine
/// and bounds, and the verdict it must give. Grammar (tokens from WardSyntax's `Lexer`, so
/// comments, strings and numbers are as in Ward; newlines are not significant, `;` optional):
///
///     file        := obligation*
///     obligation  := 'obligation' NAME '{' item* '}'
///     item        := 'model' STRING                   // relative to the .proof file, inside the repository
///                  | 'analysis' ('verify' | 'classify')
///                  | 'engine' NAME                    // verify: explore|smt|both; classify: enumerate|smt|both
///                  | 'depth' INT                      // verify only
///                  | 'width' INT                      // classify only, 1...64
///                  | 'timeout' INT                    // seconds per solver query, >= 1
///                  | 'property' NAME (',' NAME)*      // verify only, repeatable
///                  | 'set' NAME '=' INT               // constant override, repeatable
///                  | 'expect' expectation
///     expectation := 'holds' | 'bounded' | 'violated' names           // verify: exactly one,
///                  | 'live' targets                   //   and at most one each: each action has an effect,
///                  | 'reachable' names                //   each predicate is reached,
///                  | 'recoverable' names 'within' INT //   and is reachable again from every state
///                  | 'vmm' ('holds'|'fails') | 'holes' names          // classify: at least one,
///                  | 'hybrid' ('holds'|'fails') | 'hybrid_holes' names  //   each at most once
///                  | 'recursive' ('holds'|'fails')    // Theorem 2: the nested-VMM check
///                  | 'divergent' names                // the generic VMM's divergent instructions
///     names       := '{' (NAME (',' NAME)* ','?)? '}'
///     targets     := '{' (target (',' target)* ','?)? '}'
///     target      := NAME ('(' NAME '=' (NAME | INT) (',' NAME '=' (NAME | INT))* ')')?   // some arguments fixed
public struct Obligation: Sendable {
    public enum Analysis: String, Sendable { case verify, classify }

    public enum Expectation: Sendable, Equatable {
        case holds, bounded, violated([String])
        case vmm(holds: Bool), holes([String]), hybrid(holds: Bool), hybridHoles([String]), recursive(holds: Bool)
        /// The instructions on which the generic trap-and-emulate VMM differs from native execution
        /// (exploration at the reduced width and Z3 at full width, which must agree).
        case divergent([String])
        /// Each named action changes the state in some reachable state (within the depth bound):
        /// no mutant or slip has made it dead. Checked on the emulator's state graph.
        case live([LiveTarget])
        /// Each named `reachable` predicate of the model holds in some state within the depth
        /// bound: a cover, so that an invariant about that state cannot hold vacuously.
        case reachable([String])
        /// From every state within `depth - within` steps, a state satisfying each named
        /// predicate is reachable in at most `within` steps: nothing gets stuck (a page pinned
        /// for good, a resource never returned). Checked on the same state graph as `live`.
        case recoverable([String], within: Int)

        /// live, reachable and recoverable: conditions on the state graph, beside the verdict.
        public var isGraphCondition: Bool {
            switch self {
            case .live, .reachable, .recoverable: true
            default: false
            }
        }

        /// The keyword after `expect`.
        public var keyword: String {
            switch self {
            case .holds: "holds"
            case .bounded: "bounded"
            case .violated: "violated"
            case .vmm: "vmm"
            case .holes: "holes"
            case .hybrid: "hybrid"
            case .hybridHoles: "hybrid_holes"
            case .recursive: "recursive"
            case .divergent: "divergent"
            case .live: "live"
            case .reachable: "reachable"
            case .recoverable: "recoverable"
            }
        }

        public var analysis: Analysis {
            switch self {
            case .holds, .bounded, .violated, .live, .reachable, .recoverable: .verify
            case .vmm, .holes, .hybrid, .hybridHoles, .recursive, .divergent: .classify
            }
        }

        /// "holds", "violated {isolation}", "vmm fails", "holes {SGDT, SIDT}", "hybrid_holes {}".
        public var text: String {
            switch self {
            case .holds, .bounded: keyword
            case .live(let targets): "\(keyword) \(Obligation.set(targets.map(\.description)))"
            case .violated(let names), .holes(let names), .hybridHoles(let names), .divergent(let names), .reachable(let names):
                "\(keyword) \(Obligation.set(names))"
            case .recoverable(let names, let k): "\(keyword) \(Obligation.set(names)) within \(k)"
            case .vmm(let holds), .hybrid(let holds), .recursive(let holds): "\(keyword) \(holds ? "holds" : "fails")"
            }
        }
    }

    /// A name written in the obligation, with where it was written.
    public struct Name: Sendable, Equatable {
        public var name: String
        public var location: SourceLocation
    }

    public var name: String
    /// The .proof file as it was given to the parser.
    public var file: String
    /// The `obligation` keyword, and the closing brace.
    public var location: SourceLocation
    public var endLocation: SourceLocation
    /// The obligation's exact source text, from `obligation` to its closing brace (cache key).
    public var text: String
    public var model: String?
    public var modelLocation: SourceLocation?
    public var analysis: Analysis?
    public var engine: String?
    public var depth: Int?
    public var width: UInt64?
    public var timeoutSeconds: UInt32?
    public var properties: [Name] = []
    /// `set NAME = VALUE`, in source order.
    public var overrides: [(name: String, value: UInt64)] = []
    public var expectations: [Expectation] = []
    /// Where each expectation's keyword is (parallel to `expectations`).
    public var expectationLocations: [SourceLocation] = []
    /// Problems that make this obligation (but not its neighbours) invalid.
    public var diagnostics: [Diagnostic] = []

    /// "{}" or "{A, B}", sorted (UTF-8 order) so that sets compare as text.
    public static func set(_ names: [String]) -> String {
        let sorted = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return sorted.isEmpty ? "{}" : "{" + sorted.joined(separator: ", ") + "}"
    }

    /// Line `line` of the .proof file, when it is part of this obligation (for caret lines).
    public func sourceLine(_ line: Int) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let i = line - location.line
        guard i >= 0, i < lines.count else { return nil }
        return (i == 0 ? firstLinePrefix : "") + String(lines[i])
    }

    /// The text before `obligation` on its line (usually nothing).
    public var firstLinePrefix: String = ""

    /// A verify obligation's verdict expectation (holds, bounded or violated), without `live`.
    public var verdictExpectation: Expectation? {
        expectations.first { !$0.isGraphCondition }
    }

    /// `expect reachable { ... }`'s predicates, when the obligation has one.
    public var reachableGoals: [String]? {
        for e in expectations { if case .reachable(let names) = e { return names } }
        return nil
    }

    /// `expect recoverable { ... } within K`, when the obligation has one.
    public var recoverableGoals: (names: [String], within: Int)? {
        for e in expectations { if case .recoverable(let names, let k) = e { return (names, k) } }
        return nil
    }

    /// `expect live { ... }`'s actions (some with arguments fixed), when the obligation has one.
    public var liveTargets: [LiveTarget]? {
        for e in expectations {
            if case .live(let targets) = e { return targets }
        }
        return nil
    }

    /// All expectations, as written in the report: "vmm fails, holes {SGDT}".
    public var expectedText: String { expectations.map(\.text).joined(separator: ", ") }
}

/// A parsed .proof file. `diagnostics` holds syntax errors, which make the whole file invalid
/// (parsing stops at the first); per-obligation problems are in each obligation's `diagnostics`.
public struct ProofFile: Sendable {
    public var path: String
    public var obligations: [Obligation]
    public var diagnostics: [Diagnostic]

    /// Every diagnostic of the file, syntax first, then each obligation's, in source order.
    public var allDiagnostics: [Diagnostic] {
        diagnostics + obligations.flatMap(\.diagnostics)
    }
}

public struct ObligationParser {
    public static let keys = ["model", "analysis", "engine", "depth", "width", "timeout", "property", "set", "expect"]
    public static let verifyEngines = ["explore", "smt", "both"]
    public static let classifyEngines = ["enumerate", "smt", "both"]

    private let file: SourceFile
    private var tokens: [Token] = []
    private var index = 0

    /// Parses a .proof file's text; never throws: every problem is a diagnostic.
    public static func parse(path: String, text: String) -> ProofFile {
        var parser = ObligationParser(SourceFile(path: path, text: text))
        var obligations: [Obligation] = []
        do {
            var lexer = Lexer(parser.file)
            parser.tokens = try lexer.tokenize()
            try parser.parseFile(into: &obligations)
        } catch {
            return ProofFile(path: path, obligations: obligations, diagnostics: error.diagnostics)
        }
        return ProofFile(path: path, obligations: obligations, diagnostics: [])
    }

    private init(_ file: SourceFile) { self.file = file }

    // MARK: tokens

    private var current: Token { tokens[index] }
    private var location: SourceLocation { file.location(at: current.offset) }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }
    private func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .identifier(let s): "'\(s)'"
        case .integer(let v): "number \(v)"
        case .string(let s): "string \"\(s)\""
        case .symbol(let s): "'\(s)'"
        case .eof: "end of file"
        }
    }

    private func diagnostic(_ message: String, at loc: SourceLocation, notes: [String] = []) -> Diagnostic {
        file.diagnostic(message, at: loc, notes: notes)
    }

    private func error(_ message: String, notes: [String] = []) -> DiagnosticError {
        DiagnosticError(diagnostic(message, at: location, notes: notes))
    }

    private mutating func expectSymbol(_ s: String, _ context: String) throws(DiagnosticError) {
        guard isSymbol(s) else { throw error("expected '\(s)' \(context), found \(describe(current))") }
        advance()
    }

    private mutating func name(_ what: String) throws(DiagnosticError) -> Obligation.Name {
        guard case .identifier(let n) = current.kind else { throw error("expected \(what), found \(describe(current))") }
        let loc = location
        advance()
        return Obligation.Name(name: n, location: loc)
    }

    private mutating func integer(after key: String) throws(DiagnosticError) -> (UInt64, SourceLocation) {
        guard case .integer(let v) = current.kind else { throw error("expected a number after '\(key)', found \(describe(current))") }
        let loc = location
        advance()
        return (v, loc)
    }

    /// `{ A, B, }`.
    private mutating func names(_ what: String, into o: inout Obligation) throws(DiagnosticError) -> [String] {
        try entries(what, arguments: false, into: &o).map(\.action)
    }

    /// `expect live`'s set: an entry may fix some of its action's arguments, `B(p = V, ...)`;
    /// the runner resolves it against the model.
    private mutating func liveTargets(into o: inout Obligation) throws(DiagnosticError) -> [LiveTarget] {
        try entries("actions", arguments: true, into: &o)
    }

    /// A braced set of names (with `arguments`, each optionally with fixed arguments); an entry
    /// listed twice (the same canonical text) is an error on the second.
    private mutating func entries(_ what: String, arguments: Bool, into o: inout Obligation) throws(DiagnosticError) -> [LiveTarget] {
        try expectSymbol("{", "to open the set of \(what)")
        var out: [LiveTarget] = []
        while !isSymbol("}") {
            let singular = what.hasSuffix("s") ? String(what.dropLast()) : what
            let n = try name("\("aeiou".contains(singular.first ?? "x") ? "an" : "a") \(singular) name or '}'")
            let entry = arguments ? try liveTarget(n) : LiveTarget(action: n.name)
            if out.contains(entry) {
                o.diagnostics.append(diagnostic("'\(entry)' is listed twice", at: n.location))
            } else {
                out.append(entry)
            }
            if isSymbol(",") { advance() } else { break }
        }
        try expectSymbol("}", "to close the set of \(what)")
        return out
    }

    /// The optional `(p = V, ...)` after the action name `n`: a subject, an enumeration case, a
    /// number or true/false for each parameter fixed.
    private mutating func liveTarget(_ n: Obligation.Name) throws(DiagnosticError) -> LiveTarget {
        var target = LiveTarget(action: n.name)
        guard isSymbol("(") else { return target }
        advance()
        while !isSymbol(")") {
            let p = try name("a parameter name or ')'")
            try expectSymbol("=", "after the parameter's name")
            switch current.kind {
            case .identifier(let v): target.arguments.append(LiveTarget.Argument(parameter: p.name, value: v))
            case .integer(let v): target.arguments.append(LiveTarget.Argument(parameter: p.name, value: String(v)))
            default: throw error("expected a value for '\(p.name)', found \(describe(current))")
            }
            advance()
            if isSymbol(",") { advance() } else { break }
        }
        try expectSymbol(")", "to close the arguments of '\(n.name)'")
        return target
    }

    /// Skips the rest of the line a bad item started on (braces opened there are skipped whole),
    /// so the next item is read normally. Stops before a `}` that would close the obligation.
    private mutating func skipLine(of start: SourceLocation) {
        var depth = 0
        while current.kind != .eof {
            if depth == 0, file.location(at: current.offset).line != start.line { return }
            if isSymbol("{") { depth += 1 }
            if isSymbol("}") {
                if depth == 0 { return }
                depth -= 1
            }
            advance()
        }
    }

    // MARK: grammar

    private mutating func parseFile(into obligations: inout [Obligation]) throws(DiagnosticError) {
        var seen: [String: SourceLocation] = [:]
        while current.kind != .eof {
            if isSymbol(";") { advance(); continue }
            var o = try parseObligation()
            if let first = seen[o.name] {
                o.diagnostics.insert(diagnostic("duplicate obligation name '\(o.name)'", at: o.location,
                                                notes: ["first declared at \(first)"]), at: 0)
            } else {
                seen[o.name] = o.location
            }
            obligations.append(o)
        }
    }

    private mutating func parseObligation() throws(DiagnosticError) -> Obligation {
        guard current.kind == .identifier("obligation") else {
            throw error("expected 'obligation', found \(describe(current))")
        }
        let start = location
        let startOffset = current.offset
        advance()
        let n = try name("an obligation name")
        try expectSymbol("{", "to open the obligation")
        var o = Obligation(name: n.name, file: file.path, location: start, endLocation: start, text: "")
        var seenKeys: [String: SourceLocation] = [:]
        var engineLocation: SourceLocation?
        var depthLocation: SourceLocation?
        var widthLocation: SourceLocation?
        var expectLocations: [SourceLocation] = []

        func once(_ key: String, _ loc: SourceLocation, _ o: inout Obligation) {
            if let first = seenKeys[key] {
                o.diagnostics.append(diagnostic("duplicate '\(key)' in obligation '\(o.name)'", at: loc, notes: ["first given at \(first)"]))
            } else {
                seenKeys[key] = loc
            }
        }

        while true {
            if isSymbol(";") { advance(); continue }
            if isSymbol("}") { break }
            if current.kind == .eof {
                throw DiagnosticError(diagnostic("unexpected end of file: obligation '\(o.name)' is not closed", at: start))
            }
            let keyLoc = location
            guard case .identifier(let key) = current.kind else {
                throw error("expected a key (\(Self.keys.joined(separator: ", "))) or '}', found \(describe(current))")
            }
            advance()
            switch key {
            case "model":
                guard case .string(let path) = current.kind else {
                    throw error("expected the model's path in quotes after 'model', found \(describe(current))")
                }
                let pathLoc = location
                advance()
                once(key, keyLoc, &o)
                if path.isEmpty {
                    o.diagnostics.append(diagnostic("the model path is empty", at: pathLoc))
                } else if o.model == nil {
                    o.model = path
                    o.modelLocation = pathLoc
                }
            case "analysis":
                let v = try name("'verify' or 'classify' after 'analysis'")
                once(key, keyLoc, &o)
                if let a = Obligation.Analysis(rawValue: v.name) {
                    if o.analysis == nil { o.analysis = a }
                } else {
                    o.diagnostics.append(diagnostic("unknown analysis '\(v.name)' (expected verify or classify)", at: v.location))
                }
            case "engine":
                let v = try name("an engine name after 'engine'")
                once(key, keyLoc, &o)
                if o.engine == nil { o.engine = v.name; engineLocation = v.location }
            case "depth":
                let (v, loc) = try integer(after: key)
                once(key, keyLoc, &o)
                if v > 1_000_000 {
                    o.diagnostics.append(diagnostic("depth \(v) is too large (at most 1000000)", at: loc))
                } else if o.depth == nil {
                    o.depth = Int(v); depthLocation = keyLoc
                }
            case "width":
                let (v, loc) = try integer(after: key)
                once(key, keyLoc, &o)
                if v < 1 || v > 64 {
                    o.diagnostics.append(diagnostic("width must be between 1 and 64, not \(v)", at: loc))
                } else if o.width == nil {
                    o.width = v; widthLocation = keyLoc
                }
            case "timeout":
                let (v, loc) = try integer(after: key)
                once(key, keyLoc, &o)
                if v < 1 || v > 4_000_000 {
                    o.diagnostics.append(diagnostic("timeout must be between 1 and 4000000 seconds, not \(v)", at: loc))
                } else if o.timeoutSeconds == nil {
                    o.timeoutSeconds = UInt32(v)
                }
            case "property":
                repeat {
                    if isSymbol(",") { advance() }
                    let p = try name("a property name after 'property'")
                    if o.properties.contains(where: { $0.name == p.name }) {
                        o.diagnostics.append(diagnostic("property '\(p.name)' is selected twice", at: p.location))
                    } else {
                        o.properties.append(p)
                    }
                } while isSymbol(",")
            case "set":
                let c = try name("a constant name after 'set'")
                try expectSymbol("=", "after the constant's name")
                let (v, _) = try integer(after: "=")
                if o.overrides.contains(where: { $0.name == c.name }) {
                    o.diagnostics.append(diagnostic("constant '\(c.name)' is set twice", at: c.location))
                } else {
                    o.overrides.append((c.name, v))
                }
            case "expect":
                let word = try name("an expectation after 'expect' (holds, bounded, violated, live, reachable, recoverable, vmm, holes, hybrid, hybrid_holes, recursive, divergent)")
                let e: Obligation.Expectation
                switch word.name {
                case "holds": e = .holds
                case "bounded": e = .bounded
                case "violated": e = .violated(try names("properties", into: &o))
                case "holes": e = .holes(try names("instructions", into: &o))
                case "hybrid_holes": e = .hybridHoles(try names("instructions", into: &o))
                case "divergent": e = .divergent(try names("instructions", into: &o))
                case "live": e = .live(try liveTargets(into: &o))
                case "reachable": e = .reachable(try names("predicates", into: &o))
                case "recoverable":
                    let goals = try names("predicates", into: &o)
                    let w = try name("'within' and a number of steps after the predicates")
                    guard w.name == "within" else {
                        o.diagnostics.append(diagnostic("expected 'within' after 'expect recoverable { ... }', found '\(w.name)'", at: w.location,
                                                        notes: ["for example: expect recoverable { nothing_pinned } within 2"]))
                        skipLine(of: keyLoc)
                        continue
                    }
                    let (k, kLoc) = try integer(after: "within")
                    guard k >= 1, k <= 64 else {
                        o.diagnostics.append(diagnostic("'within' must be between 1 and 64 steps, not \(k)", at: kLoc))
                        continue
                    }
                    e = .recoverable(goals, within: Int(k))
                case "vmm", "hybrid", "recursive":
                    let v = try name("'holds' or 'fails' after '\(word.name)'")
                    guard v.name == "holds" || v.name == "fails" else {
                        o.diagnostics.append(diagnostic("expected 'holds' or 'fails' after '\(word.name)', found '\(v.name)'", at: v.location))
                        continue
                    }
                    let holds = v.name == "holds"
                    e = word.name == "vmm" ? .vmm(holds: holds) : word.name == "hybrid" ? .hybrid(holds: holds) : .recursive(holds: holds)
                default:
                    o.diagnostics.append(diagnostic("unknown expectation '\(word.name)'", at: word.location, notes: [
                        "verify obligations expect: holds, bounded, violated { P, ... }; and optionally live { A, ... }, reachable { R, ... }, recoverable { R, ... } within K",
                        "classify obligations expect: vmm holds|fails, holes { I, ... }, hybrid holds|fails, hybrid_holes { I, ... }, recursive holds|fails, divergent { I, ... }",
                    ]))
                    skipLine(of: keyLoc)
                    continue
                }
                o.expectations.append(e)
                expectLocations.append(word.location)
            default:
                o.diagnostics.append(diagnostic("unknown key '\(key)' in obligation '\(o.name)'", at: keyLoc,
                                                notes: ["an obligation holds: " + Self.keys.joined(separator: ", ")]))
                skipLine(of: keyLoc)
            }
        }
        o.endLocation = location
        let endOffset = current.offset + current.length
        advance()
        o.text = String(decoding: file.text[startOffset..<endOffset], as: UTF8.self)
        o.expectationLocations = expectLocations
        o.firstLinePrefix = file.lineText(start.line).map { String($0.utf8.prefix(start.column - 1)) ?? "" } ?? ""
        validate(&o, engineLocation: engineLocation, depthLocation: depthLocation, widthLocation: widthLocation,
                 expectLocations: expectLocations)
        return o
    }

    /// Checks that needs the whole obligation: required keys, and keys and expectations that fit the analysis.
    private func validate(_ o: inout Obligation, engineLocation: SourceLocation?, depthLocation: SourceLocation?,
                          widthLocation: SourceLocation?, expectLocations: [SourceLocation]) {
        defer { o.diagnostics.sort { ($0.location ?? o.location) < ($1.location ?? o.location) } }
        if o.model == nil, !o.diagnostics.contains(where: { $0.message == "the model path is empty" }) {
            o.diagnostics.append(diagnostic("obligation '\(o.name)' has no 'model'", at: o.location))
        }
        if o.expectations.isEmpty, !o.diagnostics.contains(where: { $0.message.hasPrefix("unknown expectation") }) {
            o.diagnostics.append(diagnostic("obligation '\(o.name)' has no 'expect'", at: o.location))
        } else if o.analysis == .verify, o.verdictExpectation == nil, let only = o.expectations.first(where: \.isGraphCondition) {
            o.diagnostics.append(diagnostic("obligation '\(o.name)' expects only '\(only.keyword)': add 'expect holds', 'expect bounded' or 'expect violated { P, ... }'",
                                            at: o.location))
        }
        guard let analysis = o.analysis else {
            if !o.diagnostics.contains(where: { $0.message.hasPrefix("unknown analysis") }) {
                o.diagnostics.append(diagnostic("obligation '\(o.name)' has no 'analysis' (verify or classify)", at: o.location))
            }
            return
        }
        let engines = analysis == .verify ? Self.verifyEngines : Self.classifyEngines
        if let e = o.engine, let loc = engineLocation, !engines.contains(e) {
            o.diagnostics.append(diagnostic("engine '\(e)' does not fit a \(analysis.rawValue) obligation (expected \(engines.joined(separator: ", ")))", at: loc))
        }
        switch analysis {
        case .verify:
            if let loc = widthLocation {
                o.diagnostics.append(diagnostic("'width' applies to classify obligations, not verify (use 'set NAME = VALUE')", at: loc))
            }
        case .classify:
            if let loc = depthLocation {
                o.diagnostics.append(diagnostic("'depth' applies to verify obligations, not classify", at: loc))
            }
            if let p = o.properties.first {
                o.diagnostics.append(diagnostic("'property' applies to verify obligations, not classify", at: p.location))
            }
        }
        var seen: [String: SourceLocation] = [:]
        var verifyExpectation: (Obligation.Expectation, SourceLocation)?
        for (e, loc) in zip(o.expectations, expectLocations) {
            if e.analysis != analysis {
                o.diagnostics.append(diagnostic("'expect \(e.keyword)' does not fit a \(analysis.rawValue) obligation", at: loc, notes: [
                    analysis == .verify ? "a verify obligation expects one of: holds, bounded, violated { P, ... }"
                        : "a classify obligation expects: vmm holds|fails, holes { I, ... }, hybrid holds|fails, hybrid_holes { I, ... }, recursive holds|fails, divergent { I, ... }",
                ]))
                continue
            }
            if e.isGraphCondition {
                let names: [String]
                switch e {
                case .live(let t): names = t.map(\.description)
                case .reachable(let n), .recoverable(let n, _): names = n
                default: names = []
                }
                if names.isEmpty {
                    o.diagnostics.append(diagnostic("'expect \(e.keyword) {}' names no \(e.keyword == "live" ? "action" : "predicate")", at: loc))
                } else if let first = seen[e.keyword] {
                    o.diagnostics.append(diagnostic("duplicate 'expect \(e.keyword)'", at: loc, notes: ["first given at \(first)"]))
                } else {
                    seen[e.keyword] = loc
                }
                if case .recoverable(_, let k) = e, let d = o.depth, k > d {
                    o.diagnostics.append(diagnostic("'within \(k)' exceeds the obligation's depth \(d): recovery is searched inside the explored depth",
                                                    at: loc, notes: ["states within depth \(d) - K are checked, each for a way back within K steps"]))
                }
                continue
            }
            if analysis == .verify {
                if let (first, firstLoc) = verifyExpectation {
                    o.diagnostics.append(diagnostic("conflicting expectations: 'expect \(e.keyword)' after 'expect \(first.keyword)'", at: loc,
                                                    notes: ["first expectation at \(firstLoc)"]))
                    continue
                }
                verifyExpectation = (e, loc)
                if case .violated(let names) = e {
                    if names.isEmpty {
                        o.diagnostics.append(diagnostic("'expect violated {}' names no property; write 'expect holds' or 'expect bounded'", at: loc))
                    }
                    if !o.properties.isEmpty {
                        for n in names where !o.properties.contains(where: { $0.name == n }) {
                            o.diagnostics.append(diagnostic("'\(n)' is expected to be violated but is not selected by 'property'", at: loc))
                        }
                    }
                }
            } else if let first = seen[e.keyword] {
                o.diagnostics.append(diagnostic("duplicate 'expect \(e.keyword)'", at: loc, notes: ["first given at \(first)"]))
            } else {
                seen[e.keyword] = loc
            }
        }
        if analysis == .classify {
            // Theorem verdicts and hole sets must agree with each other.
            for (theorem, holesKey) in [("vmm", "holes"), ("hybrid", "hybrid_holes")] {
                var holds: Bool?
                var holes: [String]?
                var loc: SourceLocation?
                for (e, l) in zip(o.expectations, expectLocations) {
                    switch e {
                    case .vmm(let h) where theorem == "vmm" && holds == nil: holds = h
                    case .hybrid(let h) where theorem == "hybrid" && holds == nil: holds = h
                    case .holes(let s) where holesKey == "holes" && holes == nil: holes = s; loc = l
                    case .hybridHoles(let s) where holesKey == "hybrid_holes" && holes == nil: holes = s; loc = l
                    default: break
                    }
                }
                if theorem == "vmm", holds == false,
                   let (_, l) = zip(o.expectations, expectLocations).first(where: { $0.0 == .recursive(holds: true) }) {
                    o.diagnostics.append(diagnostic("'expect recursive holds' contradicts 'expect vmm fails': Theorem 2 needs Theorem 1", at: l))
                }
                if let h = holds, let s = holes, let l = loc, h != s.isEmpty {
                    o.diagnostics.append(diagnostic(h ? "'expect \(theorem) holds' contradicts 'expect \(holesKey) \(Obligation.set(s))': a theorem that holds has no holes"
                                                      : "'expect \(theorem) fails' contradicts 'expect \(holesKey) {}': a theorem that fails has a hole", at: l))
                }
            }
        }
    }
}
