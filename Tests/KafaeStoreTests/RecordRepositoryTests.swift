import Foundation
import KafaeDomain
import KafaeStore
import KafaeTestSupport
import SQLKit
import XCTest

final class RecordRepositoryTests: XCTestCase {
    let actor = ActorRef(kind: .user, id: UUID())

    func makeOrg(_ db: any Database) async throws -> UUID {
        let id = UUID()
        try await db.write { sql in try await AccountRepository.insertOrganization(sql, id: id, name: "Co-op", now: Clock.nowMs()) }
        return id
    }

    func testCreateUpdateDeleteKeepsVersionsSequenceAndAudit() async throws {
        try await TestDatabases.each { t in
            let db = t.db
            let org = try await makeOrg(db)
            let id = UUID()
            let actor = self.actor
            let created = try await db.write { sql in
                try await RecordRepository.create(Farm.self, sql, organizationId: org, id: id,
                                                  fields: ["name": .string("Doi Chang"), "country": .string("TH")], actor: actor, now: 1000)
            }
            XCTAssertEqual(created.version, 1)
            XCTAssertEqual(created.fieldVersions, ["name": 1, "country": 1])

            let updated = try await db.write { sql in
                let existing = try await RecordRepository.find(Farm.self, sql, organizationId: org, id: id)!
                return try await RecordRepository.update(Farm.self, sql, existing: existing,
                                                         fields: ["name": .string("Doi Chang"), "country": .string("TH"),
                                                                  "altitudeM": .number(1350)], actor: actor, now: 2000)
            }
            XCTAssertEqual(updated.version, 2)
            XCTAssertEqual(updated.fieldVersions["altitudeM"], 2)
            XCTAssertEqual(updated.fieldVersions["name"], 1, "an unchanged field keeps its version")
            XCTAssertGreaterThan(updated.changeSeq, created.changeSeq)

            let reread = try await db.read { sql in try await RecordRepository.find(Farm.self, sql, organizationId: org, id: id) }
            XCTAssertEqual(reread, updated, "what is read back equals what was written")

            let unchanged = try await db.write { sql in
                try await RecordRepository.update(Farm.self, sql, existing: updated, fields: updated.fields, actor: actor, now: 3000)
            }
            XCTAssertEqual(unchanged.version, 2, "writing the same values is not a change")

            let deleted = try await db.write { sql in
                try await RecordRepository.delete(Farm.self, sql, existing: updated, actor: actor, now: 4000)
            }
            XCTAssertEqual(deleted.version, 3)
            let gone = try await db.read { sql in try await RecordRepository.find(Farm.self, sql, organizationId: org, id: id) }
            XCTAssertNil(gone, "a tombstone is not found by default")
            let tomb = try await db.read { sql in
                try await RecordRepository.find(Farm.self, sql, organizationId: org, id: id, includeDeleted: true)
            }
            XCTAssertEqual(tomb?.deletedAt, 4000)

            let audit = try await db.read { sql in try await AuditRepository.entries(sql, organizationId: org, entityId: id) }
            XCTAssertEqual(audit.map(\.action), ["create", "update", "delete"])
            XCTAssertTrue(audit[1].changes?.contains("altitudeM") ?? false)
        }
    }

    func testOtherOrganizationCannotSeeRecord() async throws {
        try await TestDatabases.each { t in
            let a = try await makeOrg(t.db), b = try await makeOrg(t.db)
            let id = UUID()
            let actor = self.actor
            _ = try await t.db.write { sql in
                try await RecordRepository.create(Farm.self, sql, organizationId: a, id: id,
                                                  fields: ["name": .string("A"), "country": .string("TH")], actor: actor, now: 1)
            }
            let seen = try await t.db.read { sql in try await RecordRepository.find(Farm.self, sql, organizationId: b, id: id) }
            XCTAssertNil(seen)
            let listed = try await t.db.read { sql in
                try await RecordRepository.list(Farm.self, sql, organizationId: b, filters: [], after: nil, limit: 10)
            }
            XCTAssertTrue(listed.isEmpty)
        }
    }

    func testListPagesNewestFirstWithoutGapsOrRepeats() async throws {
        try await TestDatabases.each { t in
            let org = try await makeOrg(t.db)
            let actor = self.actor
            // 25 farms, several sharing a creation time, so the cursor must break ties by id.
            for i in 0..<25 {
                _ = try await t.db.write { sql in
                    try await RecordRepository.create(Farm.self, sql, organizationId: org, id: UUID(),
                                                      fields: ["name": .string("Farm \(i)"), "country": .string("TH")],
                                                      actor: actor, now: Int64(1000 + i / 4))
                }
            }
            var seen: [UUID] = []
            var after: ListCursor?
            repeat {
                let page = try await t.db.read { [after] sql in
                    try await RecordRepository.list(Farm.self, sql, organizationId: org, filters: [], after: after, limit: 7)
                }
                seen += page.map(\.id)
                after = page.count == 7 ? page.last.map { ListCursor(createdAt: $0.createdAt, id: $0.id.text) } : nil
            } while after != nil
            XCTAssertEqual(seen.count, 25)
            XCTAssertEqual(Set(seen).count, 25)

            let found = try await t.db.read { sql in
                try await RecordRepository.list(Farm.self, sql, organizationId: org, filters: [.search(columns: ["name"], text: "FARM 1")],
                                                after: nil, limit: 50)
            }
            XCTAssertEqual(found.count, 11, "Farm 1 and Farm 10–19, case-insensitive")
            let literal = try await t.db.read { sql in
                try await RecordRepository.list(Farm.self, sql, organizationId: org, filters: [.search(columns: ["name"], text: "%")],
                                                after: nil, limit: 50)
            }
            XCTAssertEqual(literal.count, 0, "LIKE wildcards in the search text are taken literally")
        }
    }

    func testCursorRoundTripAndRejectsGarbage() {
        let c = ListCursor(createdAt: 123, id: UUID().uuidString.lowercased())
        XCTAssertEqual(ListCursor(encoded: c.encoded), c)
        XCTAssertNil(ListCursor(encoded: "not a cursor"))
        XCTAssertNil(ListCursor(encoded: ""))
    }

    /// The change sequence is taken under the counter row's lock, so a transaction that takes a later number
    /// cannot commit before one holding an earlier number (DESIGN §6's commit-ordered cursor).
    func testChangeSequenceFollowsCommitOrder() async throws {
        try await TestDatabases.each { t in
            let db = t.db
            let order = OrderLog()
            async let first: Int64 = db.write { sql in
                let seq = try await RecordRepository.nextChangeSeq(sql)
                try await Task.sleep(nanoseconds: 300_000_000)
                await order.add(seq)
                return seq
            }
            try await Task.sleep(nanoseconds: 50_000_000)
            async let second: Int64 = db.write { sql in
                let seq = try await RecordRepository.nextChangeSeq(sql)
                await order.add(seq)
                return seq
            }
            let (a, b) = try await (first, second)
            XCTAssertLessThan(a, b)
            let committed = await order.values
            XCTAssertEqual(committed, [a, b], "the later number commits later")
        }
    }
}

actor OrderLog {
    var values: [Int64] = []
    func add(_ v: Int64) { values.append(v) }
}
