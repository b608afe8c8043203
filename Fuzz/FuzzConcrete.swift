// libFuzzer target: front end plus the concrete engine. Every input that elaborates is compiled
// for the emulator and explored under small limits; limits must give `unknown`, never a trap.
import WardConcrete
import WardIR
import WardSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func wardFuzzConcrete(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let model = try? ModelLoader().load(text: text, path: "fuzz.ward") else { return 0 }
    guard let machine = try? Machine(model) else { return 0 }
    // Keep each input cheap: small parameter and initial-state spaces only.
    guard let labels = try? machine.labels(), labels.count <= 4096 else { return 0 }
    guard let initial = try? machine.initialStates(limit: 4096), !initial.isEmpty else { return 0 }
    _ = Explorer(machine).run(ExplorerOptions(maxDepth: 3, maxStates: 2_000))
    _ = machine.deprivilege(initial[0])
    return 0
}
