import Foundation
import KafaeDomain
import KafaeStore
import KafaeTestSupport
import XCTest

/// A flag shared between a reader and the test.
actor Flag {
    private(set) var isSet = false
    func set() { isSet = true }
}

/// One long read (a backup export, a genealogy walk) must not stall writes: on SQLite reads use their own
/// read-only connections (WAL), on PostgreSQL the pool.
final class ReadPoolTests: XCTestCase {
    func testALongReadDoesNotHoldUpWrites() async throws {
        try await TestDatabases.each { t in
            let db = t.db
            let written = Flag()
            // The reader holds its connection until the write is done, or gives up after ten seconds.
            let reader = Task { () -> Bool in
                try await db.read { sql in
                    _ = try await sql.raw("SELECT COUNT(*) AS n FROM organizations").all()
                    for _ in 0..<200 {
                        if await written.isSet { return true }
                        try await Task.sleep(nanoseconds: 50_000_000)
                    }
                    return false
                }
            }
            try await Task.sleep(nanoseconds: 100_000_000)
            let org = UUID()
            try await db.write { sql in try await AccountRepository.insertOrganization(sql, id: org, name: "Co-op", now: 1) }
            await written.set()
            let sawWrite = try await reader.value
            XCTAssertTrue(sawWrite, "[\(t.engine)] the write waited for the long read")
            // And other reads go on meanwhile too, and see the committed write.
            let n = try await db.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM organizations").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            XCTAssertEqual(n, 1)
        }
    }

    /// A read-only connection refuses writes, so a use case can never write outside a transaction by mistake.
    func testReadsCannotWriteOnSQLite() async throws {
        try await TestDatabases.each { t in
            guard t.engine == .sqlite else { return }
            do {
                try await t.db.read { sql in try await AccountRepository.insertOrganization(sql, id: UUID(), name: "x", now: 1) }
                XCTFail("a read connection wrote")
            } catch {}
        }
    }
}
