import Foundation
import WardIR
import WardSyntax

/// Systematic mutations of a model's IR (`ward mutate`): each one is a plausible slip in a
/// hypervisor, a policy or an ISA — a missing check, an inverted or off-by-one comparison, a
/// forgotten trap, a permission granted too widely, a skipped update (a pin, a flush).
public enum MutationOperator: String, Sendable, CaseIterable, Comparable {
    /// Remove a `require` (an action's `when` guard is its first `require`).
    case dropRequire = "drop-require"
    /// Remove a `trap KIND`: the instruction runs on where it used to trap.
    case removeTrap = "remove-trap"
    /// Remove an assignment `f = e` / `m[k] = e` / a `forall` update: the update is skipped.
    case deleteAssignment = "delete-assignment"
    /// `if c` always (or never) takes its branch.
    case dropCondition = "drop-condition"
    /// `==` ↔ `!=`, `<` ↔ `>=`, `<=` ↔ `>` (also signed, and `x in S` ↔ `!(x in S)`).
    case negateComparison = "negate-comparison"
    /// `<` ↔ `<=`, `>` ↔ `>=` (off by one).
    case boundaryComparison = "boundary-comparison"
    /// A set literal gains one more case (a permission granted too widely).
    case widenSet = "widen-set"

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// One mutant: where, what, and the action body it replaces the original's with.
public struct Mutant: Sendable {
    /// Stable across loads of the same model at other widths: action, operator, site, variant.
    public var id: String
    public var op: MutationOperator
    public var action: Int
    public var actionName: String
    /// Best effort: the statement or expression when it can be matched in the source, else the action.
    public var location: SourceLocation
    public var description: String
    public var body: [Stmt]

    public func apply(to model: Model) -> Model {
        var m = model
        m.actions[action].body = body
        // The policy's record of this command's HRU shape described the original body: the
        // mutant's is unknown, so the HRU decision must not rely on it (the engines judge it).
        if var policy = m.policy {
            for i in policy.commands.indices where policy.commands[i].action == action {
                policy.commands[i].otherStatements = true
                policy.commands[i].conditions.append(.other)
            }
            m.policy = policy
        }
        return m
    }
}

/// Enumerates the mutants of a model, in a fixed order (actions in declaration order, each body
/// in statement order, operators in `MutationOperator` order at each site).
public struct MutantGenerator {
    public let model: Model
    let text: IRText
    let sites: SourceSites
    public init(model: Model) {
        self.model = model
        text = IRText(model: model)
        sites = SourceSites(model: model)
    }

    /// Actions worth mutating: for an ISA, the instructions (what the classifier observes); else every action.
    public var actions: [Int] {
        model.actions.indices.filter { model.kind != .isa || model.actions[$0].kind != .interrupt }
    }

    public func mutants() -> [Mutant] {
        var out: [Mutant] = []
        for a in actions {
            var walker = Walker(generator: self, action: a)
            walker.walk(model.actions[a].body, path: [])
            out += walker.mutants
        }
        return out
    }

    /// Per action: builds mutants while walking its body, rebuilding the body around each change.
    struct Walker {
        let generator: MutantGenerator
        let action: Int
        var mutants: [Mutant] = []
        var counters: [String: Int] = [:]
        /// Comparisons and set literals seen so far in the action (in the source-matching order).
        var seen = ExprMutations.Ordinal()
        var text: IRText { generator.text }
        var act: Action { generator.model.actions[action] }

        mutating func next(_ kind: String) -> Int {
            defer { counters[kind, default: 0] += 1 }
            return counters[kind, default: 0]
        }

        /// `path` leads from the body to a statement list: (statement index, branch) pairs.
        mutating func walk(_ stmts: [Stmt], path: [(Int, Bool)]) {
            for (i, s) in stmts.enumerated() {
                switch s {
                case .require(let c):
                    let k = next("require")
                    let isGuard = path.isEmpty && i == 0 && generator.sites.hasGuard(action)
                    add(.dropRequire, site: "require\(k)", at: isGuard ? generator.sites.guardLocation(action) : generator.sites.location(action, "require", k),
                        isGuard ? "drop the guard 'when \(text.expr(c, act))'" : "drop 'require \(text.expr(c, act))'",
                        replace(stmts, path, i, with: []))
                    exprMutants(c, site: "require\(k)", path, i) { .require($0) }
                case .trap(let kind):
                    let k = next("trap")
                    add(.removeTrap, site: "trap\(k)", at: generator.sites.location(action, "trap", k),
                        "remove 'trap \(generator.model.trapKinds[kind])'", replace(stmts, path, i, with: []))
                case .assign(let lv, let v):
                    let k = next("assign")
                    for key in lv.keys { skip(key) }
                    add(.deleteAssignment, site: "assign\(k)", at: generator.sites.location(action, "assign", k),
                        "delete '\(text.lvalue(lv, act)) = \(text.expr(v, act))'", replace(stmts, path, i, with: []))
                    exprMutants(v, site: "assign\(k)", path, i) { .assign(lv, $0) }
                case .bind(let slot, let v):
                    let k = next("let")
                    exprMutants(v, site: "let\(k)", path, i) { .bind(slot, $0) }
                case .ifElse(let c, let t, let e):
                    let k = next("if")
                    let loc = generator.sites.location(action, "if", k)
                    add(.dropCondition, site: "if\(k)", variant: "then", at: loc, "'if \(text.expr(c, act))' always takes its branch",
                        replace(stmts, path, i, with: [.ifElse(.true, t, e)]))
                    add(.dropCondition, site: "if\(k)", variant: "else", at: loc, "'if \(text.expr(c, act))' never takes its branch",
                        replace(stmts, path, i, with: [.ifElse(.false, t, e)]))
                    exprMutants(c, site: "if\(k)", path, i) { .ifElse($0, t, e) }
                    walk(t, path: path + [(i, true)])
                    walk(e, path: path + [(i, false)])
                }
            }
        }

        /// Counts an expression's sites without mutating them (map keys of an assignment).
        mutating func skip(_ e: Expr) {
            let end = ExprMutations.all(e).end
            seen.compare += end.compare
            seen.set += end.set
        }

        /// Mutants inside one expression of statement `i`: comparisons and set literals.
        mutating func exprMutants(_ e: Expr, site: String, _ path: [(Int, Bool)], _ i: Int, _ rebuild: (Expr) -> Stmt) {
            let stmts = generator.body(at: path, of: action)
            let (mutations, end) = ExprMutations.all(e)
            for (n, m) in mutations.enumerated() {
                let loc = m.op == .widenSet ? generator.sites.location(action, "set", seen.set + m.ordinal.set)
                    : generator.sites.location(action, "compare", seen.compare + m.ordinal.compare)
                add(m.op, site: "\(site).e\(n)", at: loc, m.describe(text, act), replace(stmts, path, i, with: [rebuild(m.result)]))
            }
            seen.compare += end.compare
            seen.set += end.set
        }

        mutating func add(_ op: MutationOperator, site: String, variant: String = "", at location: SourceLocation,
                          _ description: String, _ body: [Stmt]) {
            let id = "\(act.name)/\(site)/\(op.rawValue)" + (variant.isEmpty ? "" : "/\(variant)")
            mutants.append(Mutant(id: id, op: op, action: action, actionName: act.name, location: location,
                                  description: description, body: body))
        }

        /// The whole action body with statement `i` of the list at `path` replaced by `with`.
        func replace(_ stmts: [Stmt], _ path: [(Int, Bool)], _ i: Int, with replacement: [Stmt]) -> [Stmt] {
            var list = stmts
            list.replaceSubrange(i...i, with: replacement)
            return generator.rebuild(generator.model.actions[action].body, path[...], list)
        }
    }

    /// The statement list that `path` leads to.
    func body(at path: [(Int, Bool)], of action: Int) -> [Stmt] {
        var list = model.actions[action].body
        for (i, branch) in path {
            guard case .ifElse(_, let t, let e) = list[i] else { return list }
            list = branch ? t : e
        }
        return list
    }

    /// `stmts` with the list that `path` leads to replaced by `list`.
    func rebuild(_ stmts: [Stmt], _ path: ArraySlice<(Int, Bool)>, _ list: [Stmt]) -> [Stmt] {
        guard let (i, branch) = path.first else { return list }
        guard case .ifElse(let c, let t, let e) = stmts[i] else { return stmts }
        var out = stmts
        out[i] = branch ? .ifElse(c, rebuild(t, path.dropFirst(), list), e) : .ifElse(c, t, rebuild(e, path.dropFirst(), list))
        return out
    }
}

/// Expression-level mutations: each comparison negated and moved by one, each set literal widened.
enum ExprMutations {
    struct Ordinal { var compare = 0; var set = 0 }
    struct Mutation {
        var op: MutationOperator
        var original: Expr
        var replacement: Expr
        var result: Expr
        var ordinal: Ordinal

        func describe(_ text: IRText, _ action: Action) -> String {
            "'\(text.expr(original, action))' → '\(text.expr(replacement, action))'"
        }
    }

    static let negation: [BinaryOp: BinaryOp] = [
        .eq: .ne, .ne: .eq, .ult: .uge, .uge: .ult, .ule: .ugt, .ugt: .ule,
        .slt: .sge, .sge: .slt, .sle: .sgt, .sgt: .sle,
    ]
    static let boundary: [BinaryOp: BinaryOp] = [
        .ult: .ule, .ule: .ult, .ugt: .uge, .uge: .ugt, .slt: .sle, .sle: .slt, .sgt: .sge, .sge: .sgt,
    ]

    /// Every mutation of `e`, in pre-order, with the whole expression rebuilt around it; and how
    /// many comparisons and set literals `e` has.
    static func all(_ e: Expr) -> (mutations: [Mutation], end: Ordinal) {
        var out: [Mutation] = []
        var ordinal = Ordinal()
        visit(e, rebuild: { $0 }, &out, &ordinal)
        return (out, ordinal)
    }

    /// The lowering of `x in S` for a non-constant `x` and of `{x, ...}`: `ite` chains over the
    /// cases. Their inner comparisons are the elaborator's, not the author's: not mutated.
    static func isLowering(_ e: Expr) -> Bool {
        guard case .ite = e.kind else { return false }
        if case .set = e.type { return true }
        return e.type == .bool
    }

    static func visit(_ e: Expr, rebuild: (Expr) -> Expr, _ out: inout [Mutation], _ ordinal: inout Ordinal) {
        switch e.kind {
        case .binary(let op, let a, let b):
            if let n = negation[op] {
                let r = Expr(.binary(n, a, b), e.type)
                out.append(Mutation(op: .negateComparison, original: e, replacement: r, result: rebuild(r), ordinal: ordinal))
                if let m = boundary[op] {
                    let r2 = Expr(.binary(m, a, b), e.type)
                    out.append(Mutation(op: .boundaryComparison, original: e, replacement: r2, result: rebuild(r2), ordinal: ordinal))
                }
                ordinal.compare += 1
            }
            visit(a, rebuild: { rebuild(Expr(.binary(op, $0, b), e.type)) }, &out, &ordinal)
            visit(b, rebuild: { rebuild(Expr(.binary(op, a, $0), e.type)) }, &out, &ordinal)
        case .constant(let v):
            if case .set(let en) = e.type {
                for c in en.cases.indices where v >> UInt64(c) & 1 == 0 {
                    let r = Expr.constant(v | UInt64(1) << UInt64(c), e.type)
                    out.append(Mutation(op: .widenSet, original: e, replacement: r, result: rebuild(r), ordinal: ordinal))
                }
                ordinal.set += 1
            }
        case .unary(let op, let a):
            visit(a, rebuild: { rebuild(Expr(.unary(op, $0), e.type)) }, &out, &ordinal)
        case .index(let m, let k):
            visit(m, rebuild: { rebuild(Expr(.index($0, k), e.type)) }, &out, &ordinal)
            visit(k, rebuild: { rebuild(Expr(.index(m, $0), e.type)) }, &out, &ordinal)
        case .ite(let c, let a, let b):
            if isLowering(e) { return }
            visit(c, rebuild: { rebuild(Expr(.ite($0, a, b), e.type)) }, &out, &ordinal)
            visit(a, rebuild: { rebuild(Expr(.ite(c, $0, b), e.type)) }, &out, &ordinal)
            visit(b, rebuild: { rebuild(Expr(.ite(c, a, $0), e.type)) }, &out, &ordinal)
        case .extract(let hi, let lo, let a):
            visit(a, rebuild: { rebuild(Expr(.extract(hi: hi, lo: lo, $0), e.type)) }, &out, &ordinal)
        case .zeroExtend(let n, let a):
            visit(a, rebuild: { rebuild(Expr(.zeroExtend(n, $0), e.type)) }, &out, &ordinal)
        case .signExtend(let n, let a):
            visit(a, rebuild: { rebuild(Expr(.signExtend(n, $0), e.type)) }, &out, &ordinal)
        case .concat(let a, let b):
            visit(a, rebuild: { rebuild(Expr(.concat($0, b), e.type)) }, &out, &ordinal)
            visit(b, rebuild: { rebuild(Expr(.concat(a, $0), e.type)) }, &out, &ordinal)
        case .quantifier(let fa, let l, let d, let body):
            visit(body, rebuild: { rebuild(Expr(.quantifier(forall: fa, local: l, domain: d, body: $0), e.type)) }, &out, &ordinal)
        case .field, .param, .local:
            break
        }
    }
}

/// IR back to readable text for mutant descriptions: names for fields, parameters, enum cases
/// and sets; `x in S` for the lowered membership test.
struct IRText {
    let model: Model

    func lvalue(_ lv: LValue, _ action: Action) -> String {
        let keys = lv.keys.map { "[" + expr($0, action) + "]" }.joined()
        let head = model.fields[lv.field].name + keys
        if let b = lv.forEach { return "forall l\(b.local): \(b.domain) { \(head)" + " }" }
        return head
    }

    func constant(_ v: UInt64, _ t: IRType) -> String {
        switch t {
        case .bool: return v != 0 ? "true" : "false"
        case .bits: return v < 16 ? "\(v)" : "0x" + String(v, radix: 16)
        case .enumeration(let e): return Int(v) < e.cases.count ? e.cases[Int(v)] : "\(e.name)#\(v)"
        case .set(let e): return "{" + e.cases.indices.filter { v >> UInt64($0) & 1 == 1 }.map { e.cases[$0] }.joined(separator: ", ") + "}"
        case .map: return "<map>"
        }
    }

    static let symbols: [BinaryOp: String] = [
        .and: "&&", .or: "||", .implies: "==>", .eq: "==", .ne: "!=", .add: "+", .sub: "-", .mul: "*", .udiv: "/",
        .urem: "%", .band: "&", .bor: "|", .bxor: "^", .shl: "<<", .lshr: ">>", .ult: "<", .ule: "<=", .ugt: ">", .uge: ">=",
    ]

    func expr(_ e: Expr, _ action: Action, top: Bool = true) -> String {
        let s: String
        switch e.kind {
        case .constant(let v): return constant(v, e.type)
        case .field(let i): return model.fields[i].name
        case .param(let i): return i < action.params.count ? action.params[i].name : "p\(i)"
        case .local(let i): return "l\(i)"
        case .index(let m, let k): return expr(m, action, top: false) + "[" + expr(k, action) + "]"
        case .extract(let hi, let lo, let a):
            // `x in S` is lowered to `S[c] == 1`: print it back.
            return expr(a, action, top: false) + (hi == lo ? "[\(hi)]" : "[\(hi):\(lo)]")
        case .unary(let op, let a):
            return (op == .not ? "!" : op == .bvnot ? "~" : "-") + expr(a, action, top: false)
        case .binary(let op, let a, let b):
            if (op == .eq || op == .ne), case .extract(let hi, let lo, let set) = a.kind, hi == lo, case .set(let en) = set.type,
               b.constantValue == 1, hi < en.cases.count {
                let test = "\(en.cases[hi]) in \(expr(set, action, top: false))"
                return op == .eq ? test : "!(" + test + ")"
            }
            if let sym = Self.symbols[op] {
                s = expr(a, action, top: false) + " \(sym) " + expr(b, action, top: false)
            } else {
                return "\(op.rawValue)(" + expr(a, action) + ", " + expr(b, action) + ")"
            }
        case .ite(let c, let a, let b): s = "if " + expr(c, action) + " then " + expr(a, action) + " else " + expr(b, action)
        case .zeroExtend(let n, let a): return "zext(" + expr(a, action) + ", +\(n))"
        case .signExtend(let n, let a): return "sext(" + expr(a, action) + ", +\(n))"
        case .concat(let a, let b): return "concat(" + expr(a, action) + ", " + expr(b, action) + ")"
        case .quantifier(let fa, let l, let d, let body): s = (fa ? "forall" : "exists") + " l\(l): \(d) :: " + expr(body, action)
        }
        return top ? s : "(" + s + ")"
    }
}

/// Where each IR site of an action is in the source, when it can be told: the k-th `require`
/// (`trap`, assignment, `if`, comparison, set literal) of the IR is the k-th of the action's
/// syntax when both have the same number of them (loops, functions and `forall` updates change
/// the counts; the action's own location is used then).
struct SourceSites {
    struct Sites { var location: SourceLocation; var guardLocation: SourceLocation?; var byKind: [String: [SourceLocation]] = [:] }
    var actions: [Int: Sites] = [:]

    init(model: Model) {
        var syntax: [String: ([StmtSyntax], ExprSyntax?)] = [:]
        for path in model.sourceFiles {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
                  let file = try? Parser.parse(path: path, text: text) else { continue }
            for m in file.model.members {
                if case .action(_, let name, _, let g, let body, _) = m.declaration { syntax[name] = (body, g) }
            }
        }
        for (i, a) in model.actions.enumerated() {
            var sites = Sites(location: a.location)
            if let (body, guardExpr) = syntax[a.name] {
                var collector = Collector()
                if let g = guardExpr { collector.add("require", g.location); collector.expr(g) }
                collector.stmts(body)
                var ir = IRCollector()
                ir.stmts(a.body)
                // A kind whose counts differ (loops, inlined functions, lowering) keeps no locations: they would mislead.
                for (kind, locs) in collector.byKind where ir.counts[kind, default: 0] == locs.count { sites.byKind[kind] = locs }
                sites.guardLocation = guardExpr?.location
            }
            actions[i] = sites
        }
    }

    func hasGuard(_ action: Int) -> Bool { actions[action]?.guardLocation != nil }
    func guardLocation(_ action: Int) -> SourceLocation { actions[action]?.guardLocation ?? actions[action]!.location }

    func location(_ action: Int, _ kind: String, _ k: Int) -> SourceLocation {
        guard let sites = actions[action] else { return SourceLocation(file: "?", line: 1, column: 1) }
        if let locs = sites.byKind[kind], k < locs.count { return locs[k] }
        return sites.location
    }

    static let comparisons: Set<String> = ["==", "!=", "<", "<=", ">", ">=", "in"]

    /// Syntax sites in the order the elaborator lowers them.
    struct Collector {
        var byKind: [String: [SourceLocation]] = [:]
        mutating func add(_ k: String, _ l: SourceLocation) { byKind[k, default: []].append(l) }
        mutating func stmts(_ ss: [StmtSyntax]) {
            for s in ss {
                switch s {
                case .require(let e, let l): add("require", l); expr(e)
                case .trap(_, let l): add("trap", l)
                case .assign(let t, let v, let l): add("assign", l); expr(t); expr(v)
                case .letBinding(_, let v, _): expr(v)
                case .ifElse(let c, let t, let e, let l): add("if", l); expr(c); stmts(t); stmts(e ?? [])
                case .forLoop(_, _, let body, _): stmts(body); stmts(body)   // unrolled: counts cannot match
                case .parallel(_, _, let c, let body, _): if let c { expr(c) }; stmts(body)
                default: break
                }
            }
        }
        mutating func expr(_ e: ExprSyntax) {
            switch e.kind {
            case .binary(let op, let a, let b):
                if SourceSites.comparisons.contains(op) { add("compare", e.location) }
                expr(a); expr(b)
            case .setLiteral(let xs): add("set", e.location); xs.forEach { expr($0) }
            case .unary(_, let a), .member(let a, _): expr(a)
            case .index(let a, let b): expr(a); expr(b)
            case .slice(let a, let b, let c), .ite(let a, let b, let c): expr(a); expr(b); expr(c)
            case .call(let f, let xs):
                xs.forEach { expr($0) }
                if !["zext", "sext", "concat", "slt", "sle", "sgt", "sge", "ashr", "subset"].contains(f) { add("call", e.location) }
                if f == "subset" { add("compare", e.location) }
                if ["slt", "sle", "sgt", "sge"].contains(f) { add("compare", e.location) }
            case .quantifier(_, _, let body): expr(body)
            case .integer, .boolean, .name: break
            }
        }
    }

    struct IRCollector {
        var counts: [String: Int] = [:]
        mutating func stmts(_ ss: [Stmt]) {
            for s in ss {
                switch s {
                case .require(let e): counts["require", default: 0] += 1; expr(e)
                case .trap: counts["trap", default: 0] += 1
                case .assign(let lv, let v): counts["assign", default: 0] += 1; lv.keys.forEach { expr($0) }; expr(v)
                case .bind(_, let v): expr(v)
                case .ifElse(let c, let t, let e): counts["if", default: 0] += 1; expr(c); stmts(t); stmts(e)
                }
            }
        }
        mutating func expr(_ e: Expr) {
            let end = ExprMutations.all(e).end
            counts["compare", default: 0] += end.compare
            counts["set", default: 0] += end.set
        }
    }
}
