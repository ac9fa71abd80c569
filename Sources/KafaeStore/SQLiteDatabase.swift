import Foundation
import KafaeDomain
import Logging
import SQLiteKit
import SQLiteNIO
import SQLKit

/// The embedded engine: one SQLite file in WAL mode with foreign keys on.
///
/// SQLite allows one writer; Kafae keeps one connection and hands it to one use case at a time, so a
/// transaction never interleaves with another request's queries.
public final class SQLiteDatabase: Database, @unchecked Sendable {
    public let engine = Engine.sqlite
    private let connection: SQLiteConnection
    private let lock = AsyncLock()
    private let logger: Logger

    private init(connection: SQLiteConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Opens (creating if needed) the database file; `:memory:` gives a private in-memory database.
    public static func open(path: String, logger: Logger) async throws -> SQLiteDatabase {
        let storage: SQLiteConnection.Storage
        if path == ":memory:" {
            storage = .memory
        } else {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            storage = .file(path: path)
        }
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let db = SQLiteDatabase(connection: connection, logger: logger)
        let sql = db.sql
        if path != ":memory:" { try await sql.raw("PRAGMA journal_mode = WAL").run() }
        try await sql.raw("PRAGMA foreign_keys = ON").run()
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        try await sql.raw("PRAGMA synchronous = NORMAL").run()
        return db
    }

    private var sql: any SQLDatabase { connection.sql(queryLogLevel: .trace) }

    public func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await lock.withLock { try await body(self.sql) }
    }

    public func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await lock.withLock {
            let sql = self.sql
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let r = try await body(sql)
                try await sql.raw("COMMIT").run()
                return r
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func close() async {
        try? await connection.close()
    }
}
