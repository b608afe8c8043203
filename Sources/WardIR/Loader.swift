import Foundation
import WardSyntax

/// Reads a model file and its imports, merges their declarations and elaborates the result.
public struct ModelLoader {
    /// Imports may not leave this directory (the repository, by default).
    public var importRoot: String?
    /// Values for `width`/`const` declarations given by the user (`--width`, obligation bounds).
    public var constantOverrides: [String: UInt64]
    public static let maxImportDepth = 32
    /// Files read for one model, counting a file once per import path (an import diamond
    /// repeated 32 deep would otherwise read 2^32 files before its duplicates are diagnosed).
    public static let maxFiles = 256
    /// Largest model file read (a model is text; this keeps `/dev/zero` or a disk image out).
    public static let maxFileBytes = 8 << 20
    /// IR nodes a model may lower to once loops are unrolled and functions inlined; beyond it the
    /// model is a diagnostic (exit 65) instead of an elaboration or an engine that never ends.
    public var maxNodes = Elaborator.defaultMaxNodes

    public init(importRoot: String? = nil, constantOverrides: [String: UInt64] = [:]) {
        self.importRoot = importRoot; self.constantOverrides = constantOverrides
    }

    public func load(path: String) throws(DiagnosticError) -> Model {
        let top = URL(fileURLWithPath: path).standardizedFileURL.path
        let root = importRoot.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? Self.defaultRoot(for: top)
        var files: [SourceFile] = []
        let syntax = try parseTree(path: path, absolute: top, root: root, stack: [], files: &files)
        do {
            let members = try merge(syntax)
            var elaborator = Elaborator(file: syntax.path, constantOverrides: constantOverrides)
            elaborator.maxNodes = maxNodes
            var model = try elaborator.elaborate(kind: syntax.model.kind, name: syntax.model.name, members: members,
                                                 location: syntax.model.location)
            model.sourceFiles = files.map(\.path)
            return model
        } catch {
            throw Self.withSourceLines(error, files)
        }
    }

    /// Parses a model given as text (tests, fuzzing); imports are not allowed.
    public func load(text: String, path: String = "<input>") throws(DiagnosticError) -> Model {
        let syntax = try Parser.parse(path: path, text: text)
        if let imp = syntax.imports.first {
            throw DiagnosticError(SourceFile(path: path, text: text).diagnostic("imports need a model file on disk", at: imp.location))
        }
        do {
            var elaborator = Elaborator(file: path, constantOverrides: constantOverrides)
            elaborator.maxNodes = maxNodes
            var model = try elaborator.elaborate(kind: syntax.model.kind, name: syntax.model.name,
                                                 members: syntax.model.members, location: syntax.model.location)
            model.sourceFiles = [path]
            return model
        } catch {
            throw Self.withSourceLines(error, [SourceFile(path: path, text: text)])
        }
    }

    /// The elaborator reports locations only; the caret line is added here, where the text is known.
    static func withSourceLines(_ error: DiagnosticError, _ files: [SourceFile]) -> DiagnosticError {
        var e = error
        for i in e.diagnostics.indices where e.diagnostics[i].lineText == nil {
            if let loc = e.diagnostics[i].location, let f = files.first(where: { $0.path == loc.file }) {
                e.diagnostics[i].lineText = f.lineText(loc.line)
            }
        }
        return e
    }

    /// `a/b/../c` → `a/c`, textually (display paths stay relative to where the user started).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: false) {
            if c == ".", !parts.isEmpty { continue }
            if c == "..", let last = parts.last, last != "..", last != "", last != "." { parts.removeLast(); continue }
            parts.append(c)
        }
        return parts.joined(separator: "/")
    }

    /// The nearest ancestor holding `.git` or `Package.swift`; else the model's own directory.
    static func defaultRoot(for file: String) -> String {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        let start = dir.path
        while dir.path != "/" {
            if fm.fileExists(atPath: dir.appendingPathComponent(".git").path)
                || fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir.path }
            dir = dir.deletingLastPathComponent()
        }
        return start
    }

    private func parseTree(path: String, absolute: String, root: String, stack: [String],
                           files: inout [SourceFile]) throws(DiagnosticError) -> ParsedTree {
        if files.count >= Self.maxFiles {
            throw DiagnosticError(Diagnostic("the model reads more than \(Self.maxFiles) files through its imports (each import path counts)", at: nil))
        }
        try Self.checkReadable(path: path, absolute: absolute)
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw DiagnosticError(Diagnostic("cannot read model file '\(path)'", at: nil))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError(Diagnostic("model file '\(path)' is not UTF-8 text", at: nil))
        }
        let syntax = try Parser.parse(path: path, text: text)
        files.append(SourceFile(path: path, text: text))
        var imports: [ParsedTree] = []
        let dir = URL(fileURLWithPath: absolute).deletingLastPathComponent()
        let displayDir = (path as NSString).deletingLastPathComponent
        for imp in syntax.imports {
            let target = dir.appendingPathComponent(imp.path).standardizedFileURL.path
            let display = Self.normalize(displayDir.isEmpty ? imp.path : (displayDir as NSString).appendingPathComponent(imp.path))
            let source = SourceFile(path: path, text: text)
            if !(target == root || target.hasPrefix(root.hasSuffix("/") ? root : root + "/")) {
                throw DiagnosticError(source.diagnostic("import '\(imp.path)' leaves the model tree '\(root)'", at: imp.location))
            }
            if stack.contains(target) || target == absolute {
                throw DiagnosticError(source.diagnostic("import cycle: '\(imp.path)' is already being imported", at: imp.location,
                                                        notes: (stack + [absolute]).map { "imported from \($0)" }))
            }
            if stack.count >= Self.maxImportDepth {
                throw DiagnosticError(source.diagnostic("imports nest deeper than \(Self.maxImportDepth) files", at: imp.location))
            }
            guard FileManager.default.fileExists(atPath: target) else {
                throw DiagnosticError(source.diagnostic("imported file '\(imp.path)' does not exist", at: imp.location))
            }
            imports.append(try parseTree(path: display, absolute: target, root: root, stack: stack + [absolute], files: &files))
        }
        return ParsedTree(path: path, imports: imports, model: syntax.model)
    }

    /// A model file must be a regular file of modest size: a directory, a device, a FIFO or a huge
    /// file is a diagnostic before anything is read.
    static func checkReadable(path: String, absolute: String) throws(DiagnosticError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw DiagnosticError(Diagnostic("cannot read model file '\(path)': no such file", at: nil))
        }
        if isDirectory.boolValue {
            throw DiagnosticError(Diagnostic("cannot read model file '\(path)': it is a directory", at: nil))
        }
        let resolved = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path   // attributes do not follow links
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved) else {
            throw DiagnosticError(Diagnostic("cannot read model file '\(path)'", at: nil))
        }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            throw DiagnosticError(Diagnostic("cannot read model file '\(path)': not a regular file", at: nil))
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > maxFileBytes {
            throw DiagnosticError(Diagnostic("model file '\(path)' is too large (\(size) bytes; at most \(maxFileBytes))", at: nil))
        }
    }

    /// Imported members first (in import order), then the file's own; `override` replaces in place.
    private func merge(_ tree: ParsedTree) throws(DiagnosticError) -> [MemberDeclaration] {
        var members: [MemberDeclaration] = []
        for imp in tree.imports { members.append(contentsOf: try merge(imp)) }
        let imported = members.count
        for member in tree.model.members {
            let decl = member.declaration
            let previous = decl.name.flatMap { name in members[..<imported].firstIndex { $0.declaration.name == name } }
            if member.isOverride {
                guard let name = decl.name else {
                    throw DiagnosticError(Diagnostic("only named declarations can be overridden", at: decl.location))
                }
                guard let i = previous else {
                    throw DiagnosticError(Diagnostic("'override \(name)' overrides nothing: no imported declaration has that name",
                                                     at: decl.location))
                }
                members[i] = MemberDeclaration(declaration: decl, isOverride: false)
            } else if let i = previous, let name = decl.name {
                throw DiagnosticError(Diagnostic("'\(name)' is already declared by an imported model; write 'override' to replace it",
                                                 at: decl.location, notes: ["first declared at \(members[i].declaration.location)"]))
            } else {
                members.append(member)   // duplicates within one file are reported by the elaborator
            }
        }
        return members
    }
}

struct ParsedTree { var path: String; var imports: [ParsedTree]; var model: ModelSyntax }
