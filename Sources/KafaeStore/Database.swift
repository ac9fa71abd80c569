import Foundation
import KafaeDomain
import Logging
import SQLKit

/// The SQL engine behind a ``Database``.
public enum Engine: String, Sendable {
    case sqlite
    case postgres
}

/// Kafae's handle on its database: SQLite embedded, or PostgreSQL in production.
///
/// Repositories take the `SQLDatabase` handed to the closures, so every query of one use case runs on one
/// connection, and `write` runs them in one transaction.
public protocol Database: Sendable {
    var engine: Engine { get }
    /// Runs queries that only read.
    func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    /// Runs queries in one transaction, committed when `body` returns and rolled back when it throws.
    /// On SQLite the transaction starts with `BEGIN IMMEDIATE` (single writer, DESIGN §6).
    func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    /// Releases connections. The handle must not be used afterwards.
    func close() async
}

extension Database {
    /// A transaction that reads synced records and writes them back (a version check, stock, a generated code, a
    /// uniqueness rule): it first takes the change-sequence row, which every record write locks until commit anyway
    /// (DESIGN §6), so record-writing transactions run one after another and never act on a stale read.
    ///
    /// Why here and not per row: PostgreSQL's READ COMMITTED lets two requests read version 1 and both write; row
    /// locks taken as rules find records would have to be taken in one global order to avoid deadlocks with the
    /// counter row, which every writer takes anyway. SQLite's `BEGIN IMMEDIATE` already serializes writers.
    /// Every row write is also conditional on the version it read (``RecordRepository``), so a path that forgot
    /// this fails loudly instead of losing an edit.
    public func writeRecords<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await write { sql in
            try await RecordRepository.serializeRecordWrites(sql)
            return try await body(sql)
        }
    }
}

extension SQLDatabase {
    /// Whether this connection speaks PostgreSQL (row locks, `FOR UPDATE`) rather than SQLite.
    public var isPostgres: Bool { dialect.name == "postgresql" }
}

/// Where the database is, read from `DATABASE_URL` or the data folder.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// `postgres://` or `postgresql://` URLs pick PostgreSQL; `sqlite:PATH` or no URL picks SQLite.
    public static func from(databaseURL: String?, dataDir: String) -> DatabaseLocation {
        if let url = databaseURL, !url.isEmpty {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return .postgres(url: url) }
            if url.hasPrefix("sqlite:") { return .sqlite(path: String(url.dropFirst("sqlite:".count))) }
        }
        return .sqlite(path: (dataDir as NSString).appendingPathComponent("kafae.sqlite"))
    }
}

/// Milliseconds since 1970: how the schema stores instants (portable across both engines and sortable).
public enum Clock {
    public static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
    public static func date(ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
    public static func iso(ms: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date(ms: ms))
    }
}

extension SQLRow {
    /// Decodes a column that may be NULL.
    func optional<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        if try decodeNil(column: column) { return nil }
        return try decode(column: column, as: T.self)
    }
}
