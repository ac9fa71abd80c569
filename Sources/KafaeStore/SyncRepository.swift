import Foundation
import KafaeDomain
import SQLKit

/// Tables of the sync protocol: per-device progress and stored results, conflicts, the change feed, the horizon.
public enum SyncRepository {
    // MARK: devices and results

    /// A device's progress in an organization and the actor it belongs to (`user:<id>` or `apiKey:<id>`).
    public struct Device: Sendable, Equatable {
        public let lastSeq: Int64
        public let owner: String?
    }

    public static func device(_ sql: any SQLDatabase, organizationId: UUID, deviceId: String) async throws -> Device? {
        guard let row = try await sql.raw("""
            SELECT last_seq, owner FROM sync_devices WHERE organization_id = \(bind: organizationId.text) AND device_id = \(bind: deviceId)
            """).first() else { return nil }
        return Device(lastSeq: try row.decode(column: "last_seq", as: Int64.self), owner: try row.optional("owner"))
    }

    public static func lastSeq(_ sql: any SQLDatabase, organizationId: UUID, deviceId: String) async throws -> Int64 {
        try await device(sql, organizationId: organizationId, deviceId: deviceId)?.lastSeq ?? 0
    }

    /// What ``advance(_:organizationId:deviceId:owner:userId:to:now:)`` found.
    public enum Advance: Sendable, Equatable {
        /// The device moved to the seq: apply the mutation.
        case advanced
        /// Another request of the same device got there first: answer with what it stored.
        case alreadyApplied
        /// The device id belongs to another user or key of the organization.
        case foreignDevice
    }

    /// Moves a device from `seq - 1` to `seq`, claiming a new device id for `owner`. The claim and the move are
    /// conditional writes, so two requests racing for the same id or seq cannot both win.
    public static func advance(_ sql: any SQLDatabase, organizationId: UUID, deviceId: String, owner: String, userId: UUID?,
                               to seq: Int64, now: Int64) async throws -> Advance {
        if seq == 1 {
            let inserted = try await sql.raw("""
                INSERT INTO sync_devices (organization_id, device_id, user_id, owner, last_seq, created_at, updated_at)
                VALUES (\(bind: organizationId.text), \(bind: deviceId), \(bind: userId?.text), \(bind: owner), 1, \(bind: now), \(bind: now))
                ON CONFLICT (organization_id, device_id) DO NOTHING
                RETURNING last_seq
                """).all()
            if !inserted.isEmpty { return .advanced }
        }
        let rows = try await sql.raw("""
            UPDATE sync_devices SET last_seq = \(bind: seq), updated_at = \(bind: now), owner = \(bind: owner)
            WHERE organization_id = \(bind: organizationId.text) AND device_id = \(bind: deviceId) AND last_seq = \(bind: seq - 1)
              AND owner = \(bind: owner)
            RETURNING last_seq
            """).all()
        if !rows.isEmpty { return .advanced }
        let current = try await device(sql, organizationId: organizationId, deviceId: deviceId)
        if let o = current?.owner, o != owner { return .foreignDevice }
        return .alreadyApplied
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
            VALUES (\(bind: c.id.text), \(bind: organizationId.text), \(bind: c.entity), \(bind: c.recordId.text), \(bind: c.kind.rawValue),
                    \(bind: c.fields.jsonString()), \(bind: c.baseVersion), \(bind: c.serverVersion), \(bind: c.deviceId),
                    \(bind: c.mutationId), \(bind: c.actor), \(bind: c.clientTime), \(bind: c.createdAt))
            """).run()
    }

    static let conflictColumns = "id, entity, record_id, kind, fields, base_version, server_version, device_id, mutation_id, actor, client_time, created_at, resolved_at, resolved_by, resolution"

    /// Which conflicts a list shows.
    public enum ConflictState: String, Sendable, CaseIterable {
        case open, resolved, all
    }

    /// A page of conflicts: open ones oldest first (a queue to work through), settled ones and all newest first.
    public static func conflicts(_ sql: any SQLDatabase, organizationId: UUID, state: ConflictState, after: ListCursor?,
                                 limit: Int) async throws -> [ConflictRow] {
        var q = SQLQueryString("SELECT \(unsafeRaw: conflictColumns) FROM sync_conflicts WHERE organization_id = \(bind: organizationId.text)")
        switch state {
        case .open: q.appendInterpolation(unsafeRaw: " AND resolved_at IS NULL")
        case .resolved: q.appendInterpolation(unsafeRaw: " AND resolved_at IS NOT NULL")
        case .all: break
        }
        let ascending = state == .open
        after?.appendCondition(to: &q, ascending: ascending)
        q.appendInterpolation(unsafeRaw: ascending ? " ORDER BY created_at, id" : " ORDER BY created_at DESC, id DESC")
        q.appendInterpolation(unsafeRaw: " LIMIT ")
        q.appendInterpolation(literal: limit)
        return try await sql.raw(q).all().map(conflict)
    }

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

    public static func resolveConflict(_ sql: any SQLDatabase, id: UUID, by actor: ActorRef, resolution: ConflictResolution,
                                       now: Int64) async throws {
        try await sql.raw("""
            UPDATE sync_conflicts SET resolved_at = \(bind: now), resolved_by = \(bind: actor.text), resolution = \(bind: resolution.rawValue)
            WHERE id = \(bind: id.text) AND resolved_at IS NULL
            """).run()
    }

    static func conflict(_ r: any SQLRow) throws -> ConflictRow {
        ConflictRow(
            id: UUID(uuidString: try r.decode(column: "id", as: String.self))!,
            entity: try r.decode(column: "entity", as: String.self),
            recordId: UUID(uuidString: try r.decode(column: "record_id", as: String.self))!,
            kind: try state(ConflictKind.self, try r.decode(column: "kind", as: String.self), column: "kind"),
            fields: (try? JSONValue.parse(Data(try r.decode(column: "fields", as: String.self).utf8))) ?? .object([:]),
            baseVersion: try r.optional("base_version"), serverVersion: try r.decode(column: "server_version", as: Int64.self),
            deviceId: try r.optional("device_id"), mutationId: try r.optional("mutation_id"),
            actor: try r.decode(column: "actor", as: String.self), clientTime: try r.optional("client_time"),
            createdAt: try r.decode(column: "created_at", as: Int64.self), resolvedAt: try r.optional("resolved_at"),
            resolvedBy: try r.optional("resolved_by"),
            resolution: try r.optional("resolution", as: String.self).map { try state(ConflictResolution.self, $0, column: "resolution") })
    }

    /// A protocol state as stored; a value this server never writes means the row was altered by hand.
    static func state<T: RawRepresentable>(_ t: T.Type, _ text: String, column: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "sync_conflicts.\(column): unknown value '\(text)'"))
        }
        return value
    }

    // MARK: change feed

    /// One change for the pull feed.
    public struct Change: Sendable {
        public let entity: String
        public let record: StoredRecord
    }

    /// Records of every synced entity changed after `seq` and at most `upTo`, in change-sequence (commit) order,
    /// tombstones included.
    ///
    /// Why `upTo`: the tables are read by separate statements, each seeing what had committed when it started. A
    /// change committed between two of them could carry a lower seq than one already returned from a later table,
    /// and a cursor moved past it would skip it forever. Bounded by a watermark read first (``committedSeq(_:)``),
    /// every table's read sees every change up to it. `afterTable` lets a test commit between the reads.
    public static func changes(_ sql: any SQLDatabase, organizationId: UUID, after seq: Int64, upTo: Int64, limit: Int,
                               afterTable: (@Sendable (String) async throws -> Void)? = nil) async throws -> [Change] {
        var all: [Change] = []
        for e in SyncedEntities.all {
            all += try await changes(e, sql, organizationId: organizationId, after: seq, upTo: upTo, limit: limit)
            try await afterTable?(e.entityName)
        }
        all.sort { $0.record.changeSeq < $1.record.changeSeq }
        return Array(all.prefix(limit))
    }

    static func changes<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, organizationId: UUID, after seq: Int64, upTo: Int64,
                                         limit: Int) async throws -> [Change] {
        try await sql.raw("""
            SELECT \(unsafeRaw: RecordRepository.selectColumns(e)) FROM \(ident: E.table)
            WHERE organization_id = \(bind: organizationId.text) AND change_seq > \(bind: seq) AND change_seq <= \(bind: upTo)
            ORDER BY change_seq LIMIT \(literal: limit)
            """).all().map { Change(entity: E.entityName, record: try RecordRepository.decode(e, $0)) }
    }

    /// The watermark of the change feed: every seq up to it belongs to a committed transaction. The counter row is
    /// updated by each writing transaction and stays locked until it commits, so its committed value is a seq whose
    /// writer, and every earlier writer, has committed.
    public static func committedSeq(_ sql: any SQLDatabase) async throws -> Int64 {
        try await currentSeq(sql)
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
