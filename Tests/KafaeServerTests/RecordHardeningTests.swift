import Foundation
import Hummingbird
import KafaeDomain
import KafaeServer
import KafaeStore
import XCTest

/// Findings of the hardening issue about records and sync, each shown on SQLite and PostgreSQL.
final class RecordHardeningTests: XCTestCase, @unchecked Sendable {
    func mutation(_ seq: Int, entity: String = "farm", op: String = "upsert", id: String, base: Int?,
                  _ fields: [String: JSONValue] = [:]) -> JSONValue {
        .object(["seq": .number(Double(seq)), "mutationId": .string(UUID().uuidString), "entity": .string(entity), "op": .string(op),
                 "recordId": .string(id), "baseVersion": base.map { .number(Double($0)) } ?? .null, "fields": .object(fields)])
    }

    func push(_ api: Api, _ token: String, device: String, _ mutations: [JSONValue]) async throws -> Reply {
        try await api.call(.post, "/api/v1/sync/push", token: token, json: .object(["deviceId": .string(device), "mutations": .array(mutations)]))
    }

    func lot(_ api: Api, _ s: Session, _ fields: [String: JSONValue]) async throws -> Reply {
        var body: [String: JSONValue] = ["species": .string("arabica"), "stage": .string("green")]
        for (k, v) in fields { body[k] = v }
        return try await api.call(.post, "/api/v1/lots", token: s.access, json: .object(body))
    }

    /// A hand-typed code with the largest integer as its number used to make the next generated code overflow and
    /// crash the process, for every later lot of the organization.
    func testHandTypedHugeLotNumberDoesNotStopGeneratedCodes() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            for code in ["LOT-2568-9223372036854775807", "LOT-2568-99999999999999999999999", "LOT-2568-12a", "LOT-2568-"] {
                let r = try await self.lot(api, s, ["code": .string(code), "harvestDate": .string("2025-01-10")])
                XCTAssertEqual(r.status, 201, r.text)
            }
            let next = try await self.lot(api, s, ["harvestDate": .string("2025-01-11")])
            XCTAssertEqual(next.status, 201, next.text)
            XCTAssertEqual(next.string("code"), "LOT-2568-001")
            let then = try await self.lot(api, s, ["harvestDate": .string("2025-02-11")])
            XCTAssertEqual(then.string("code"), "LOT-2568-002")
            // The same through sync (the path the crash also took).
            let synced = try await self.push(api, s.access, device: "phone", [
                self.mutation(1, entity: "lot", id: UUID().uuidString.lowercased(), base: nil,
                              ["species": .string("arabica"), "stage": .string("green"), "harvestDate": .string("2025-03-01")]),
            ])
            XCTAssertEqual(synced["results"]?.arrayValue?.first?.objectValue?["record"]?.objectValue?["fields"]?.objectValue?["code"]?.stringValue,
                           "LOT-2568-003", synced.text)
            // The last nine-digit number is the end of the automatic sequence: a clear error, not a crash.
            _ = try await self.lot(api, s, ["code": .string("LOT-2568-999999999"), "harvestDate": .string("2025-01-10")])
            let full = try await self.lot(api, s, ["harvestDate": .string("2025-01-12")])
            XCTAssertEqual(full.status, 409, full.text)
            XCTAssertEqual(full.errorCode, "lot.code_sequence_full")
        }
    }

    /// Another member pushing under a device id used to advance that device's seq, so the real device's
    /// mutations then got junk answers and were lost.
    func testDeviceIdBelongsToItsFirstUser() async throws {
        try await TestApp.run { api, _ in
            let owner = try await api.register()
            let viewer = try await api.addMember(by: owner, role: .viewer)
            let field = try await api.addMember(by: owner, role: .field)
            let farm = UUID().uuidString.lowercased()
            let first = try await self.push(api, owner.access, device: "owner-phone",
                                            [self.mutation(1, id: farm, base: nil, ["name": .string("Doi Chang"), "province": .string("Nan")])])
            XCTAssertEqual(first.status, 200, first.text)
            for other in [viewer, field] {
                for seq in [1, 2] {
                    let hijack = try await self.push(api, other.access, device: "owner-phone",
                                                     [self.mutation(seq, id: farm, base: 1, ["notes": .string("junk")])])
                    XCTAssertEqual(hijack.status, 403, hijack.text)
                    XCTAssertEqual(hijack.errorCode, "sync.device_taken")
                }
            }
            // The stored answers of the owner's device are not readable by another member either.
            let replay = try await self.push(api, field.access, device: "owner-phone",
                                             [self.mutation(1, id: farm, base: nil, ["name": .string("x")])])
            XCTAssertEqual(replay.status, 403)
            // The real device goes on where it was.
            let next = try await self.push(api, owner.access, device: "owner-phone",
                                           [self.mutation(2, id: farm, base: 1, ["notes": .string("mine")])])
            XCTAssertEqual(next.status, 200, next.text)
            XCTAssertEqual(next["results"]?.arrayValue?.first?.objectValue?["status"]?.stringValue, "applied")
            let got = try await api.call(.get, "/api/v1/farms/\(farm)", token: owner.access)
            XCTAssertEqual(got.string("notes"), "mine")
            // The same id is free in another organization.
            let other = try await api.register(org: "Another Co-op")
            let elsewhere = try await self.push(api, other.access, device: "owner-phone",
                                                [self.mutation(1, id: UUID().uuidString.lowercased(), base: nil, ["name": .string("Farm"), "province": .string("Nan")])])
            XCTAssertEqual(elsewhere.status, 200, elsewhere.text)
        }
    }

    func testConflictsArePagedAndSettledOnesShowWhoAndHow() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            var ids: [String] = []
            for i in 0..<3 {
                let farm = try await api.call(.post, "/api/v1/farms", token: s.access,
                                              json: .object(["name": .string("Farm \(i)"), "province": .string("Nan")]))
                let id = farm.string("id") ?? ""
                ids.append(id)
                _ = try await api.call(.patch, "/api/v1/farms/\(id)", token: s.access, json: .object(["notes": .string("server")]))
            }
            let pushed = try await self.push(api, s.access, device: "phone", ids.enumerated().map { i, id in
                self.mutation(i + 1, id: id, base: 1, ["notes": .string("phone \(i)")])
            })
            XCTAssertEqual(pushed.status, 200, pushed.text)
            let page1 = try await api.call(.get, "/api/v1/sync/conflicts?limit=2", token: s.access)
            XCTAssertEqual(page1.status, 200, page1.text)
            XCTAssertEqual(page1["items"]?.arrayValue?.count, 2)
            let cursor = try XCTUnwrap(page1.string("nextCursor"))
            let page2 = try await api.call(.get, "/api/v1/sync/conflicts?limit=2&cursor=\(cursor)", token: s.access)
            XCTAssertEqual(page2["items"]?.arrayValue?.count, 1)
            XCTAssertEqual(page2["nextCursor"], .null)
            let all = (page1["items"]?.arrayValue ?? []) + (page2["items"]?.arrayValue ?? [])
            XCTAssertEqual(Set(all.compactMap { $0.objectValue?["recordId"]?.stringValue }), Set(ids))

            let first = try XCTUnwrap(all.first?.objectValue?["id"]?.stringValue)
            let settled = try await api.call(.post, "/api/v1/sync/conflicts/\(first)/resolve", token: s.access, json: .object(["choice": .string("mine")]))
            XCTAssertEqual(settled.status, 200, settled.text)
            let open = try await api.call(.get, "/api/v1/sync/conflicts", token: s.access)
            XCTAssertEqual(open["items"]?.arrayValue?.count, 2)
            let resolved = try await api.call(.get, "/api/v1/sync/conflicts?state=resolved", token: s.access)
            let item = try XCTUnwrap(resolved["items"]?.arrayValue?.first?.objectValue)
            XCTAssertEqual(resolved["items"]?.arrayValue?.count, 1)
            XCTAssertEqual(item["id"]?.stringValue, first)
            XCTAssertEqual(item["state"]?.stringValue, "resolved")
            XCTAssertEqual(item["resolution"]?.stringValue, "mine")
            XCTAssertEqual(item["resolvedBy"]?.objectValue?["userId"]?.stringValue, s.userId)
            XCTAssertNotNil(item["resolvedAt"]?.stringValue)
            let every = try await api.call(.get, "/api/v1/sync/conflicts?state=all", token: s.access)
            XCTAssertEqual(every["items"]?.arrayValue?.count, 3)
            let bad = try await api.call(.get, "/api/v1/sync/conflicts?state=closed", token: s.access)
            XCTAssertEqual(bad.status, 400)
            XCTAssertEqual(bad.errorCode, "request.invalid_query")
        }
    }

    /// "Keep mine" on a deleted lot used to bring it back without taking its parents' weight again or rejoining the
    /// genealogy, and let fields that may never change (its parents) change.
    func testKeepMineOnADeletedLotTakesItsWeightAgainAndKeepsItsParents() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let parent = try await self.lot(api, s, ["weightKg": .number(10)])
            let parentId = parent.string("id") ?? ""
            let child = try await self.lot(api, s, ["weightKg": .number(4),
                                                      "parents": .array([.object(["lotId": .string(parentId), "weightKg": .number(4)])])])
            XCTAssertEqual(child.status, 201, child.text)
            let childId = child.string("id") ?? ""
            func parentWeight() async throws -> Double {
                try await api.call(.get, "/api/v1/lots/\(parentId)", token: s.access)["weightKg"]?.numberValue ?? -1
            }
            var w = try await parentWeight()
            XCTAssertEqual(w, 6, accuracy: 0.0005)

            // A phone edits the child while someone deletes it; the edit is held.
            let deleted = try await api.call(.delete, "/api/v1/lots/\(childId)", token: s.access)
            XCTAssertEqual(deleted.status, 204, deleted.text)
            w = try await parentWeight()
            XCTAssertEqual(w, 10, accuracy: 0.0005)
            let pushed = try await self.push(api, s.access, device: "phone", [
                self.mutation(1, entity: "lot", id: childId, base: 1, ["notes": .string("bagged")]),
                self.mutation(2, entity: "lot", id: childId, base: 1,
                              ["parents": .array([.object(["lotId": .string(parentId), "weightKg": .number(1)])])]),
            ])
            let results = pushed["results"]?.arrayValue?.compactMap(\.objectValue) ?? []
            XCTAssertEqual(results.map { $0["status"]?.stringValue ?? "" }, ["conflict", "conflict"], pushed.text)

            // Keeping the edit that changes its parents is refused: a lot's origin never changes.
            let parentsConflict = try XCTUnwrap(results.last?["conflictId"]?.stringValue)
            let refused = try await api.call(.post, "/api/v1/sync/conflicts/\(parentsConflict)/resolve", token: s.access,
                                             json: .object(["choice": .string("mine")]))
            XCTAssertEqual(refused.status, 422, refused.text)
            XCTAssertEqual(refused.errorFields, ["parents"])

            // Keeping the notes brings the lot back: it takes its 4 kg again and is the parent's child again.
            let notesConflict = try XCTUnwrap(results.first?["conflictId"]?.stringValue)
            let kept = try await api.call(.post, "/api/v1/sync/conflicts/\(notesConflict)/resolve", token: s.access,
                                          json: .object(["choice": .string("mine")]))
            XCTAssertEqual(kept.status, 200, kept.text)
            let restored = try await api.call(.get, "/api/v1/lots/\(childId)", token: s.access)
            XCTAssertEqual(restored.status, 200)
            XCTAssertEqual(restored.string("notes"), "bagged")
            w = try await parentWeight()
            XCTAssertEqual(w, 6, accuracy: 0.0005)
            let tree = try await api.call(.get, "/api/v1/lots/\(parentId)/genealogy", token: s.access)
            XCTAssertTrue(tree.text.contains(childId), "the restored lot is the parent's child again: \(tree.text)")
            // Deleting it again gives the weight back once more: the books balance.
            _ = try await api.call(.delete, "/api/v1/lots/\(childId)", token: s.access)
            w = try await parentWeight()
            XCTAssertEqual(w, 10, accuracy: 0.0005)
        }
    }

    /// A restored lot whose parent no longer has the weight is refused, not restored with stock out of thin air.
    func testRestoringALotNeedsItsParentsWeight() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let parent = try await self.lot(api, s, ["weightKg": .number(5)])
            let parentId = parent.string("id") ?? ""
            let child = try await self.lot(api, s, ["weightKg": .number(5),
                                                      "parents": .array([.object(["lotId": .string(parentId), "weightKg": .number(5)])])])
            let childId = child.string("id") ?? ""
            _ = try await api.call(.delete, "/api/v1/lots/\(childId)", token: s.access)
            // The 5 kg went back to the parent and were used by another lot.
            let other = try await self.lot(api, s, ["weightKg": .number(5),
                                                      "parents": .array([.object(["lotId": .string(parentId), "weightKg": .number(5)])])])
            XCTAssertEqual(other.status, 201, other.text)
            let pushed = try await self.push(api, s.access, device: "phone", [
                self.mutation(1, entity: "lot", id: childId, base: 1, ["notes": .string("still here")]),
            ])
            let conflict = try XCTUnwrap(pushed["results"]?.arrayValue?.first?.objectValue?["conflictId"]?.stringValue)
            let kept = try await api.call(.post, "/api/v1/sync/conflicts/\(conflict)/resolve", token: s.access,
                                          json: .object(["choice": .string("mine")]))
            XCTAssertEqual(kept.status, 409, kept.text)
            XCTAssertEqual(kept.errorCode, "lot.insufficient_weight")
            let gone = try await api.call(.get, "/api/v1/lots/\(childId)", token: s.access)
            XCTAssertEqual(gone.status, 404)
        }
    }

    /// A CQI file past the row cap is refused whole (413 naming the limit), with nothing imported.
    func testCQIImportPastTheRowCapIsRefusedWhole() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let header = "\"\",Species,Owner,Country.of.Origin,Farm.Name,Region,Aroma,Flavor,Total.Cup.Points\n"
            let rows = (1...(CQIRecord.maxRows + 1)).map { "\"\($0)\",Arabica,x,Thailand,Farm \($0),Chiang Rai,7.5,7.5,80" }
            let r = try await api.call(.post, "/api/v1/import/cqi", token: s.access, raw: header + rows.joined(separator: "\n"),
                                       headers: [.contentType: "text/csv"])
            XCTAssertEqual(r.status, 413, String(r.text.prefix(300)))
            XCTAssertEqual(r.errorCode, "import.too_many_rows")
            let lots = try await api.call(.get, "/api/v1/lots", token: s.access)
            XCTAssertEqual(lots["items"]?.arrayValue?.count, 0)
        }
    }

    /// An import's row errors have the one bilingual error shape, with the row's line, in the caller's language.
    func testCQIRowErrorsHaveTheErrorShape() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let csv = "\"\",Species,Owner,Country.of.Origin,Farm.Name,Region,Aroma,Flavor,Total.Cup.Points\n\"1\",Arabica,x,Thailand,Farm,Chiang Rai,7.5,7.5,0\n"
            let r = try await api.call(.post, "/api/v1/import/cqi", token: s.access, raw: csv,
                                       headers: [.contentType: "text/csv", .acceptLanguage: "en"])
            XCTAssertEqual(r.status, 200, r.text)
            let row = try XCTUnwrap(r["errors"]?.arrayValue?.first?.objectValue)
            XCTAssertEqual(row["line"]?.numberValue, 2)
            XCTAssertTrue(row["code"]?.stringValue?.hasPrefix("import.") ?? false, r.text)
            XCTAssertEqual(row["message"], row["messageEn"])
            XCTAssertNotEqual(row["messageTh"], row["messageEn"])
            XCTAssertNotNil(row["details"]?.arrayValue)
        }
    }

    /// A line break inside a cell must not start a new spreadsheet row with a formula ("\r\n" is one Swift Character).
    func testExportKeepsLineBreaksInsideTheirCell() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            for variety in ["A\r\n=1+1", "A\n=cmd|' /C calc'!A0", "A\r@SUM(A1)", "\r\n=2+2"] {
                let r = try await self.lot(api, s, ["variety": .string(variety)])
                XCTAssertEqual(r.status, 201, r.text)
            }
            let csv = try await api.call(.get, "/api/v1/export/lots.csv", token: s.access).text
            // Split as a spreadsheet would: on line breaks outside quotes.
            var rows: [String] = [], current = "", quoted = false
            for scalar in csv.unicodeScalars {
                if scalar == "\"" { quoted.toggle() }
                if !quoted, scalar == "\n" || scalar == "\r" {
                    if !current.isEmpty { rows.append(current) }
                    current = ""
                } else {
                    current.unicodeScalars.append(scalar)
                }
            }
            XCTAssertEqual(rows.count, 5, csv)
            for row in rows { XCTAssertFalse("=+-@".contains(row.first ?? " "), "a row starts like a formula: \(row)") }
        }
    }

    /// A restored backup may hold numbers no form would accept; exporting them must not trap, and a member listed
    /// twice joins once.
    func testRestoredHugeNumbersExportAndDuplicateMembersJoinOnce() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            _ = try await self.lot(api, s, ["weightKg": .number(5)])
            guard case .object(var root) = try await api.call(.get, "/api/v1/export/backup", token: s.access).json,
                  case .object(var org)? = root["organization"], case .object(var records)? = root["records"],
                  case .array(let members)? = root["members"] else { return XCTFail("no backup") }
            let newOrg = UUID().uuidString.lowercased()
            org["id"] = .string(newOrg)
            root["organization"] = .object(org)
            root["members"] = .array(members + members)
            records["lot"] = .array((records["lot"]?.arrayValue ?? []).map { r in
                guard case .object(var o) = r, case .object(var f)? = o["fields"] else { return r }
                f["weightKg"] = .number(1e300)
                o["fields"] = .object(f)
                o["id"] = .string(UUID().uuidString.lowercased())
                return .object(o)
            })
            root["records"] = .object(records)
            let report = try await ExchangeService(db: t.db).restore(.object(root), ownerEmail: s.email)
            XCTAssertEqual(report.organizationId.text, newOrg)
            let other = try await api.call(.post, "/api/v1/auth/switch", token: s.access, json: .object(["organizationId": .string(newOrg)]))
            XCTAssertEqual(other.status, 200, other.text)
            let csv = try await api.call(.get, "/api/v1/export/lots.csv", token: other.string("accessToken"))
            XCTAssertEqual(csv.status, 200)
            XCTAssertTrue(csv.text.contains("1e+300"), csv.text)
        }
    }

    /// A backup is client data: numbers that no whole-number conversion can take are refused or ignored, never a trap.
    func testBackupWithHostileNumbersNeverTraps() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            _ = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object(["name": .string("Doi Chang"), "province": .string("Nan")]))
            let exchange = ExchangeService(db: t.db)
            let backup = try await api.call(.get, "/api/v1/export/backup", token: s.access).json
            for hostile: JSONValue in [.number(1e19), .number(-1e19), .number(1.5), .number(9.3e18), .string("x")] {
                guard case .object(var root) = backup else { return XCTFail("no backup") }
                root["formatVersion"] = hostile
                do { _ = try await exchange.restore(.object(root), ownerEmail: s.email) } catch let e as KafaeError {
                    XCTAssertLessThan(e.status, 500, "\(hostile): \(e.code)")
                }
                // The same numbers in every record's stamps.
                guard case .object(var records)? = root["records"] else { continue }
                for (entity, list) in records {
                    records[entity] = .array((list.arrayValue ?? []).map { r in
                        guard case .object(var o) = r else { return r }
                        for key in ["version", "createdAt", "updatedAt", "deletedAt"] { o[key] = hostile }
                        o["fieldVersions"] = .object(["name": hostile])
                        return .object(o)
                    })
                }
                root["records"] = .object(records)
                root["formatVersion"] = .number(1)
                if case .object(var org)? = root["organization"] {
                    org["id"] = .string(UUID().uuidString.lowercased())
                    org["createdAt"] = hostile
                    root["organization"] = .object(org)
                }
                do { _ = try await exchange.restore(.object(root), ownerEmail: s.email) } catch let e as KafaeError {
                    XCTAssertLessThan(e.status, 500, "\(hostile): \(e.code)")
                }
            }
        }
    }
}
