// libFuzzer target: the Ward front end (lexer, parser, elaborator) on arbitrary bytes.
// Built by Fuzz/run.sh together with Sources/WardSyntax and Sources/WardIR; any input must give
// a model or a DiagnosticError, never a trap, a stack overflow or a hang.
import WardIR
import WardSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func wardFuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let model = try ModelLoader().load(text: text, path: "fuzz.ward")
        // Touch what later stages read, so lazily built parts are exercised too.
        _ = model.checkedProperties.count
        for f in model.fields { _ = f.type.bitWidth; _ = f.type.cardinality }
        for a in model.actions { _ = Footprint(a.body) }
    } catch {
        // Every diagnostic must render (file:line:column, caret line).
        _ = error.description
    }
    return 0
}
