import Foundation
import KafaeDomain
import KafaeStore
import KafaeSync
import KafaeTestSupport
import SQLKit
import XCTest

/// An organization with one owner, for pull tests.
func makeOrganization(_ db: any Database) async throws -> (organization: UUID, owner: UUID) {
    let org = UUID(), user = UUID()
    try await db.write { sql in
        try await AccountRepository.insertOrganization(sql, id: org, name: "Co-op", now: 1)
        try await AccountRepository.insertUser(sql, id: user, email: "\(user.text)@example.com", name: "U", passwordHash: "x", now: 1)
        try await AccountRepository.insertMembership(sql, organizationId: org, userId: user, role: .owner, now: 1)
    }
    return (org, user)
}

/// Fires its action once, the first time it is asked to.
actor Once {
    private var fired = false
    func fire(_ action: @Sendable () async throws -> Void) async throws {
        guard !fired else { return }
        fired = true
        try await action()
    }
}

/// A pull reads each entity's table in its own statement. Changes that commit between two of those reads must
/// never be passed by the cursor, on either engine (DESIGN §6, the hardening issue).
final class PullWatermarkTests: XCTestCase {
    func testChangesCommittedBetweenTableReadsAreNeverSkipped() async throws {
        try await TestDatabases.each { t in
            let db = t.db
            let (org, user) = try await makeOrganization(db)
            let actor = ActorRef(kind: .user, id: user)
            let caller = Caller(organizationId: org, actor: actor, role: .owner, scope: nil)
            @Sendable func create<E: SyncedEntity>(_ e: E.Type, _ fields: [String: JSONValue]) async throws -> UUID {
                let id = UUID()
                _ = try await db.writeRecords { sql in
                    try await RecordWriter.create(E.self, WriteContext(sql: sql, organizationId: org, actor: actor, now: Clock.nowMs()),
                                                  id: id, input: fields)
                }
                return id
            }
            let first = try await create(Farm.self, ["name": .string("Doi Chang"), "province": .string("Chiang Rai")])

            // Right after the pull has read the farms, a farm and then a lot commit: the lot's seq is higher than
            // the farm's, and the farm's table has already been read.
            let once = Once()
            let late = LateIds()
            let sync = SyncService(db: db, betweenPullReads: { entity in
                guard entity == Farm.entityName else { return }
                try await once.fire {
                    let farm = try await create(Farm.self, ["name": .string("Late farm"), "province": .string("Nan")])
                    let lot = try await create(Lot.self, ["species": .string("arabica"), "stage": .string("green"), "farmId": .string(farm.text)])
                    await late.set(farm: farm, lot: lot)
                }
            })

            var seen: [String] = []
            var cursor: String?
            for _ in 0..<10 {
                let page = try await sync.pull(caller, cursor: cursor, limit: 100)
                let changes = page.objectValue?["changes"]?.arrayValue ?? []
                seen += changes.compactMap { $0.objectValue?["id"]?.stringValue }
                cursor = page.objectValue?["cursor"]?.stringValue
                if page.objectValue?["hasMore"]?.boolValue != true, changes.isEmpty { break }
            }
            let (farm, lot) = await late.ids
            XCTAssertEqual(seen.first, first.text, "[\(t.engine)]")
            XCTAssertTrue(seen.contains(try XCTUnwrap(farm).text), "[\(t.engine)] the farm that committed between the reads was skipped: \(seen)")
            XCTAssertTrue(seen.contains(try XCTUnwrap(lot).text), "[\(t.engine)] \(seen)")
            XCTAssertEqual(Set(seen).count, 3, "[\(t.engine)] \(seen)")
        }
    }
}

/// Tombstones collected while a pull reads its tables must make the cursor reset, never pass the deletions unseen.
final class PullHorizonTests: XCTestCase {
    func testTombstonesCollectedDuringAPullResetTheCursor() async throws {
        try await TestDatabases.each { t in
            let db = t.db
            let (org, user) = try await makeOrganization(db)
            let actor = ActorRef(kind: .user, id: user)
            let caller = Caller(organizationId: org, actor: actor, role: .owner, scope: nil)
            @Sendable func ctx(_ sql: any SQLDatabase) -> WriteContext {
                WriteContext(sql: sql, organizationId: org, actor: actor, now: Clock.nowMs())
            }
            let lotId = UUID()
            let lot = try await db.writeRecords { sql in
                try await RecordWriter.create(Lot.self, ctx(sql), id: lotId, input: ["species": .string("arabica"), "stage": .string("green")])
            }
            // The device has seen everything so far.
            let plain = SyncService(db: db)
            let first = try await plain.pull(caller, cursor: nil, limit: 100)
            let cursor = try XCTUnwrap(first.objectValue?["cursor"]?.stringValue)
            // The lot is deleted; while a later pull reads its tables, the tombstone is collected.
            _ = try await db.writeRecords { sql in try await RecordWriter.delete(Lot.self, ctx(sql), existing: lot) }
            let once = Once()
            let sync = SyncService(db: db, betweenPullReads: { entity in
                guard entity == Farm.entityName else { return }
                try await once.fire { _ = try await TombstoneCollector.collect(db, olderThan: Clock.nowMs() + 1) }
            })
            do {
                let page = try await sync.pull(caller, cursor: cursor, limit: 100)
                let ids = page.objectValue?["changes"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } ?? []
                XCTFail("[\(t.engine)] the pull passed a collected deletion: \(ids)")
            } catch let e as KafaeError {
                XCTAssertEqual(e.code, "sync.reset", "[\(t.engine)]")
            }
        }
    }
}

actor LateIds {
    var farm: UUID?
    var lot: UUID?
    func set(farm: UUID, lot: UUID) {
        self.farm = farm
        self.lot = lot
    }
    var ids: (UUID?, UUID?) { (farm, lot) }
}
