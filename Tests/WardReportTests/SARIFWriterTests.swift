import Foundation
import WardReport
import XCTest

final class SARIFWriterTests: XCTestCase {
    static let validatorScript = """
    import json, sys
    try:
        import jsonschema
    except ImportError as e:
        print("cannot import jsonschema:", e)
        sys.exit(3)
    with open(sys.argv[1], encoding="utf-8") as f: schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f: doc = json.load(f)
    cls = jsonschema.validators.validator_for(schema)  # the schema declares its own draft
    cls.check_schema(schema)
    errors = sorted(cls(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc),
                    key=lambda e: list(map(str, e.absolute_path)))
    for e in errors[:20]:
        print("/".join(map(str, e.absolute_path)) or "<root>", ":", e.message[:300])
    print(cls.__name__, "errors:", len(errors))
    sys.exit(1 if errors else 0)
    """

    func validate(_ sarif: String, file: StaticString = #filePath, line: UInt = #line) throws -> Python.Result? {
        let schema = Fixtures.packageRoot.appendingPathComponent("../shared/schemas/sarif-schema-2.1.0.json")
            .standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: schema) else {
            XCTFail("SARIF schema missing at \(schema)", file: file, line: line)
            return nil
        }
        let document = try Python.temporaryFile(sarif, suffix: ".sarif")
        defer { try? FileManager.default.removeItem(atPath: document) }
        return Python.run(Self.validatorScript, [schema, document], file: file, line: line)
    }

    func assertValidSARIF(_ sarif: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let result = try validate(sarif, file: file, line: line) else { return }
        XCTAssertEqual(result.status, 0, "SARIF does not validate against the 2.1.0 schema:\n\(result.output)",
                       file: file, line: line)
    }

    func parse(_ sarif: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
    }

    func results(_ sarif: String) throws -> [[String: Any]] {
        let runs = try XCTUnwrap(try parse(sarif)["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.count, 1)
        return try XCTUnwrap(runs.first?["results"] as? [[String: Any]])
    }

    func testValidatesAgainstOfficialSchema() throws {
        try assertValidSARIF(SARIFWriter(informationUri: "https://example.com/ward").render(Fixtures.report))
    }

    /// Guards against a validator that accepts everything (wrong schema, wrong draft).
    func testValidatorRejectsBrokenSARIF() throws {
        let good = SARIFWriter().render(Fixtures.report)
        for (from, to) in [("\"level\": \"note\"", "\"level\": \"fatal\""), ("\"startLine\": 3", "\"startLine\": 0"),
                           ("\"version\": \"2.1.0\"", "\"version\": \"2.0\"")] {
            XCTAssertTrue(good.contains(from), from)
            guard let result = try validate(good.replacingOccurrences(of: from, with: to)) else { return }
            XCTAssertNotEqual(result.status, 0, "accepted \(to)")
        }
    }

    func testNastyInputAndMissingInformationUriStillValidate() throws {
        try assertValidSARIF(SARIFWriter().render(Fixtures.nastyReport))
    }

    func testEmptyReportValidates() throws {
        let empty = CheckReport(toolName: "ward", toolVersion: "0", solverVersion: "z", obligations: [])
        try assertValidSARIF(SARIFWriter().render(empty))
        XCTAssertEqual(try results(SARIFWriter().render(empty)).count, 0)
    }

    func testHeaderToolAndRules() throws {
        let sarif = SARIFWriter(informationUri: "https://example.com/ward",
                                ruleDescriptions: ["isa.classify": "ISA classification"]).render(Fixtures.report)
        let doc = try parse(sarif)
        XCTAssertEqual(doc["$schema"] as? String, "https://json.schemastore.org/sarif-2.1.0.json")
        XCTAssertEqual(doc["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((doc["runs"] as? [[String: Any]])?.first)
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        XCTAssertEqual(driver["name"] as? String, "ward")
        XCTAssertEqual(driver["version"] as? String, "0.1.0")
        XCTAssertEqual(driver["informationUri"] as? String, "https://example.com/ward")
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.map { $0["id"] as? String }, ["isa.classify", "model.verify", "policy.isolation"])
        XCTAssertEqual((rules[0]["shortDescription"] as? [String: Any])?["text"] as? String, "ISA classification")
        XCTAssertNotNil((rules[1]["shortDescription"] as? [String: Any])?["text"] as? String)
    }

    func testOneResultPerFindingOrPerObligationWithLevels() throws {
        let results = try results(SARIFWriter().render(Fixtures.report))
        // passed (no findings) 1 + failed 2 findings + error 1 finding + unknown (no findings) 1
        XCTAssertEqual(results.count, 5)
        let summary = results.map { r in
            [r["ruleId"] as? String ?? "", r["level"] as? String ?? "",
             (r["properties"] as? [String: Any])?["findingKey"] as? String ?? "-"]
        }
        XCTAssertEqual(summary, [
            ["isa.classify", "note", "-"],
            ["isa.classify", "error", "hole:SGDT"],
            ["isa.classify", "error", "hole:SIDT"],
            ["model.verify", "warning", "parse"],
            ["policy.isolation", "warning", "-"],
        ])
        for r in results {
            let rules = ["isa.classify": 0, "model.verify": 1, "policy.isolation": 2]
            XCTAssertEqual(r["ruleIndex"] as? Int, rules[r["ruleId"] as? String ?? ""])
            let props = try XCTUnwrap(r["properties"] as? [String: Any])
            XCTAssertNotNil(props["expected"] as? String)
            XCTAssertNotNil(props["actual"] as? String)
            let fp = try XCTUnwrap((r["partialFingerprints"] as? [String: String])?[SARIFWriter.fingerprintKey])
            XCTAssertTrue(fp.count == 16 && fp.allSatisfy { $0.isHexDigit && !$0.isUppercase }, fp)
        }
    }

    func testLocationsAndRegions() throws {
        let results = try results(SARIFWriter().render(Fixtures.report))
        func physical(_ r: [String: Any]) -> [String: Any] {
            ((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]) ?? [:]
        }
        // Obligation without findings: the obligation's own location with full region.
        let passed = physical(results[0])
        XCTAssertEqual((passed["artifactLocation"] as? [String: String]) ?? [:],
                       ["uri": "Proofs/isa/x86-legacy.proof", "uriBaseId": "%SRCROOT%"])
        XCTAssertEqual((passed["region"] as? [String: Int]) ?? [:],
                       ["startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 42])
        // Finding with its own location: that location, with the obligation as related.
        let sidt = physical(results[2])
        XCTAssertEqual((sidt["artifactLocation"] as? [String: String])?["uri"], "Models/isa/x86-vtx.ward")
        XCTAssertEqual((sidt["region"] as? [String: Int]) ?? [:],
                       ["startLine": 40, "startColumn": 5, "endLine": 40, "endColumn": 9])
        XCTAssertEqual((results[2]["relatedLocations"] as? [[String: Any]])?.count, 1)
        // Finding without location falls back to the obligation; spaces are percent-encoded.
        let parse = physical(results[3])
        XCTAssertEqual((parse["artifactLocation"] as? [String: String])?["uri"], "Proofs/platform/bugs/broken.proof")
        XCTAssertEqual((parse["region"] as? [String: Int]) ?? [:], ["startLine": 2, "startColumn": 3])
        XCTAssertNil(results[3]["relatedLocations"])
    }

    func testDeterministicAcrossOrdersAndRenders() {
        let writer = SARIFWriter(informationUri: "https://example.com/ward")
        let reference = writer.render(Fixtures.report)
        XCTAssertEqual(writer.render(Fixtures.report), reference)
        for permuted in Fixtures.permutations(of: Fixtures.report) {
            XCTAssertEqual(writer.render(permuted), reference)
        }
    }

    func testFingerprintsIgnoreLinesAndWording() throws {
        var moved = Fixtures.report
        moved.obligations[1].findings[0].location?.line += 10
        moved.obligations[1].findings[0].message = "reworded"
        moved.obligations[1].durationSeconds = 99
        func fingerprints(_ r: CheckReport) throws -> [String] {
            try results(SARIFWriter().render(r)).map {
                (($0["partialFingerprints"] as? [String: String])?[SARIFWriter.fingerprintKey]) ?? ""
            }
        }
        let original = try fingerprints(Fixtures.report)
        XCTAssertEqual(try fingerprints(moved), original)
        XCTAssertEqual(Set(original).count, original.count, "distinct findings must not collide")
    }
}
