import Foundation
import XCTest
@testable import KafaeDomain

final class CuppingGradingTests: XCTestCase {
    func sheet(_ values: [String: Double]) -> [String: JSONValue] { values.mapValues { .number($0) } }

    func testSCA2004WorkedExample() throws {
        let r = try CuppingScorer.score(BuiltInForms.sca2004, sheet([
            "fragranceAroma": 8, "flavor": 8, "aftertaste": 7.75, "acidity": 8, "body": 7.5, "balance": 7.75, "overall": 8,
            "uniformCups": 5, "cleanCups": 5, "sweetCups": 5, "taintCups": 1, "faultCups": 0,
        ]))
        XCTAssertEqual(r.total, 85)
        XCTAssertEqual(r.defects, 2)
        XCTAssertEqual(r.finalScore, 83)
        XCTAssertEqual(r.band, "veryGood")
    }

    func testCVAEqualRatingsGiveTheDocumentedScores() throws {
        for (rating, expected) in [(5.0, 79.0), (7.0, 89.5), (9.0, 100.0), (1.0, 58.0)] {
            let keys = ["fragrance", "aroma", "flavor", "aftertaste", "acidity", "sweetness", "mouthfeel", "overall"]
            let r = try CuppingScorer.score(BuiltInForms.cva2024, sheet(Dictionary(uniqueKeysWithValues: keys.map { ($0, rating) })))
            XCTAssertEqual(r.finalScore, expected, "all \(rating)")
        }
    }

    func testStepAndScaleViolationsNameTheField() {
        XCTAssertThrowsError(try CuppingScorer.score(BuiltInForms.sca2004, sheet([
            "fragranceAroma": 8.1, "flavor": 5.75, "aftertaste": 10.25, "acidity": 8, "body": 8, "balance": 8,
            "uniformCups": 5.5, "cleanCups": 6, "sweetCups": 5, "taintCups": 3, "faultCups": 3, "extra": 1,
        ]))) { error in
            let fields = Set((error as! KafaeError).details.map(\.field))
            XCTAssertEqual(fields, ["fragranceAroma", "flavor", "aftertaste", "overall", "uniformCups", "cleanCups", "faultCups", "extra"])
        }
    }

    func testAddingADefectNeverImprovesTheGrade() {
        var rng = SystemRandomNumberGenerator()
        for standard in GradingStandards.all {
            let order = standard.grades.map(\.key)
            for _ in 0..<300 {
                var counts: [String: Int] = [:]
                for d in standard.defects where Int.random(in: 0..<3, using: &rng) == 0 { counts[d.key] = Int.random(in: 0...12, using: &rng) }
                let q = Int.random(in: 0...6, using: &rng)
                let m = [nil, 11.0, 13.5].randomElement(using: &rng)!
                let before = GreenGrader.compute(standard, counts: counts, sampleG: 350, quakers: q, moisturePct: m, waterActivity: nil)
                let d = standard.defects.randomElement(using: &rng)!
                counts[d.key, default: 0] += 1
                let after = GreenGrader.compute(standard, counts: counts, sampleG: 350, quakers: q, moisturePct: m, waterActivity: nil)
                XCTAssertGreaterThanOrEqual(order.firstIndex(of: after.grade)!, order.firstIndex(of: before.grade)!,
                                            "\(standard.id): adding \(d.key) improved \(before.grade) to \(after.grade)")
                let more = GreenGrader.compute(standard, counts: counts, sampleG: 350, quakers: q + 1, moisturePct: m, waterActivity: nil)
                XCTAssertGreaterThanOrEqual(order.firstIndex(of: more.grade)!, order.firstIndex(of: after.grade)!, "a quaker never helps")
            }
        }
    }

    func testFullDefectsRoundDownPerType() {
        let r = GreenGrader.compute(GradingStandards.scaArabica, counts: ["brokenChipped": 9, "partialBlack": 5, "slightInsectDamage": 19],
                                    sampleG: 350, quakers: nil, moisturePct: nil, waterActivity: nil)
        XCTAssertEqual(r.fullDefects["brokenChipped"], 1)
        XCTAssertEqual(r.fullDefects["partialBlack"], 1)
        XCTAssertEqual(r.fullDefects["slightInsectDamage"], 1)
        XCTAssertEqual(r.category2, 3, "per type, not 33 / 5 over the pooled count")
        XCTAssertEqual(r.grade, "specialty")
    }
}
