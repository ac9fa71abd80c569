import Foundation
import KafaeDomain
import SQLKit

/// The entities sync carries, by their sync names.
public enum SyncedEntities {
    public static let all: [any SyncedEntity.Type] = [Farm.self, Lot.self, Grading.self, CuppingSession.self, CuppingScore.self, RoastBatch.self]

    public static func named(_ name: String) -> (any SyncedEntity.Type)? { all.first { $0.entityName == name } }
}

/// An open (or resolved) sync conflict: a client's values that the server did not take, kept for a person to decide.
public struct ConflictRow: Sendable, Equatable {
    public let id: UUID
    public let entity: String
    public let recordId: UUID
    /// `field` (both sides changed fields), `editDeleted` (an edit reached a deleted record), `deleteEdited`
    /// (a delete reached a record changed since).
    public let kind: String
    /// Field → {mine, theirs}.
    public let fields: JSONValue
    public let baseVersion: Int64?
    public let serverVersion: Int64
    public let deviceId: String?
    public let mutationId: String?
    public let actor: String
    public let clientTime: String?
    public let createdAt: Int64
    public let resolvedAt: Int64?

    public init(id: UUID, entity: String, recordId: UUID, kind: String, fields: JSONValue, baseVersion: Int64?, serverVersion: Int64,
                deviceId: String?, mutationId: String?, actor: String, clientTime: String?, createdAt: Int64, resolvedAt: Int64?) {
        self.id = id; self.entity = entity; self.recordId = recordId; self.kind = kind; self.fields = fields
        self.baseVersion = baseVersion; self.serverVersion = serverVersion; self.deviceId = deviceId; self.mutationId = mutationId
        self.actor = actor; self.clientTime = clientTime; self.createdAt = createdAt; self.resolvedAt = resolvedAt
    }
}

/// Tables of the sync protocol: per-device progress and stored results, conflicts, the change feed, the horizon.
public enum SyncRepository {
    // MARK: devices and results

    public static func lastSeq(_ sql: any SQLDatabase, organizationId: UUID, deviceId: String) async throws -> Int64 {
        try await sql.raw("""
            SELECT last_seq FROM sync_devices WHERE organization_id = \(bind: organizationId.text) AND device_id = \(bind: deviceId)
            """).first()?.decode(column: "last_seq", as: Int64.self) ?? 0
    }

    /// Moves a device from `seq - 1` to `seq`; false when another request already did (the caller then replays).
    public static func advance(_ sql: any SQLDatabase, organizationId: UUID, deviceId: String, userId: UUID?, to seq: Int64, now: Int64) async throws -> Bool {
        if seq == 1 {
            let exists = try await sql.raw("""
                SELECT last_seq FROM sync_devices WHERE organization_id = \(bind: organizationId.text) AND device_id = \(bind: deviceId)
                """).first() != nil
            if !exists {
                try await sql.raw("""
                    INSERT INTO sync_devices (organization_id, device_id, user_id, last_seq, created_at, updated_at)
                    VALUES (\(bind: organizationId.text), \(bind: deviceId), \(bind: userId?.text), 1, \(bind: now), \(bind: now))
                    """).run()
                return true
            }
        }
        let rows = try await sql.raw("""
            UPDATE sync_devices SET last_seq = \(bind: seq), updated_at = \(bind: now), user_id = \(bind: userId?.text)
            WHERE organization_id = \(bind: organizationId.text) AND device_id = \(bind: deviceId) AND last_seq = \(bind: seq - 1)
            RETURNING last_seq
            """).all()
        return !rows.isEmpty
    }

    public static func storeResult(_ sql: any SQLDatabase, organizationId: UUID, deviceId: String, seq: Int64, mutationId: String?,
                                   result: JSONValue, now: Int64) async throws {
        try await sql.raw("""
            INSERT INTO sync_mutations (organization_id, device_id, seq, mutation_id, result, created_at)
            VALUES (\(bind: organizationId.text), \(bind: deviceId), \(bind: seq), \(bind: mutationId), \(bind: result.jsonString()), \(bind: now))
            """).run()
    }

    public static func result(_ sql: any SQLDatabase, organizationId: UUID, deviceId: String, seq: Int64) async throws -> JSONValue? {
        guard let text = try await sql.raw("""
            SELECT result FROM sync_mutations
            WHERE organization_id = \(bind: organizationId.text) AND device_id = \(bind: deviceId) AND seq = \(bind: seq)
            """).first()?.decode(column: "result", as: String.self) else { return nil }
        return try? JSONValue.parse(Data(text.utf8))
    }

    // MARK: conflicts

    public static func insertConflict(_ sql: any SQLDatabase, organizationId: UUID, _ c: ConflictRow) async throws {
        try await sql.raw("""
            INSERT INTO sync_conflicts (id, organization_id, entity, record_id, kind, fields, base_version, server_version, device_id,
                                        mutation_id, actor, client_time, created_at)
            VALUES (\(bind: c.id.text), \(bind: organizationId.text), \(bind: c.entity), \(bind: c.recordId.text), \(bind: c.kind),
                    \(bind: c.fields.jsonString()), \(bind: c.baseVersion), \(bind: c.serverVersion), \(bind: c.deviceId),
                    \(bind: c.mutationId), \(bind: c.actor), \(bind: c.clientTime), \(bind: c.createdAt))
            """).run()
    }

    static let conflictColumns = "id, entity, record_id, kind, fields, base_version, server_version, device_id, mutation_id, actor, client_time, created_at, resolved_at"

    public static func openConflicts(_ sql: any SQLDatabase, organizationId: UUID, recordId: UUID? = nil) async throws -> [ConflictRow] {
        var q = SQLQueryString("SELECT \(unsafeRaw: conflictColumns) FROM sync_conflicts WHERE organization_id = \(bind: organizationId.text) AND resolved_at IS NULL")
        if let recordId {
            q.appendInterpolation(unsafeRaw: " AND record_id = ")
            q.appendInterpolation(bind: recordId.text)
        }
        q.appendInterpolation(unsafeRaw: " ORDER BY created_at, id")
        return try await sql.raw(q).all().map(conflict)
    }

    public static func conflict(_ sql: any SQLDatabase, organizationId: UUID, id: UUID) async throws -> ConflictRow? {
        try await sql.raw("""
            SELECT \(unsafeRaw: conflictColumns) FROM sync_conflicts WHERE organization_id = \(bind: organizationId.text) AND id = \(bind: id.text)
            """).first().map(conflict)
    }

    public static func resolveConflict(_ sql: any SQLDatabase, id: UUID, by actor: ActorRef, resolution: String, now: Int64) async throws {
        try await sql.raw("""
            UPDATE sync_conflicts SET resolved_at = \(bind: now), resolved_by = \(bind: actor.text), resolution = \(bind: resolution)
            WHERE id = \(bind: id.text) AND resolved_at IS NULL
            """).run()
    }

    static func conflict(_ r: any SQLRow) throws -> ConflictRow {
        ConflictRow(
            id: UUID(uuidString: try r.decode(column: "id", as: String.self))!,
            entity: try r.decode(column: "entity", as: String.self),
            recordId: UUID(uuidString: try r.decode(column: "record_id", as: String.self))!,
            kind: try r.decode(column: "kind", as: String.self),
            fields: (try? JSONValue.parse(Data(try r.decode(column: "fields", as: String.self).utf8))) ?? .object([:]),
            baseVersion: try r.optional("base_version"), serverVersion: try r.decode(column: "server_version", as: Int64.self),
            deviceId: try r.optional("device_id"), mutationId: try r.optional("mutation_id"),
            actor: try r.decode(column: "actor", as: String.self), clientTime: try r.optional("client_time"),
            createdAt: try r.decode(column: "created_at", as: Int64.self), resolvedAt: try r.optional("resolved_at"))
    }

    // MARK: change feed

    /// One change for the pull feed.
    public struct Change: Sendable {
        public let entity: String
        public let record: StoredRecord
    }

    /// Records of every synced entity changed after `seq`, in change-sequence (commit) order, tombstones included.
    public static func changes(_ sql: any SQLDatabase, organizationId: UUID, after seq: Int64, limit: Int) async throws -> [Change] {
        var all: [Change] = []
        for e in SyncedEntities.all {
            all += try await changes(e, sql, organizationId: organizationId, after: seq, limit: limit)
        }
        all.sort { $0.record.changeSeq < $1.record.changeSeq }
        return Array(all.prefix(limit))
    }

    static func changes<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, organizationId: UUID, after seq: Int64, limit: Int) async throws -> [Change] {
        try await sql.raw("""
            SELECT \(unsafeRaw: RecordRepository.selectColumns(e)) FROM \(ident: E.table)
            WHERE organization_id = \(bind: organizationId.text) AND change_seq > \(bind: seq)
            ORDER BY change_seq LIMIT \(literal: limit)
            """).all().map { Change(entity: E.entityName, record: try RecordRepository.decode(e, $0)) }
    }

    /// The highest change sequence handed out so far.
    public static func currentSeq(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("SELECT value FROM sync_counter WHERE id = 1").first()?.decode(column: "value", as: Int64.self) ?? 0
    }

    /// Cursors at or below this sequence may have missed a collected tombstone.
    public static func horizon(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("SELECT change_seq FROM sync_horizon WHERE id = 1").first()?.decode(column: "change_seq", as: Int64.self) ?? 0
    }
}

/// Deletes tombstones older than the horizon (default 90 days) and moves the cursor horizon past them, so that a
/// device whose cursor is older must reset (410) rather than miss a deletion.
public enum TombstoneCollector {
    @discardableResult
    public static func collect(_ db: any Database, olderThan cutoff: Int64) async throws -> Int {
        try await db.write { sql in
            var removed = 0
            var highest = try await SyncRepository.horizon(sql)
            for e in SyncedEntities.all {
                let (n, top) = try await collect(e, sql, cutoff: cutoff)
                removed += n
                highest = max(highest, top)
            }
            try await sql.raw("UPDATE sync_horizon SET change_seq = \(bind: highest), collected_at = \(bind: Clock.nowMs()) WHERE id = 1").run()
            try await sql.raw("DELETE FROM sync_mutations WHERE created_at < \(bind: cutoff)").run()
            return removed
        }
    }

    static func collect<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, cutoff: Int64) async throws -> (Int, Int64) {
        let rows = try await sql.raw("""
            DELETE FROM \(ident: E.table) WHERE deleted_at IS NOT NULL AND deleted_at < \(bind: cutoff) RETURNING change_seq
            """).all()
        let seqs = try rows.map { try $0.decode(column: "change_seq", as: Int64.self) }
        return (seqs.count, seqs.max() ?? 0)
    }
}
