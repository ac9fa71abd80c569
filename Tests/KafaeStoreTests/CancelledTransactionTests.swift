import Foundation
import KafaeDomain
import KafaeStore
import KafaeTestSupport
import XCTest

/// A request cancelled in the middle of a transaction (its client gone, the server stopping) must roll back and leave
/// its connection ready for the next one, on both engines.
final class CancelledTransactionTests: XCTestCase {
    func testACancelledWriteRollsBackAndTheNextWriteRuns() async throws {
        try await TestDatabases.each { t in
            let db = t.db
            let started = Flag()
            let org = UUID()
            let writer = Task {
                try await db.write { sql in
                    try await AccountRepository.insertOrganization(sql, id: org, name: "Half-written", now: 1)
                    await started.set()
                    try await Task.sleep(nanoseconds: 30_000_000_000)
                }
            }
            try await started.waitForSet(engine: t.engine)
            writer.cancel()
            do {
                try await writer.value
                XCTFail("[\(t.engine)] the cancelled write committed")
            } catch {}
            let other = UUID()
            try await db.write { sql in try await AccountRepository.insertOrganization(sql, id: other, name: "Next", now: 2) }
            let names = try await db.read { sql in
                try await sql.raw("SELECT name FROM organizations ORDER BY name").all().map { try $0.decode(column: "name", as: String.self) }
            }
            XCTAssertEqual(names, ["Next"], "[\(t.engine)]")
        }
    }

    func testACancelledSnapshotReadFreesItsConnection() async throws {
        try await TestDatabases.each { t in
            let db = t.db
            // More cancelled snapshots than there are read connections: each must give its connection back clean.
            for _ in 0..<(SQLiteDatabase.defaultReaders + 2) {
                let started = Flag()
                let reader = Task {
                    try await db.readSnapshot { sql in
                        _ = try await sql.raw("SELECT COUNT(*) AS n FROM organizations").all()
                        await started.set()
                        try await Task.sleep(nanoseconds: 30_000_000_000)
                    }
                }
                try await started.waitForSet(engine: t.engine)
                reader.cancel()
                _ = try? await reader.value
            }
            let org = UUID()
            try await db.write { sql in try await AccountRepository.insertOrganization(sql, id: org, name: "Seen", now: 1) }
            for _ in 0..<(SQLiteDatabase.defaultReaders + 2) {
                let n = try await db.readSnapshot { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM organizations").first()?.decode(column: "n", as: Int.self) ?? 0
                }
                XCTAssertEqual(n, 1, "[\(t.engine)] a snapshot still sees the state from before the cancel")
            }
        }
    }
}

extension Flag {
    /// Waits up to five seconds for the flag; a body that failed before setting it ends the test instead of hanging it.
    func waitForSet(engine: Engine) async throws {
        for _ in 0..<1000 {
            if isSet { return }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        XCTFail("[\(engine)] the transaction body never started")
        throw CancellationError()
    }
}
