import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore
import XCTest

final class SyncTests: XCTestCase, @unchecked Sendable {
    func push(_ api: Api, _ token: String, device: String, _ mutations: [JSONValue]) async throws -> Reply {
        try await api.call(.post, "/api/v1/sync/push", token: token, json: .object(["deviceId": .string(device), "mutations": .array(mutations)]))
    }

    func m(_ seq: Int, _ entity: String = "farm", _ op: String = "upsert", id: String, base: Int?, _ fields: [String: JSONValue] = [:]) -> JSONValue {
        .object(["seq": .number(Double(seq)), "mutationId": .string(UUID().uuidString), "entity": .string(entity), "op": .string(op),
                 "recordId": .string(id), "baseVersion": base.map { .number(Double($0)) } ?? .null, "fields": .object(fields),
                 "clientTime": .string("2026-11-25T10:00:00Z")])
    }

    func status(_ r: Reply, _ i: Int = 0) -> String? { r["results"]?.arrayValue?[i].objectValue?["status"]?.stringValue }
    func result(_ r: Reply, _ i: Int = 0) -> [String: JSONValue] { r["results"]?.arrayValue?[i].objectValue ?? [:] }

    func testPushIsIdempotentGaplessAndNeverWedged() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let farm = UUID().uuidString.lowercased()
            let batch = [self.m(1, id: farm, base: nil, ["name": .string("Doi Chang"), "province": .string("Chiang Rai")]),
                         self.m(2, id: farm, base: 1, ["altitudeM": .number(1300)])]
            let first = try await self.push(api, s.access, device: "phone-1", batch)
            XCTAssertEqual(first.status, 200, first.text)
            XCTAssertEqual(self.status(first, 0), "applied")
            XCTAssertEqual(self.result(first, 1)["version"]?.numberValue, 2)
            XCTAssertEqual(first["lastMutationSeq"]?.numberValue, 2)
            // The response was lost; the phone sends the same batch again: nothing changes.
            let again = try await self.push(api, s.access, device: "phone-1", batch)
            XCTAssertEqual(again["results"], first["results"], "a resent batch returns the stored results")
            let got = try await api.call(.get, "/api/v1/farms/\(farm)", token: s.access)
            XCTAssertEqual(got["version"]?.numberValue, 2)

            let gap = try await self.push(api, s.access, device: "phone-1", [self.m(5, id: farm, base: 2, ["notes": .string("x")])])
            XCTAssertEqual(gap.status, 409)
            XCTAssertEqual(gap.errorCode, "sync.seq_gap")
            XCTAssertEqual(gap.headers[.init("X-Expected-Seq")!], "3")

            // A bad mutation is rejected with the bilingual error and the queue moves on.
            let bad = try await self.push(api, s.access, device: "phone-1", [
                self.m(3, id: UUID().uuidString, base: nil, ["province": .string("Atlantis")]),
                self.m(4, id: farm, base: 2, ["notes": .string("after the bad one")]),
            ])
            XCTAssertEqual(self.status(bad, 0), "rejected")
            let fields = self.result(bad, 0)["error"]?.objectValue?["details"]?.arrayValue?.compactMap { $0.objectValue?["field"]?.stringValue }
            XCTAssertEqual(Set(fields ?? []), ["fields.name", "fields.province"])
            XCTAssertEqual(self.status(bad, 1), "applied")
            XCTAssertEqual(bad["lastMutationSeq"]?.numberValue, 4)

            // A viewer's mutations are rejected exactly as the REST routes would; their seq still advances.
            let viewer = try await api.addMember(by: s, role: .viewer)
            let denied = try await self.push(api, viewer.access, device: "viewer-phone", [self.m(1, id: farm, base: 3, ["notes": .string("no")])])
            XCTAssertEqual(self.status(denied), "rejected")
            XCTAssertEqual(self.result(denied)["error"]?.objectValue?["code"]?.stringValue, "auth.forbidden")
            XCTAssertEqual(denied["lastMutationSeq"]?.numberValue, 1)

            // Another organization cannot touch the record through sync either.
            let other = try await api.register()
            let steal = try await self.push(api, other.access, device: "x", [self.m(1, id: farm, base: nil, ["name": .string("Mine")])])
            XCTAssertEqual(self.result(steal)["error"]?.objectValue?["code"]?.stringValue, "record.exists")
            do { let r = try await api.call(.get, "/api/v1/farms/\(farm)", token: s.access); XCTAssertEqual(r.string("name"), "Doi Chang") }
        }
    }

    func testFieldMergeConflictsAndResolution() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register(name: "Owner")
            let field = try await api.addMember(by: s, role: .field, name: "Field staff")
            let farm = UUID().uuidString.lowercased()
            _ = try await self.push(api, s.access, device: "office", [self.m(1, id: farm, base: nil, ["name": .string("Pha Hee"), "altitudeM": .number(1200)])])
            // Office and field phone both start from version 1.
            let office = try await self.push(api, s.access, device: "office", [self.m(2, id: farm, base: 1, ["altitudeM": .number(1250)])])
            XCTAssertEqual(self.status(office), "applied")
            let other = try await self.push(api, field.access, device: "field-phone", [self.m(1, id: farm, base: 1, ["owner": .string("Ms. Mai")])])
            XCTAssertEqual(self.status(other), "applied", "a field the server did not change since the base is simply applied")
            let clash = try await self.push(api, field.access, device: "field-phone", [
                self.m(2, id: farm, base: 1, ["altitudeM": .number(1300), "notes": .string("new road")]),
            ])
            XCTAssertEqual(self.status(clash), "merged")
            let conflictId = try XCTUnwrap(self.result(clash)["conflictId"]?.stringValue)
            let record = try await api.call(.get, "/api/v1/farms/\(farm)", token: s.access)
            XCTAssertEqual(record["altitudeM"]?.numberValue, 1250, "the server's value is kept")
            XCTAssertEqual(record.string("notes"), "new road", "the untouched field is applied")

            let list = try await api.call(.get, "/api/v1/sync/conflicts", token: s.access)
            let c = try XCTUnwrap(list["items"]?.arrayValue?.first?.objectValue)
            XCTAssertEqual(c["id"]?.stringValue, conflictId)
            XCTAssertEqual(c["fields"]?.objectValue?["altitudeM"], .object(["mine": .number(1300), "theirs": .number(1250)]))
            XCTAssertEqual(c["who"]?.objectValue?["name"]?.stringValue, "Field staff")
            XCTAssertEqual(c["who"]?.objectValue?["deviceId"]?.stringValue, "field-phone")
            XCTAssertNotNil(c["when"]?.stringValue)

            let resolved = try await api.call(.post, "/api/v1/sync/conflicts/\(conflictId)/resolve", token: s.access,
                                              json: .object(["choice": .string("mine")]))
            XCTAssertEqual(resolved.status, 200, resolved.text)
            do { let r = try await api.call(.get, "/api/v1/farms/\(farm)", token: s.access); XCTAssertEqual(r["altitudeM"]?.numberValue, 1300) }
            do { let r = try await api.call(.get, "/api/v1/sync/conflicts", token: s.access); XCTAssertEqual(r["items"]?.arrayValue?.count, 0) }
            do { let r = try await api.call(.post, "/api/v1/sync/conflicts/\(conflictId)/resolve", token: s.access,
                                              json: .object(["choice": .string("mine")])); XCTAssertEqual(r.status, 404) }
        }
    }

    func testEditAndDeleteInEitherOrderAreConflicts() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let a = UUID().uuidString.lowercased(), b = UUID().uuidString.lowercased()
            _ = try await self.push(api, s.access, device: "one", [self.m(1, id: a, base: nil, ["name": .string("A")]),
                                                                 self.m(2, id: b, base: nil, ["name": .string("B")])])
            // Edit reaches a deleted record.
            let deleted = try await self.push(api, s.access, device: "one", [self.m(3, "farm", "delete", id: a, base: 1)])
            XCTAssertEqual(self.status(deleted), "applied")
            let edit = try await self.push(api, s.access, device: "two", [self.m(1, id: a, base: 1, ["notes": .string("still here?")])])
            XCTAssertEqual(self.status(edit), "conflict")
            do { let r = try await api.call(.get, "/api/v1/farms/\(a)", token: s.access); XCTAssertEqual(r.status, 404, "no silent resurrection") }
            // Delete reaches a record edited since.
            _ = try await self.push(api, s.access, device: "one", [self.m(4, id: b, base: 1, ["notes": .string("edited")])])
            let del = try await self.push(api, s.access, device: "two", [self.m(2, "farm", "delete", id: b, base: 1)])
            XCTAssertEqual(self.status(del), "conflict")
            do { let r = try await api.call(.get, "/api/v1/farms/\(b)", token: s.access); XCTAssertEqual(r.string("notes"), "edited", "no silent loss") }

            let items = try await api.call(.get, "/api/v1/sync/conflicts", token: s.access)["items"]?.arrayValue?.compactMap(\.objectValue) ?? []
            XCTAssertEqual(Set(items.compactMap { $0["kind"]?.stringValue }), ["editDeleted", "deleteEdited"])
            let restore = try XCTUnwrap(items.first { $0["kind"]?.stringValue == "editDeleted" }?["id"]?.stringValue)
            _ = try await api.call(.post, "/api/v1/sync/conflicts/\(restore)/resolve", token: s.access, json: .object(["choice": .string("mine")]))
            let back = try await api.call(.get, "/api/v1/farms/\(a)", token: s.access)
            XCTAssertEqual(back.status, 200)
            XCTAssertEqual(back.string("notes"), "still here?")
        }
    }

    func testPullFeedCursorLimitsAndReset() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            var muts: [JSONValue] = []
            let ids = (0..<7).map { _ in UUID().uuidString.lowercased() }
            for (i, id) in ids.enumerated() { muts.append(self.m(i + 1, id: id, base: nil, ["name": .string("Farm \(i)")])) }
            _ = try await self.push(api, s.access, device: "d", muts)
            let lot = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object(["species": .string("arabica"), "stage": .string("green")]))
            _ = try await self.push(api, s.access, device: "d", [self.m(8, "farm", "delete", id: ids[0], base: 1)])

            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await api.call(.get, "/api/v1/sync/pull?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), token: s.access)
                XCTAssertEqual(page.status, 200, page.text)
                let changes = page["changes"]?.arrayValue?.compactMap(\.objectValue) ?? []
                seen += changes.compactMap { "\($0["entity"]!.stringValue!):\($0["id"]!.stringValue!):\($0["deleted"]!.boolValue!)" }
                cursor = page.string("cursor")
                pages += 1
                if page["hasMore"]?.boolValue != true { break }
            } while pages < 10
            XCTAssertEqual(seen.count, 8, "six live farms, one tombstone, one lot: latest state once each — \(seen)")
            XCTAssertTrue(seen.contains("farm:\(ids[0]):true"), "tombstones are in the feed")
            XCTAssertTrue(seen.contains("lot:\(lot.string("id")!):false"), "REST writes reach the feed")
            let empty = try await api.call(.get, "/api/v1/sync/pull?cursor=\(cursor!)", token: s.access)
            XCTAssertEqual(empty["changes"]?.arrayValue?.count, 0)
            XCTAssertEqual(empty.string("cursor"), cursor)

            let other = try await api.register()
            let scope = try await api.call(.get, "/api/v1/sync/pull?cursor=\(cursor!)", token: other.access)
            XCTAssertEqual(scope.status, 410)
            XCTAssertEqual(scope.errorCode, "sync.reset")
            do { let r = try await api.call(.get, "/api/v1/sync/pull?cursor=nonsense", token: s.access); XCTAssertEqual(r.status, 400) }
            do { let r = try await api.call(.get, "/api/v1/sync/pull?limit=1001", token: s.access); XCTAssertEqual(r.status, 400) }
            do { let r = try await api.call(.get, "/api/v1/sync/pull", token: other.access); XCTAssertEqual(r["changes"]?.arrayValue?.count, 0) }

            // Collect tombstones: a cursor from before the deletion must reset; a fresh pull works.
            let early = try await api.call(.get, "/api/v1/sync/pull?limit=1", token: s.access).string("cursor")!
            let removed = try await TombstoneCollector.collect(t.db, olderThan: Clock.nowMs() + 1000)
            XCTAssertEqual(removed, 1)
            let expired = try await api.call(.get, "/api/v1/sync/pull?cursor=\(early)", token: s.access)
            XCTAssertEqual(expired.status, 410)
            XCTAssertTrue(expired["error"]?.objectValue?["messageEn"]?.stringValue?.contains("expired") ?? false)
            do { let r = try await api.call(.get, "/api/v1/sync/pull", token: s.access); XCTAssertEqual(r["changes"]?.arrayValue?.count, 7) }
        }
    }

    func testPushLimits() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let many = (1...501).map { self.m($0, id: UUID().uuidString, base: nil, ["name": .string("x")]) }
            let tooMany = try await self.push(api, s.access, device: "d", many)
            XCTAssertEqual(tooMany.status, 413)
            XCTAssertEqual(tooMany.errorCode, "sync.too_many_mutations")
            let huge = [self.m(1, id: UUID().uuidString, base: nil, ["name": .string("x"), "notes": .string(String(repeating: "ก", count: 800_000))])]
            let big = try await self.push(api, s.access, device: "d", huge)
            XCTAssertEqual(big.status, 413)
            let shape = try await api.call(.post, "/api/v1/sync/push", token: s.access, json: .object([
                "deviceId": .string("d"), "mutations": .array([.object(["seq": .number(1), "entity": .string("spaceship"), "op": .string("fly")])])]))
            XCTAssertEqual(shape.status, 422)
            XCTAssertEqual(Set(shape.errorFields), ["mutations[0].entity", "mutations[0].op", "mutations[0].recordId"])
        }
    }
}
