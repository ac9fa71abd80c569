import Foundation
import XCTest
@testable import KafaeDomain

/// Runs `spec/vectors/*.json`, the cases the JavaScript implementation runs too.
final class VectorTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("spec/vectors")

    func load(_ name: String) throws -> [String: JSONValue] {
        try JSONValue.parse(Data(contentsOf: Self.dir.appendingPathComponent(name))).objectValue!
    }

    func errorFields(_ body: () throws -> Void) -> (code: String, fields: [String])? {
        do {
            try body()
            return nil
        } catch let e as KafaeError {
            return (e.code, e.details.map(\.field).sorted())
        } catch {
            return ("unexpected", [])
        }
    }

    func testCuppingVectors() throws {
        let v = try load("cupping.json")
        let cases = v["cases"]!.arrayValue!
        XCTAssertGreaterThan(cases.count, 25)
        for c in cases.map({ $0.objectValue! }) {
            let name = c["name"]!.stringValue!
            let form = try XCTUnwrap(BuiltInForms.form(c["protocol"]!.stringValue!), name)
            let scores = c["scores"]!.objectValue!
            if let expect = c["expect"]?.objectValue {
                let r = try CuppingScorer.score(form, scores, prefix: "scores.")
                XCTAssertEqual(r.total, expect["total"]?.numberValue, name)
                XCTAssertEqual(r.defects, expect["defects"]?.numberValue, name)
                XCTAssertEqual(r.finalScore, expect["finalScore"]?.numberValue, name)
                XCTAssertEqual(r.band, expect["band"]?.stringValue, name)
            } else {
                let expected = c["expectError"]!.objectValue!
                let got = errorFields { _ = try CuppingScorer.score(form, scores, prefix: "scores.") }
                XCTAssertEqual(got?.code, expected["code"]?.stringValue, name)
                XCTAssertEqual(got?.fields, expected["fields"]?.arrayValue?.compactMap(\.stringValue), name)
            }
        }
        for b in v["bands"]!.arrayValue!.map({ $0.objectValue! }) {
            let form = BuiltInForms.form(b["protocol"]!.stringValue!)!
            XCTAssertEqual(CuppingScorer.band(form, b["score"]!.numberValue!), b["band"]!.stringValue, "\(b)")
        }
    }

    func testGradingVectors() throws {
        let v = try load("grading.json")
        for c in v["cases"]!.arrayValue!.map({ $0.objectValue! }) {
            let name = c["name"]!.stringValue!
            let input = c["input"]!.objectValue!
            let standard = GradingStandards.standard(input["standard"]!.stringValue!)!
            let r = try GreenGrader.grade(standard, input)
            let expect = c["expect"]!.objectValue!
            XCTAssertEqual(Double(r.category1), expect["category1"]?.numberValue, name)
            XCTAssertEqual(Double(r.category2), expect["category2"]?.numberValue, name)
            XCTAssertEqual(Double(r.totalFullDefects), expect["totalFullDefects"]?.numberValue, name)
            XCTAssertEqual(r.grade, expect["grade"]?.stringValue, name)
            XCTAssertEqual(r.gradeByDefects, expect["gradeByDefects"]?.stringValue, name)
        }
        for c in v["errors"]!.arrayValue!.map({ $0.objectValue! }) {
            let input = c["input"]!.objectValue!
            let standard = GradingStandards.standard(input["standard"]!.stringValue!)!
            let got = errorFields { _ = try GreenGrader.grade(standard, input) }
            let expected = c["expectError"]!.objectValue!
            XCTAssertEqual(got?.code, expected["code"]?.stringValue, c["name"]!.stringValue!)
            XCTAssertEqual(got?.fields, expected["fields"]?.arrayValue?.compactMap(\.stringValue), c["name"]!.stringValue!)
        }
    }

    func testRoastVectors() throws {
        let v = try load("roast.json")
        let cases = v["cases"]!.arrayValue!
        XCTAssertGreaterThanOrEqual(cases.count, 8)
        for c in cases.map({ $0.objectValue! }) {
            let name = c["name"]!.stringValue!
            let a = try RoastAnalyzer.analyze(ArtisanLog.profile(c["profile"]!.objectValue!))
            let mine: [String: Double?] = [
                "turningPointS": a.events.turningPointS, "turningPointBt": a.events.turningPointBt, "dryEndS": a.events.dryEndS,
                "firstCrackS": a.events.firstCrackS, "firstCrackBt": a.events.firstCrackBt, "firstCrackEndS": a.events.firstCrackEndS,
                "dropS": a.events.dropS, "dropBt": a.events.dropBt, "developmentS": a.phases.developmentS, "totalS": a.phases.totalS,
                "rorDry": a.ror.dry, "rorMid": a.ror.mid, "rorFinish": a.ror.finish, "rorTotal": a.ror.total,
                "dtrPct": a.dtrPct, "weightLossPct": a.weightLossPct,
            ]
            for (key, value) in c["expect"]!.objectValue! {
                let expected = value.numberValue!
                let got = try XCTUnwrap(mine[key] ?? nil, "\(name) \(key)")
                XCTAssertEqual(got, expected, accuracy: key == "weightLossPct" ? 0.5 : 0.051, "\(name) \(key)")
            }
        }
    }
}
