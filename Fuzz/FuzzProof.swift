// libFuzzer target: the obligation-file parser (Sources/WardCheck/ObligationSyntax.swift) on
// arbitrary bytes. It never throws: every problem must become a diagnostic.
import WardSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func wardFuzzProof(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let file = ObligationParser.parse(path: "fuzz.proof", text: text)
    for d in file.allDiagnostics { _ = d.description }
    for o in file.obligations {
        _ = o.expectedText
        for line in o.location.line...max(o.location.line, o.endLocation.line) { _ = o.sourceLine(line) }
    }
    return 0
}
