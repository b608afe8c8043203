import Foundation
import WardISA
import XCTest

/// Every bundled ISA model: both engines give the same table at a reduced width, and the
/// equivalence checker's divergent instructions are exactly the classifier's Theorem 1 holes.
final class BundledModelTests: XCTestCase {
    var models: [String] {
        let dir = packageRoot.appendingPathComponent("Models/isa")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".ward") && !$0.contains("core") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    func testThereAreBundledISAModels() {
        XCTAssertGreaterThanOrEqual(models.count, 1)
    }

    func testEnginesAgreeOnEveryBundledModel() throws {
        for path in models {
            let c = try Classifier.classify(path: path, options: ClassifierOptions(engine: .both, width: 2))
            XCTAssertEqual(c.disagreements, [], path)
            XCTAssertEqual(c.unknown, [], path)
        }
    }

    func testEquivalenceCounterexamplesAreTheHoles() throws {
        for path in models {
            let c = try Classifier.classify(path: path, options: ClassifierOptions(engine: .enumerate, width: 2))
            let model = c.model
            let r = try Equivalence.check(model: model, fullWidthModel: nil, options: EquivalenceOptions(width: 2, prove: false))
            XCTAssertEqual(Set(r.divergent), Set(c.vmm.holes), path)
        }
    }
}
