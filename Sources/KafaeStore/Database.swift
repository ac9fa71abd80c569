import Logging
import SQLKit

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
    /// Runs queries that only read, all seeing one consistent state of the database (one read transaction), for reads
    /// that must agree with each other across tables: a backup's lots and their genealogy links.
    func readSnapshot<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R
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

/// Opens the database a location names.
public func openDatabase(_ location: DatabaseLocation, logger: Logger) async throws -> any Database {
    switch location {
    case .sqlite(let path): return try await SQLiteDatabase.open(path: path, logger: logger)
    case .postgres(let url): return try PostgresDatabase(url: url, logger: logger)
    }
}
