import Foundation
import XCTest
import WardIR
import WardSMT

final class ScratchExport: XCTestCase {
    func testExport() throws {
        let env = ProcessInfo.processInfo.environment
        guard let path = env["WARD_MODEL"], let out = env["WARD_OUT"] else { throw XCTSkip("scratch") }
        let model = try ModelLoader().load(path: path)
        var props: [Int]? = nil
        if let p = env["WARD_PROP"] { props = [model.checkedProperties.firstIndex { $0.name == p }!] }
        let r = ModelChecker(model: model, options: SMTOptions(maxDepth: Int(env["WARD_DEPTH"] ?? "0")!, timeoutMilliseconds: UInt32(env["WARD_TIMEOUT"] ?? "10000")!, properties: props), exportQueries: true).run()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for q in r.exported { try q.script.write(toFile: out + "/" + q.name + ".smt2", atomically: true, encoding: .utf8); print(q.name, q.status) }
        print(r.verdict)
    }
}
