import Foundation
import Hummingbird
import KafaeDomain
import XCTest

final class CalculatorTests: XCTestCase {
    static let alogDir = TestApp.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data/artisan-alog")

    func testCuppingCalculator() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let viewer = try await api.addMember(by: s, role: .viewer)
            let scores: JSONValue = .object([
                "fragranceAroma": .number(8), "flavor": .number(8), "aftertaste": .number(7.75), "acidity": .number(8),
                "body": .number(7.5), "balance": .number(7.75), "overall": .number(8), "uniformCups": .number(5),
                "cleanCups": .number(5), "sweetCups": .number(5), "taintCups": .number(1), "faultCups": .number(0),
            ])
            let r = try await api.call(.post, "/api/v1/calc/cupping", token: viewer.access,
                                       json: .object(["protocol": .string("sca2004"), "scores": scores]))
            XCTAssertEqual(r.status, 200, r.text)
            XCTAssertEqual(r["total"]?.numberValue, 85)
            XCTAssertEqual(r["defects"]?.numberValue, 2)
            XCTAssertEqual(r["finalScore"]?.numberValue, 83)
            XCTAssertEqual(r.string("band"), "veryGood")

            var bad = scores.objectValue!
            bad["flavor"] = .number(8.1)
            let step = try await api.call(.post, "/api/v1/calc/cupping", token: s.access,
                                          json: .object(["protocol": .string("sca2004"), "scores": .object(bad)]), headers: [.acceptLanguage: "en"])
            XCTAssertEqual(step.status, 422)
            XCTAssertEqual(step.errorFields, ["scores.flavor"])
            XCTAssertTrue(step["error"]?.objectValue?["details"]?.arrayValue?.first?.objectValue?["message"]?.stringValue?.contains("0.25") ?? false)

            let unknown = try await api.call(.post, "/api/v1/calc/cupping", token: s.access,
                                             json: .object(["protocol": .string("sca1999"), "scores": .object([:])]))
            XCTAssertEqual(unknown.status, 422)
            XCTAssertEqual(unknown.errorCode, "cupping.unknown_protocol")
            XCTAssertEqual(unknown.errorFields, ["protocol"])

            let cva = try await api.call(.post, "/api/v1/calc/cupping", token: s.access, json: .object([
                "protocol": .string("cva2024"),
                "scores": .object(Dictionary(uniqueKeysWithValues: ["fragrance", "aroma", "flavor", "aftertaste", "acidity", "sweetness", "mouthfeel", "overall"].map { ($0, JSONValue.number(7)) })),
            ]))
            XCTAssertEqual(cva["finalScore"]?.numberValue, 89.5)

            let catalogue = try await api.call(.get, "/api/v1/calc/catalogue", token: s.access)
            XCTAssertEqual(catalogue["forms"]?.arrayValue?.count, 6)
            XCTAssertEqual(catalogue["gradingStandards"]?.arrayValue?.count, 2)
            let anonymous = try await api.call(.get, "/api/v1/calc/catalogue")
            XCTAssertEqual(anonymous.status, 401)
        }
    }

    func testGradingCalculator() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let r = try await api.call(.post, "/api/v1/calc/grading", token: s.access, json: .object([
                "standard": .string("scaArabica"), "sampleG": .number(350),
                "defects": .object(["brokenChipped": .number(25), "fullBlack": .number(0)]),
                "quakers": .number(0), "moisturePct": .number(12.6), "waterActivity": .number(0.6),
            ]))
            XCTAssertEqual(r.status, 200, r.text)
            XCTAssertEqual(r["category2"]?.numberValue, 5)
            XCTAssertEqual(r.string("gradeByDefects"), "specialty")
            XCTAssertEqual(r.string("grade"), "premium", "moisture out of range lowers the grade")
            let checks = r["checks"]?.arrayValue?.compactMap { $0.objectValue } ?? []
            XCTAssertEqual(checks.first { $0["key"]?.stringValue == "moisture" }?["status"]?.stringValue, "fail")
            XCTAssertFalse(checks.first { $0["key"]?.stringValue == "moisture" }?["messageTh"]?.stringValue?.isEmpty ?? true)

            let robusta = try await api.call(.post, "/api/v1/calc/grading", token: s.access, json: .object([
                "standard": .string("fineRobusta"), "defects": .object(["shell": .number(1)]),
            ]))
            XCTAssertEqual(robusta.status, 422)
            XCTAssertEqual(robusta.errorFields, ["defects.shell"])
            let unknown = try await api.call(.post, "/api/v1/calc/grading", token: s.access, json: .object(["standard": .string("brazil")]))
            XCTAssertEqual(unknown.errorCode, "grading.unknown_standard")
            let missing = try await api.call(.post, "/api/v1/calc/grading", token: s.access, json: .object([:]))
            XCTAssertEqual(missing.errorFields, ["standard"])
        }
    }

    func testRoastCalculator() async throws {
        let file = Self.alogDir.appendingPathComponent("roast_25-10-04_1600.alog")
        let real = try? Data(contentsOf: file)
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let small = "{'mode': 'C', 'timex': [0, 30, 60, 90, 120, 150], 'temp1': [-1, -1, -1, -1, -1, -1], " +
                "'temp2': [200, 100, 120, 150, 180, 200], 'timeindex': [0, 3, 4, 0, 0, 0, 5, 0], 'weight': [0.2, 0.17, 'Kg']}"
            let r = try await api.call(.post, "/api/v1/calc/roast", token: s.access, raw: small, headers: [.contentType: "application/octet-stream"])
            XCTAssertEqual(r.status, 200, r.text)
            let events = r["events"]?.objectValue ?? [:]
            XCTAssertEqual(events["turningPointS"]?.numberValue, 30)
            XCTAssertEqual(events["firstCrackS"]?.numberValue, 120)
            XCTAssertEqual(events["dropS"]?.numberValue, 150)
            XCTAssertEqual(events["chargeEt"], .null, "no ET probe: null, never -1")
            XCTAssertEqual(r["dtrPct"]?.numberValue, 20)
            XCTAssertEqual(r["weightInG"]?.numberValue, 200)
            XCTAssertEqual(r["weightLossPct"]?.numberValue, 15)
            XCTAssertEqual(r["ror"]?.objectValue?["finish"]?.numberValue, 40)

            if let real {
                let a = try await api.call(.post, "/api/v1/calc/roast", token: s.access, raw: String(decoding: real, as: UTF8.self),
                                           headers: [.contentType: "text/plain"])
                XCTAssertEqual(a["dtrPct"]?.numberValue, 22.9)
                XCTAssertEqual(a["events"]?.objectValue?["dropBt"]?.numberValue, 178.2)
                XCTAssertGreaterThan(a["curve"]?.objectValue?["timeS"]?.arrayValue?.count ?? 0, 100)
            }

            let noCharge = try await api.call(.post, "/api/v1/calc/roast", token: s.access,
                                              raw: "{'timex': [0, 1], 'temp2': [100, 101], 'timeindex': [-1, 0, 0, 0, 0, 0, 0, 0]}")
            XCTAssertEqual(noCharge.status, 422)
            XCTAssertEqual(noCharge.errorCode, "roast.no_charge")
            let empty = try await api.call(.post, "/api/v1/calc/roast", token: s.access, raw: "")
            XCTAssertEqual(empty.status, 400)
            let garbage = try await api.call(.post, "/api/v1/calc/roast", token: s.access, raw: "PK\u{3}\u{4} zip?")
            XCTAssertEqual(garbage.errorCode, "roast.unreadable_file")
        }
    }
}
