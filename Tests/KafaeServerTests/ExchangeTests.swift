import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore
import KafaeTestSupport
import XCTest

/// CQI import (real data in ../shared/data/cqi-2018), CSV export, and the owner's backup.
final class ExchangeTests: XCTestCase, @unchecked Sendable {
    static let cqi = TestApp.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data/cqi-2018")

    /// The published totals of a CQI file, read independently of the importer (a plain split on the header).
    static func publishedTotals(_ text: String) -> [Double] {
        let rows = CSV.parse(text)
        guard let header = rows.first, let col = header.fields.firstIndex(where: { CSV.key($0) == "totalcuppoints" }) else { return [] }
        return rows.dropFirst().compactMap { r in
            guard col < r.fields.count else { return nil }
            let digits = r.fields[col].filter { $0.isNumber || $0 == "." }
            return Double(digits).flatMap { $0 > 0 ? $0 : nil }
        }
    }

    func allLots(_ api: Api, _ token: String) async throws -> [[String: JSONValue]] {
        var out: [[String: JSONValue]] = []
        var cursor: String?
        repeat {
            let page = try await api.call(.get, "/api/v1/lots?limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
            out += page["items"]?.arrayValue?.compactMap(\.objectValue) ?? []
            cursor = page.string("nextCursor")
        } while cursor != nil
        return out
    }

    func testCQIArabicaImportsWithEveryBadRowReportedAndScoresMatching() async throws {
        guard let text = try? String(contentsOf: Self.cqi.appendingPathComponent("arabica_data_cleaned.csv"), encoding: .utf8) else {
            throw XCTSkip("no CQI data")
        }
        let totals = Self.publishedTotals(text)
        XCTAssertEqual(totals.count, 1310)
        try await TestApp.run { api, t in
            let s = try await api.register()
            // The importer itself (as `kafae import cqi` runs it): 1,310 rows take longer than the test client waits in a debug build.
            let report = try await CQIImporter.run(t.db, csv: text, organizationId: UUID(uuidString: s.organizationId)!,
                                                   actor: ActorRef(kind: .user, id: UUID(uuidString: s.userId)!))
            XCTAssertEqual(report.imported, 1310)
            XCTAssertEqual(report.errors.count, 1, "the one record with no score")
            XCTAssertEqual(report.errors.first?.code, "import.no_score")
            XCTAssertGreaterThan(report.errors.first?.line ?? 0, 1)

            let lots = try await self.allLots(api, s.access)
            XCTAssertEqual(lots.count, 1310)
            let scores = lots.compactMap { $0["latestCupScore"]?.numberValue }.sorted()
            XCTAssertEqual(scores, totals.sorted(), "every imported lot's latest cup score is its CQI total")
            XCTAssertTrue(lots.allSatisfy { $0["latestGrade"]?.stringValue != nil })

            let thai = try await api.call(.get, "/api/v1/farms?province=Chiang%20Rai&limit=200", token: s.access)
            XCTAssertGreaterThan(thai["items"]?.arrayValue?.count ?? 0, 0, "Thai regions land on Thai provinces")

            let again = try await api.call(.post, "/api/v1/import/cqi", token: s.access, raw: text, headers: [.contentType: "text/csv"])
            XCTAssertEqual(again["imported"]?.numberValue, 0)
            XCTAssertEqual(again["skipped"]?.numberValue, 1310, "re-importing creates no duplicates")
        }
    }

    func testCQIRobustaRawLayoutAndLooseHeaders() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            if let raw = try? String(contentsOf: Self.cqi.appendingPathComponent("robusta_ratings_raw.csv"), encoding: .utf8) {
                let r = try await api.call(.post, "/api/v1/import/cqi", token: s.access, raw: raw, headers: [.contentType: "text/csv"])
                XCTAssertEqual(r["imported"]?.numberValue, 28, r.text)
                let lots = try await self.allLots(api, s.access)
                XCTAssertEqual(lots.compactMap { $0["latestCupScore"]?.numberValue }.sorted(), Self.publishedTotals(raw).sorted())
                XCTAssertTrue(lots.allSatisfy { $0["species"]?.stringValue == "robusta" })
            }
            // Another layout: other header spellings, Overall for Cupper Points, moisture as a percentage, missing and extra columns.
            let csv = """
            species,FARM NAME,country of origin,region,Aroma,Flavor,After-taste,Acidity,Body,Balance,Uniformity,Clean Cup,Sweetness,Overall,Total Cup Points,Moisture,Category One Defects,Category Two Defects,Quakers,Favourite Colour
            Arabica,"Doi Pangkhon, co-op",Thailand,chiang rai,8.5,8.25,8,8,8,8,10,10,10,8.25,87.00,11.8,0,2,0,blue
            Arabica,Doi Pangkhon co-op 2,Thailand,Chiang Rai,7.5,abc,7,7,7,7,10,10,10,7,80.5,0.11,0,0,0,red
            Arabica,Mae Taeng,Thailand,chiang mai,7.5,7.5,7.5,7.5,7.5,7.5,10,10,10,7.5,83.00,0.105,1,3,1,green
            Liberica,X,Thailand,Nan,7,7,7,7,7,7,10,10,10,7,79,0.1,0,0,0,
            Arabica,Y,Thailand,Nan,11,7,7,7,7,7,10,10,10,7,79,0.1,0,0,0,

            """
            let r = try await api.call(.post, "/api/v1/import/cqi", token: s.access, raw: csv, headers: [.contentType: "text/csv", .acceptLanguage: "en"])
            XCTAssertEqual(r["imported"]?.numberValue, 2, r.text)
            let errors = r["errors"]?.arrayValue?.compactMap(\.objectValue) ?? []
            XCTAssertEqual(errors.map { $0["line"]?.numberValue ?? 0 }, [3, 5, 6], "bad rows are reported by line")
            XCTAssertEqual(errors.map { $0["code"]?.stringValue ?? "" }, ["import.not_a_number", "import.species", "import.out_of_range"])
            XCTAssertTrue(errors.first?["message"]?.stringValue?.contains("flavor") ?? false)
            let grades = try await api.call(.get, "/api/v1/gradings?limit=200", token: s.access)
            let moisture = Set(grades["items"]?.arrayValue?.compactMap { $0.objectValue?["moisturePct"]?.numberValue } ?? [])
            XCTAssertTrue(moisture.isSuperset(of: [11.8, 10.5]), "11.8 stays a percentage, 0.105 becomes 10.5: \(moisture)")

            let viewer = try await api.addMember(by: s, role: .viewer)
            do { let r = try await api.call(.post, "/api/v1/import/cqi", token: viewer.access, raw: csv, headers: [.contentType: "text/csv"]); XCTAssertEqual(r.status, 403) }
        }
    }

    func testLotCSVAndBackupRestore() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            let farm = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object(["name": .string("ดอยช้าง"), "province": .string("Chiang Rai")]))
            let lot = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                "farmId": .string(farm.string("id")!), "species": .string("arabica"), "stage": .string("green"), "variety": .string("Catimor, \"Java\""),
                "weightKg": .number(12.5),
            ]))
            _ = try await api.call(.post, "/api/v1/gradings", token: s.access, json: .object(["lotId": .string(lot.string("id")!), "standard": .string("scaArabica")]))
            let csv = try await api.call(.get, "/api/v1/export/lots.csv", token: s.access)
            XCTAssertEqual(csv.status, 200)
            XCTAssertTrue(csv.headers[.contentType]?.hasPrefix("text/csv") ?? false)
            XCTAssertTrue(csv.text.hasPrefix("\u{FEFF}code,"), "UTF-8 with BOM so Excel shows Thai")
            XCTAssertTrue(csv.text.contains("ดอยช้าง"))
            XCTAssertTrue(csv.text.contains("เชียงราย"))
            XCTAssertTrue(csv.text.contains("\"Catimor, \"\"Java\"\"\""), "fields with commas and quotes are quoted")
            XCTAssertTrue(csv.text.contains(",specialty,"))

            let manager = try await api.addMember(by: s, role: .manager)
            do { let r = try await api.call(.get, "/api/v1/export/backup", token: manager.access); XCTAssertEqual(r.status, 403, "the backup is the owner's") }
            let backup = try await api.call(.get, "/api/v1/export/backup", token: s.access)
            XCTAssertEqual(backup.status, 200)
            XCTAssertEqual(backup.string("format"), "kafae-backup")
            XCTAssertEqual(backup["records"]?.objectValue?["lot"]?.arrayValue?.count, 1)

            // Restore into a second, empty database of the same engine.
            let other = try await TestDatabases.make(t.engine)
            let user = UUID()
            try await other.db.write { sql in
                try await AccountRepository.insertUser(sql, id: user, email: "restorer@example.com", name: "R", passwordHash: "x", now: 1)
            }
            let report = try await Backup.restore(other.db, backup: backup.json, owner: user)
            XCTAssertEqual(report.records["lot"], 1)
            XCTAssertEqual(report.records["farm"], 1)
            XCTAssertEqual(report.records["grading"], 1)
            let again = try await Backup.export(other.db, organizationId: report.organizationId)
            XCTAssertEqual(again.objectValue?["records"], backup["records"], "a restored organization exports the same records")
            do {
                _ = try await Backup.restore(other.db, backup: backup.json, owner: user)
                XCTFail("restoring twice must be refused")
            } catch let e as KafaeError {
                XCTAssertEqual(e.code, "backup.exists")
            }
            await other.cleanup()
        }
    }
}
