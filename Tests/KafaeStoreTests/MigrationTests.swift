import KafaeDomain
import KafaeStore
import KafaeTestSupport
import SQLKit
import XCTest

final class MigrationTests: XCTestCase {
    func testMigrationsAreCurrentAndIdempotent() async throws {
        try await TestDatabases.each { t in
            let current = try await Migrator.currentVersion(t.db)
            XCTAssertEqual(current, Migrator.latestVersion)
            let again = try await Migrator.migrate(t.db)
            XCTAssertEqual(again, [], "a second run applies nothing")
            let counter = try await t.db.read { sql in
                try await sql.raw("SELECT value FROM sync_counter WHERE id = 1").first()?.decode(column: "value", as: Int64.self)
            }
            XCTAssertEqual(counter, 0)
        }
    }

    func testDatabaseLocationFromURL() {
        XCTAssertEqual(DatabaseLocation.from(databaseURL: nil, dataDir: "/d"), .sqlite(path: "/d/kafae.sqlite"))
        XCTAssertEqual(DatabaseLocation.from(databaseURL: "", dataDir: "d"), .sqlite(path: "d/kafae.sqlite"))
        XCTAssertEqual(DatabaseLocation.from(databaseURL: "postgres://u@h/db", dataDir: "d"), .postgres(url: "postgres://u@h/db"))
        XCTAssertEqual(DatabaseLocation.from(databaseURL: "postgresql://u@h/db", dataDir: "d"), .postgres(url: "postgresql://u@h/db"))
        XCTAssertEqual(DatabaseLocation.from(databaseURL: "sqlite:/tmp/x.db", dataDir: "d"), .sqlite(path: "/tmp/x.db"))
    }
}
