import Foundation
import KafaeDomain
import Logging
import SQLiteKit
import SQLiteNIO
import SQLKit

/// The embedded engine: one SQLite file in WAL mode with foreign keys on.
///
/// SQLite allows one writer: Kafae keeps one writing connection and hands it to one use case at a time, so a
/// transaction never interleaves with another request's queries. Reads go to a small pool of read-only
/// connections: in WAL mode readers see the last committed state and neither wait for the writer nor hold it up,
/// so one long read (a backup export, a genealogy walk) never stalls every other organization's writes.
public final class SQLiteDatabase: Database, @unchecked Sendable {
    public let engine = Engine.sqlite
    private let writer: SQLiteConnection
    private let writeLock = AsyncLock()
    /// Read-only connections; empty for an in-memory database (its data lives in the one connection).
    private let readers: ConnectionPool<SQLiteConnection>?
    private let logger: Logger

    /// Read connections opened for a file database.
    public static let defaultReaders = 4

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.writer = writer
        self.readers = readers.isEmpty ? nil : ConnectionPool(readers)
        self.logger = logger
    }

    /// Opens (creating if needed) the database file; `:memory:` gives a private in-memory database.
    public static func open(path: String, logger: Logger, readers readerCount: Int = defaultReaders) async throws -> SQLiteDatabase {
        let storage: SQLiteConnection.Storage
        let inMemory = path == ":memory:"
        if inMemory {
            storage = .memory
        } else {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            storage = .file(path: path)
        }
        let writer = try await SQLiteConnection.open(storage: storage, logger: logger)
        let sql = writer.sql(queryLogLevel: .trace)
        if !inMemory { try await sql.raw("PRAGMA journal_mode = WAL").run() }
        try await sql.raw("PRAGMA foreign_keys = ON").run()
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        try await sql.raw("PRAGMA synchronous = NORMAL").run()
        var readers: [SQLiteConnection] = []
        if !inMemory {
            for _ in 0..<max(0, readerCount) {
                let reader = try await SQLiteConnection.open(storage: storage, logger: logger)
                let r = reader.sql(queryLogLevel: .trace)
                try await r.raw("PRAGMA query_only = ON").run()
                try await r.raw("PRAGMA busy_timeout = 5000").run()
                readers.append(reader)
            }
        }
        return SQLiteDatabase(writer: writer, readers: readers, logger: logger)
    }

    public func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        guard let readers else { return try await writeLock.withLock { try await body(self.writer.sql(queryLogLevel: .trace)) } }
        return try await readers.with { connection in try await body(connection.sql(queryLogLevel: .trace)) }
    }

    public func readSnapshot<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        // A deferred transaction on a read connection: in WAL mode it reads one snapshot from its first read to COMMIT.
        guard let readers else { return try await read(body) }
        return try await readers.with { connection in
            try await Self.transaction(connection.sql(queryLogLevel: .trace), begin: "BEGIN", body)
        }
    }

    public func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await writeLock.withLock {
            try await Self.transaction(self.writer.sql(queryLogLevel: .trace), begin: "BEGIN IMMEDIATE", body)
        }
    }

    /// Runs `body` between `begin` and `COMMIT`, rolling back when it throws.
    ///
    /// SQLite's statements run on a thread pool that skips the work of a cancelled task, so a `ROLLBACK` issued from
    /// a cancelled request (a client gone, the server stopping) would never run and would leave the shared connection
    /// inside the transaction: every later `BEGIN` on it would fail. The rollback therefore runs in a task of its own,
    /// which no cancellation reaches.
    private static func transaction<R: Sendable>(_ sql: any SQLDatabase, begin: String,
                                                 _ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sql.raw(SQLQueryString(begin)).run()
        do {
            let r = try await body(sql)
            try await sql.raw("COMMIT").run()
            return r
        } catch {
            await Task { try? await sql.raw("ROLLBACK").run() }.value
            throw error
        }
    }

    public func close() async {
        if let readers {
            for reader in await readers.drain() { try? await reader.close() }
        }
        try? await writer.close()
    }
}
