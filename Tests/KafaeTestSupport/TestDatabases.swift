import Foundation
import KafaeStore
import Logging
import PostgresNIO
import XCTest

/// Real databases for tests: a fresh SQLite file, and a fresh PostgreSQL database cloned from a migrated
/// template when `KAFAE_TEST_POSTGRES_URL` names a server (the test script starts one).
public enum TestDatabases {
    /// The engines every store and server test runs on.
    public static var engines: [Engine] {
        postgresAdminURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// `postgres://user@host:port/postgres` of a throwaway server, or nil.
    public static var postgresAdminURL: String? {
        let v = ProcessInfo.processInfo.environment["KAFAE_TEST_POSTGRES_URL"]
        return (v?.isEmpty ?? true) ? nil : v
    }

    static let logger: Logger = {
        var l = Logger(label: "kafae.test")
        l.logLevel = .error
        return l
    }()

    /// Fails the run when PostgreSQL was required (`KAFAE_TEST_REQUIRE_POSTGRES=1`, set by the test script) but not given.
    public static func checkRequirements() {
        if ProcessInfo.processInfo.environment["KAFAE_TEST_REQUIRE_POSTGRES"] == "1", postgresAdminURL == nil {
            fatalError("KAFAE_TEST_REQUIRE_POSTGRES=1 but KAFAE_TEST_POSTGRES_URL is not set")
        }
    }

    /// Opens a fresh, migrated database on `engine`.
    public static func make(_ engine: Engine) async throws -> TestDatabase {
        checkRequirements()
        switch engine {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kafae-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let db = try await SQLiteDatabase.open(path: dir.appendingPathComponent("kafae.sqlite").path, logger: logger)
            try await Migrator.migrate(db)
            return TestDatabase(db: db, dataDir: dir.path, cleanup: {
                await db.close()
                try? FileManager.default.removeItem(at: dir)
            })
        case .postgres:
            guard let admin = postgresAdminURL else { throw XCTSkip("PostgreSQL not configured") }
            let template = try await Template.shared.name(adminURL: admin)
            let name = "kafae_t_\(UUID().uuidString.prefix(8).lowercased())"
            try await adminExecute(admin, "CREATE DATABASE \(name) TEMPLATE \(template)")
            let url = databaseURL(admin, name)
            let db = try PostgresDatabase(url: url, logger: logger, maxConnections: 8)
            let runTask = Task { await db.run() }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kafae-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return TestDatabase(db: db, dataDir: dir.path, url: url, cleanup: {
                runTask.cancel()
                await runTask.value
                try? await adminExecute(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                try? FileManager.default.removeItem(at: dir)
            })
        }
    }

    /// Runs `body` once per engine with a fresh database each time; the engine is named in failures.
    public static func each(_ body: (TestDatabase) async throws -> Void) async throws {
        for engine in engines {
            let t = try await make(engine)
            do {
                try await body(t)
            } catch {
                await t.cleanup()
                XCTFail("[\(engine.rawValue)] \(error)")
                throw error
            }
            await t.cleanup()
        }
    }

    static func databaseURL(_ admin: String, _ database: String) -> String {
        var c = URLComponents(string: admin)!
        c.path = "/" + database
        return c.string!
    }

    /// Runs one statement on the admin database over a short-lived connection.
    static func adminExecute(_ admin: String, _ statement: String) async throws {
        let c = URLComponents(string: admin)!
        let config = PostgresConnection.Configuration(host: c.host ?? "127.0.0.1", port: c.port ?? 5432,
                                                      username: c.user ?? "postgres", password: c.password,
                                                      database: String(c.path.dropFirst()), tls: .disable)
        let conn = try await PostgresConnection.connect(configuration: config, id: 1, logger: logger)
        defer { Task { try? await conn.close() } }
        var lastError: (any Error)?
        for _ in 0..<20 {
            do {
                _ = try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                try await conn.close()
                return
            } catch {
                // CREATE DATABASE … TEMPLATE fails while the template's last connection is still closing.
                lastError = error
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        try? await conn.close()
        throw lastError!
    }

    /// A migrated template database, made once per test process.
    actor Template {
        static let shared = Template()
        private var made: String?

        func name(adminURL: String) async throws -> String {
            if let made { return made }
            let name = "kafae_tpl_\(ProcessInfo.processInfo.processIdentifier)_\(UUID().uuidString.prefix(4).lowercased())"
            try await TestDatabases.adminExecute(adminURL, "CREATE DATABASE \(name)")
            let db = try PostgresDatabase(url: TestDatabases.databaseURL(adminURL, name), logger: TestDatabases.logger, maxConnections: 1)
            let task = Task { await db.run() }
            try await Migrator.migrate(db)
            task.cancel()
            await task.value
            made = name
            return name
        }
    }
}

/// One fresh database for one test.
public final class TestDatabase: @unchecked Sendable {
    public let db: any Database
    /// A private data folder for the test (signing key, files).
    public let dataDir: String
    /// The PostgreSQL URL, for tests that need a second pool on the same database.
    public let url: String?
    let cleanupBody: () async -> Void

    init(db: any Database, dataDir: String, url: String? = nil, cleanup: @escaping () async -> Void) {
        self.db = db
        self.dataDir = dataDir
        self.url = url
        self.cleanupBody = cleanup
    }

    public var engine: Engine { db.engine }

    public func cleanup() async { await cleanupBody() }
}
