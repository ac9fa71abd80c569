import Foundation
import Hummingbird
import KafaeDomain
import XCTest

final class RecordTests: XCTestCase, @unchecked Sendable {
    func id(_ r: Reply) -> String { r.string("id") ?? "" }

    func testLotsCodesGenealogyAndStock() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let farm = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object(["name": .string("Doi Chang"), "province": .string("เชียงราย")]))
            let cherry = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                "farmId": .string(self.id(farm)), "species": .string("arabica"), "variety": .string("Typica"), "process": .string("washed"),
                "stage": .string("parchment"), "harvestDate": .string("2025-12-10"), "weightKg": .number(100),
            ]))
            XCTAssertEqual(cherry.status, 201, cherry.text)
            XCTAssertEqual(cherry.string("code"), "CR-2568-001", "province initials, Buddhist-era harvest year, sequence")
            XCTAssertEqual(cherry.string("cropYear"), "2025/26")
            XCTAssertEqual(cherry["initialWeightKg"]?.numberValue, 100)
            let parent = self.id(cherry)

            let a = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                "species": .string("arabica"), "stage": .string("green"), "weightKg": .number(48),
                "parents": .array([.object(["lotId": .string(parent), "weightKg": .number(60), "operation": .string("hull")])]),
            ]))
            XCTAssertEqual(a.status, 201, a.text)
            let tooMuch = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                "species": .string("arabica"), "stage": .string("green"), "weightKg": .number(40),
                "parents": .array([.object(["lotId": .string(parent), "weightKg": .number(50), "operation": .string("hull")])]),
            ]), headers: [.acceptLanguage: "en"])
            XCTAssertEqual(tooMuch.status, 409, tooMuch.text)
            XCTAssertEqual(tooMuch.errorCode, "lot.insufficient_weight")
            XCTAssertTrue(tooMuch["error"]?.objectValue?["message"]?.stringValue?.contains("40 kg") ?? false)
            let b = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                "species": .string("arabica"), "stage": .string("green"), "weightKg": .number(30),
                "parents": .array([.object(["lotId": .string(parent), "weightKg": .number(40), "operation": .string("split")])]),
            ]))
            XCTAssertEqual(b.status, 201)
            let parentNow = try await api.call(.get, "/api/v1/lots/\(parent)", token: s.access)
            XCTAssertEqual(parentNow["weightKg"]?.numberValue, 0)
            XCTAssertEqual(parentNow["version"]?.numberValue, 3, "each take is a versioned change")

            let up = try await api.call(.get, "/api/v1/lots/\(self.id(a))/genealogy", token: s.access)
            XCTAssertEqual(up.status, 200, up.text)
            let ancestor = up["ancestors"]?.arrayValue?.first?.objectValue
            XCTAssertEqual(ancestor?["id"]?.stringValue, parent)
            XCTAssertEqual(ancestor?["weightKg"]?.numberValue, 60)
            XCTAssertEqual(ancestor?["operation"]?.stringValue, "hull")
            XCTAssertEqual(up["lot"]?.objectValue?["yieldPct"]?.numberValue, 80, "48 kg green from 60 kg parchment")
            let down = try await api.call(.get, "/api/v1/lots/\(parent)/genealogy", token: s.access)
            XCTAssertEqual(down["descendants"]?.arrayValue?.count, 2)

            let changeParents = try await api.call(.patch, "/api/v1/lots/\(self.id(a))", token: s.access, json: .object(["parents": .null]))
            XCTAssertEqual(changeParents.errorFields, ["parents"], "parents are fixed once the lot exists")
            let refuse = try await api.call(.delete, "/api/v1/lots/\(parent)", token: s.access)
            XCTAssertEqual(refuse.errorCode, "lot.has_descendants")
            do { let r = try await api.call(.delete, "/api/v1/lots/\(self.id(b))", token: s.access); XCTAssertEqual(r.status, 204) }
            let back = try await api.call(.get, "/api/v1/lots/\(parent)", token: s.access)
            XCTAssertEqual(back["weightKg"]?.numberValue, 40, "a deleted lot gives back what it took")

            let dup = try await api.call(.post, "/api/v1/lots", token: s.access,
                                         json: .object(["code": .string("CR-2568-001"), "species": .string("arabica"), "stage": .string("green")]))
            XCTAssertEqual(dup.errorCode, "lot.code_taken")
            let bad = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                "species": .string("liberica"), "stage": .string("dried"), "process": .string("washed"), "harvestDate": .string("2025-02-30"),
                "farmId": .string(UUID().uuidString),
            ]))
            XCTAssertEqual(Set(bad.errorFields), ["species", "stage", "harvestDate"])
            let noFarm = try await api.call(.post, "/api/v1/lots", token: s.access,
                                            json: .object(["species": .string("robusta"), "stage": .string("green"), "farmId": .string(UUID().uuidString)]))
            XCTAssertEqual(noFarm.errorFields, ["farmId"], "a farm of another organization or none at all")

            let list = try await api.call(.get, "/api/v1/lots?stage=green&species=arabica", token: s.access)
            XCTAssertEqual(list["items"]?.arrayValue?.count, 1)
            do { let r = try await api.call(.get, "/api/v1/lots?stage=dried", token: s.access); XCTAssertEqual(r.status, 400) }
        }
    }

    func testGradingsAreComputedNeverTrusted() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let lot = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object(["species": .string("arabica"), "stage": .string("green")]))
            let g = try await api.call(.post, "/api/v1/gradings", token: s.access, json: .object([
                "lotId": .string(self.id(lot)), "standard": .string("scaArabica"), "sampleG": .number(350), "moisturePct": .number(11.2),
                "waterActivity": .number(0.55), "densityGL": .number(720), "screenSizes": .object(["18": .number(60), "16": .number(40)]),
                "defects": .object(["brokenChipped": .number(12), "fullBlack": .number(1)]), "quakers": .number(0),
                "grade": .string("specialty"), "category1": .number(0),
            ]))
            XCTAssertEqual(g.status, 201, g.text)
            XCTAssertEqual(g.string("grade"), "premium", "the client's grade is ignored; one full black is Category 1")
            XCTAssertEqual(g["category1"]?.numberValue, 1)
            XCTAssertEqual(g["category2"]?.numberValue, 2)
            XCTAssertEqual(g["checks"]?.arrayValue?.count, 3)
            let patched = try await api.call(.patch, "/api/v1/gradings/\(self.id(g))", token: s.access,
                                             json: .object(["defects": .object(["brokenChipped": .number(12)])]))
            XCTAssertEqual(patched.string("grade"), "specialty", "recomputed on every change")
            let lots = try await api.call(.get, "/api/v1/lots", token: s.access)
            XCTAssertEqual(lots["items"]?.arrayValue?.first?.objectValue?["latestGrade"]?.stringValue, "specialty")
            let bad = try await api.call(.post, "/api/v1/gradings", token: s.access, json: .object([
                "lotId": .string(self.id(lot)), "standard": .string("fineRobusta"), "defects": .object(["shell": .number(1)]),
                "moisturePct": .number(130), "screenSizes": .object(["40": .number(10)]),
            ]))
            XCTAssertEqual(Set(bad.errorFields), ["defects.shell", "moisturePct", "screenSizes.40"])
            let byLot = try await api.call(.get, "/api/v1/gradings?lotId=\(self.id(lot))", token: s.access)
            XCTAssertEqual(byLot["items"]?.arrayValue?.count, 1)
        }
    }

    func testCuppingSessionsResultsAndCalibration() async throws {
        try await TestApp.run { api, _ in
            let owner = try await api.register(name: "Head cupper")
            let cupper = try await api.addMember(by: owner, role: .cupper, name: "Nok")
            let lot1 = try await api.call(.post, "/api/v1/lots", token: owner.access, json: .object(["species": .string("arabica"), "stage": .string("green")]))
            let lot2 = try await api.call(.post, "/api/v1/lots", token: owner.access, json: .object(["species": .string("arabica"), "stage": .string("green")]))
            var sessions: [String] = []
            for day in ["2026-01-10", "2026-02-10"] {
                let session = try await api.call(.post, "/api/v1/cupping-sessions", token: cupper.access, json: .object([
                    "name": .string("Calibration \(day)"), "protocol": .string("sca2004"), "sessionDate": .string(day), "blind": .bool(true),
                    "samples": .array([.object(["lotId": .string(self.id(lot1))]), .object(["lotId": .string(self.id(lot2))])]),
                    "cuppers": .array([.object(["userId": .string(owner.userId)]), .object(["userId": .string(cupper.userId)]),
                                       .object(["name": .string("Guest buyer")])]),
                ]))
                XCTAssertEqual(session.status, 201, session.text)
                sessions.append(self.id(session))
                let codes = session["samples"]?.arrayValue?.compactMap { $0.objectValue?["code"]?.stringValue } ?? []
                XCTAssertEqual(codes.count, 2)
                XCTAssertEqual(Set(codes).count, 2)
                XCTAssertTrue(codes.allSatisfy { $0.count == 3 && Int($0) != nil }, "blind codes are three digits: \(codes)")
                // Flavor for the two samples: owner 6 and 9, cupper 8 and 7, guest 7 and 8 (finals 72 + flavor).
                func sheet(_ flavor: Double) -> JSONValue {
                    .object(["fragranceAroma": .number(7), "flavor": .number(flavor), "aftertaste": .number(7), "acidity": .number(7),
                             "body": .number(7), "balance": .number(7), "overall": .number(7), "uniformCups": .number(5),
                             "cleanCups": .number(5), "sweetCups": .number(5)])
                }
                for (who, flavors) in [(JSONValue.object(["cupperId": .string(owner.userId)]), [6.0, 9.0]),
                                       (.object(["cupperId": .string(cupper.userId)]), [8.0, 7.0]), (.object(["guestName": .string("Guest buyer")]), [7.0, 8.0])] {
                    for (i, code) in codes.enumerated() {
                        var body = who.objectValue!
                        body["sessionId"] = .string(self.id(session))
                        body["sampleCode"] = .string(code)
                        body["scores"] = sheet(flavors[i])
                        let r = try await api.call(.post, "/api/v1/cupping-scores", token: cupper.access, json: .object(body))
                        XCTAssertEqual(r.status, 201, r.text)
                    }
                }
                var again = ["sessionId": JSONValue.string(self.id(session)), "sampleCode": .string(codes[0]), "cupperId": .string(owner.userId)]
                again["scores"] = sheet(8)
                let dup = try await api.call(.post, "/api/v1/cupping-scores", token: owner.access, json: .object(again))
                XCTAssertEqual(dup.errorCode, "cupping.duplicate_score")
                let offStep = try await api.call(.post, "/api/v1/cupping-scores", token: owner.access, json: .object([
                    "sessionId": .string(self.id(session)), "sampleCode": .string(codes[1]), "guestName": .string("Another"),
                    "scores": .object(["flavor": .number(8.1)]),
                ]))
                XCTAssertTrue(offStep.errorFields.contains("scores.flavor"), offStep.text)
                let wrongCode = try await api.call(.post, "/api/v1/cupping-scores", token: owner.access, json: .object([
                    "sessionId": .string(self.id(session)), "sampleCode": .string("000"), "guestName": .string("X"), "scores": sheet(8),
                ]))
                XCTAssertEqual(wrongCode.errorFields, ["sampleCode"])

                let results = try await api.call(.get, "/api/v1/cupping-sessions/\(self.id(session))/results", token: owner.access)
                XCTAssertEqual(results.status, 200, results.text)
                let first = results["samples"]?.arrayValue?.first?.objectValue
                XCTAssertEqual(first?["count"]?.numberValue, 3)
                XCTAssertEqual(first?["mean"]?.numberValue, 79, "flavor 6, 8, 7 → 78, 80, 79")
                XCTAssertEqual(first?["min"]?.numberValue, 78)
                XCTAssertEqual(first?["max"]?.numberValue, 80)
                XCTAssertEqual(first?["standardDeviation"]?.numberValue, 1)
                XCTAssertEqual(first?["attributeMeans"]?.objectValue?["flavor"]?.numberValue, 7)
                let cuppers = results["cuppers"]?.arrayValue?.compactMap(\.objectValue) ?? []
                XCTAssertEqual(cuppers.count, 3)
            }
            let calibration = try await api.call(.get, "/api/v1/cuppers/\(owner.userId)/calibration", token: owner.access)
            XCTAssertEqual(calibration.status, 200, calibration.text)
            XCTAssertEqual(calibration["sessions"]?.arrayValue?.count, 2)
            XCTAssertEqual(calibration["overall"]?.objectValue?["meanAbsoluteDeviation"]?.numberValue, 1, "owner scores 1 point off the panel")
            XCTAssertEqual(calibration["overall"]?.objectValue?["bias"]?.numberValue, 0, "low on one sample, high on the other: no bias")
            XCTAssertEqual(calibration.string("largestDeviation"), "flavor")

            let lots = try await api.call(.get, "/api/v1/lots", token: owner.access)
            let scores = Set(lots["items"]?.arrayValue?.compactMap { $0.objectValue?["latestCupScore"]?.numberValue } ?? [])
            XCTAssertEqual(scores, [79, 80], "each lot's mean final score in its latest session")
            let high = try await api.call(.get, "/api/v1/lots?minScore=80", token: owner.access)
            XCTAssertEqual(high["items"]?.arrayValue?.count, 1)

            let cannot = try await api.call(.delete, "/api/v1/cupping-sessions/\(sessions[0])", token: owner.access)
            XCTAssertEqual(cannot.errorCode, "cupping.session_has_scores")
            let other = try await api.register()
            do { let r = try await api.call(.get, "/api/v1/cuppers/\(owner.userId)/calibration", token: other.access); XCTAssertEqual(r.status, 404) }
            do { let r = try await api.call(.get, "/api/v1/cupping-sessions/\(sessions[0])/results", token: other.access); XCTAssertEqual(r.status, 404) }
        }
    }

    func testRoastBatchesTakeGreenWeight() async throws {
        let alog = try? Data(contentsOf: CalculatorTests.alogDir.appendingPathComponent("roast_25-10-04_1600.alog"))
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let green = try await api.call(.post, "/api/v1/lots", token: s.access,
                                           json: .object(["species": .string("arabica"), "stage": .string("green"), "weightKg": .number(10)]))
            let batch = try await api.call(.post, "/api/v1/roast-batches", token: s.access, json: .object([
                "lotId": .string(self.id(green)), "greenWeightKg": .number(1.2), "roastedWeightKg": .number(1.02), "machine": .string("Probat P5"),
                "events": .object(["firstCrackS": .number(480), "dropS": .number(600)]), "roastedAt": .string("2026-11-20T08:30:00+07:00"),
            ]))
            XCTAssertEqual(batch.status, 201, batch.text)
            XCTAssertEqual(batch["weightLossPct"]?.numberValue, 15)
            XCTAssertEqual(batch["dtrPct"]?.numberValue, 20)
            XCTAssertEqual(batch.string("roastedAt"), "2026-11-20T01:30:00.000Z")
            do { let r = try await api.call(.get, "/api/v1/lots/\(self.id(green))", token: s.access); XCTAssertEqual(r["weightKg"]?.numberValue, 8.8) }
            let more = try await api.call(.patch, "/api/v1/roast-batches/\(self.id(batch))", token: s.access, json: .object(["greenWeightKg": .number(2)]))
            XCTAssertEqual(more.status, 200, more.text)
            do { let r = try await api.call(.get, "/api/v1/lots/\(self.id(green))", token: s.access); XCTAssertEqual(r["weightKg"]?.numberValue, 8) }
            let over = try await api.call(.post, "/api/v1/roast-batches", token: s.access,
                                          json: .object(["lotId": .string(self.id(green)), "greenWeightKg": .number(9)]))
            XCTAssertEqual(over.errorCode, "lot.insufficient_weight")
            let gain = try await api.call(.post, "/api/v1/roast-batches", token: s.access,
                                          json: .object(["lotId": .string(self.id(green)), "greenWeightKg": .number(1), "roastedWeightKg": .number(1.2)]))
            XCTAssertEqual(gain.errorFields, ["roastedWeightKg"])
            do { let r = try await api.call(.delete, "/api/v1/roast-batches/\(self.id(batch))", token: s.access); XCTAssertEqual(r.status, 204) }
            do { let r = try await api.call(.get, "/api/v1/lots/\(self.id(green))", token: s.access); XCTAssertEqual(r["weightKg"]?.numberValue, 10) }

            let parchment = try await api.call(.post, "/api/v1/lots", token: s.access,
                                               json: .object(["species": .string("arabica"), "stage": .string("parchment"), "weightKg": .number(10)]))
            let notGreen = try await api.call(.post, "/api/v1/roast-batches", token: s.access,
                                              json: .object(["lotId": .string(self.id(parchment)), "greenWeightKg": .number(1)]))
            XCTAssertEqual(notGreen.errorFields, ["lotId"])

            if let alog {
                let imported = try await api.call(.post, "/api/v1/roast-batches/import?lotId=\(self.id(green))&machine=Scope&filename=r.alog",
                                                  token: s.access, raw: String(decoding: alog, as: UTF8.self), headers: [.contentType: "text/plain"])
                XCTAssertEqual(imported.status, 201, imported.text)
                XCTAssertEqual(imported["dtrPct"]?.numberValue, 22.9)
                XCTAssertEqual(imported["greenWeightKg"]?.numberValue, 0.15)
                XCTAssertEqual(imported["weightLossPct"]?.numberValue, 16)
                XCTAssertEqual(imported.string("machine"), "Scope")
                XCTAssertGreaterThan(imported["curve"]?.objectValue?["bt"]?.arrayValue?.count ?? 0, 100)
                do { let r = try await api.call(.get, "/api/v1/lots/\(self.id(green))", token: s.access); XCTAssertEqual(r["weightKg"]?.numberValue, 9.85) }
            }
            let noCharge = try await api.call(.post, "/api/v1/roast-batches/import?lotId=\(self.id(green))", token: s.access,
                                              raw: "{'timex': [0, 1], 'temp2': [100, 101], 'timeindex': [-1, 0, 0, 0, 0, 0, 0, 0]}")
            XCTAssertEqual(noCharge.errorCode, "roast.no_charge")
        }
    }

    func testEveryRecordRouteHidesOtherOrganizations() async throws {
        try await TestApp.run { api, _ in
            let a = try await api.register(org: "A")
            let b = try await api.register(org: "B")
            let lot = try await api.call(.post, "/api/v1/lots", token: a.access,
                                         json: .object(["species": .string("arabica"), "stage": .string("green"), "weightKg": .number(5)]))
            let grading = try await api.call(.post, "/api/v1/gradings", token: a.access,
                                             json: .object(["lotId": .string(self.id(lot)), "standard": .string("scaArabica")]))
            let session = try await api.call(.post, "/api/v1/cupping-sessions", token: a.access, json: .object([
                "name": .string("S"), "protocol": .string("cva2024"), "sessionDate": .string("2026-03-01"),
                "samples": .array([.object(["lotId": .string(self.id(lot))])]),
            ]))
            let code = session["samples"]?.arrayValue?.first?.objectValue?["code"]?.stringValue ?? ""
            XCTAssertEqual(code, "1", "an open session numbers its samples")
            let keys = ["fragrance", "aroma", "flavor", "aftertaste", "acidity", "sweetness", "mouthfeel", "overall"]
            let score = try await api.call(.post, "/api/v1/cupping-scores", token: a.access, json: .object([
                "sessionId": .string(self.id(session)), "sampleCode": .string(code), "cupperId": .string(a.userId),
                "scores": .object(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.number(6)) })),
            ]))
            XCTAssertEqual(score["finalScore"]?.numberValue, 84.25, "0.65625 × 48 + 52.75")
            let batch = try await api.call(.post, "/api/v1/roast-batches", token: a.access,
                                           json: .object(["lotId": .string(self.id(lot)), "greenWeightKg": .number(1)]))
            for (path, record) in [("lots", lot), ("gradings", grading), ("cupping-sessions", session), ("cupping-scores", score), ("roast-batches", batch)] {
                XCTAssertEqual(record.status, 201, "\(path): \(record.text)")
                for method in [HTTPRequest.Method.get, .patch, .delete] {
                    let r = try await api.call(method, "/api/v1/\(path)/\(self.id(record))", token: b.access,
                                               json: method == .patch ? .object(["notes": .string("x")]) : nil)
                    XCTAssertEqual(r.status, 404, "\(method) \(path)")
                }
                let list = try await api.call(.get, "/api/v1/\(path)", token: b.access)
                XCTAssertEqual(list["items"]?.arrayValue?.count, 0, path)
            }
            do { let r = try await api.call(.get, "/api/v1/lots/\(self.id(lot))/genealogy", token: b.access); XCTAssertEqual(r.status, 404) }
            let steal = try await api.call(.post, "/api/v1/gradings", token: b.access,
                                           json: .object(["lotId": .string(self.id(lot)), "standard": .string("scaArabica")]))
            XCTAssertEqual(steal.errorFields, ["lotId"], "B cannot grade A's lot")
            let viewer = try await api.addMember(by: a, role: .viewer)
            do { let r = try await api.call(.post, "/api/v1/lots", token: viewer.access,
                                              json: .object(["species": .string("arabica"), "stage": .string("green")])); XCTAssertEqual(r.status, 403) }
            let fieldUser = try await api.addMember(by: a, role: .field)
            do { let r = try await api.call(.post, "/api/v1/cupping-sessions", token: fieldUser.access, json: .object([
                "name": .string("S"), "protocol": .string("sca2004"), "sessionDate": .string("2026-03-01")])); XCTAssertEqual(r.status, 403) }
        }
    }
}
