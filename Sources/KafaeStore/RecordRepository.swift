import Foundation
import KafaeDomain
import SQLKit

/// Reads and writes synced records of any entity, with their sync columns, change sequence and audit entries.
public enum RecordRepository {
    static func selectColumns<E: SyncedEntity>(_ e: E.Type) -> String {
        (["id", "organization_id"] + E.fields.map(\.column)
            + ["version", "field_versions", "change_seq", "deleted_at", "created_at", "created_by", "updated_at", "updated_by"])
            .joined(separator: ", ")
    }

    /// Takes the next value of the commit-ordered change sequence. The counter row stays locked until the
    /// transaction ends, so sequence order is commit order (DESIGN §6).
    public static func nextChangeSeq(_ sql: any SQLDatabase) async throws -> Int64 {
        let row = try await sql.raw("UPDATE sync_counter SET value = value + 1 WHERE id = 1 RETURNING value").first()
        guard let row else { throw KafaeError("internal.error") }
        return try row.decode(column: "value", as: Int64.self)
    }

    /// Waits for, then holds until commit, the change-sequence row: see ``Database/writeRecords(_:)``.
    static func serializeRecordWrites(_ sql: any SQLDatabase) async throws {
        guard sql.isPostgres else { return }
        try await sql.raw("SELECT value FROM sync_counter WHERE id = 1 FOR UPDATE").run()
    }

    /// A record of the organization, tombstones included only when asked.
    public static func find<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, organizationId: UUID, id: UUID,
                                             includeDeleted: Bool = false) async throws -> StoredRecord? {
        let row = try await sql.raw("""
            SELECT \(unsafeRaw: selectColumns(e)) FROM \(ident: E.table)
            WHERE id = \(bind: id.text) AND organization_id = \(bind: organizationId.text)
            """).first()
        guard let row else { return nil }
        let record = try decode(e, row)
        if record.deletedAt != nil && !includeDeleted { return nil }
        return record
    }

    /// Whether any organization holds a record with this id (ids are made by clients and must stay unique).
    public static func exists<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, id: UUID) async throws -> Bool {
        try await sql.raw("SELECT id FROM \(ident: E.table) WHERE id = \(bind: id.text)").first() != nil
    }

    /// Live records, newest first, after an optional cursor.
    public static func list<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, organizationId: UUID,
                                             filters: [RecordFilter], after: ListCursor?, limit: Int) async throws -> [StoredRecord] {
        var query = SQLQueryString("SELECT \(unsafeRaw: selectColumns(e)) FROM \(ident: E.table) WHERE organization_id = \(bind: organizationId.text) AND deleted_at IS NULL")
        for filter in filters {
            switch filter {
            case .equals(let column, let value):
                query.appendInterpolation(unsafeRaw: " AND ")
                query.appendInterpolation(ident: column)
                query.appendInterpolation(unsafeRaw: " = ")
                query.appendInterpolation(bind: value)
            case .search(let columns, let text):
                let pattern = "%" + text.lowercased()
                    .replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                query.appendInterpolation(unsafeRaw: " AND (")
                for (i, column) in columns.enumerated() {
                    if i > 0 { query.appendInterpolation(unsafeRaw: " OR ") }
                    query.appendInterpolation(unsafeRaw: "LOWER(")
                    query.appendInterpolation(ident: column)
                    query.appendInterpolation(unsafeRaw: ") LIKE ")
                    query.appendInterpolation(bind: pattern)
                    query.appendInterpolation(unsafeRaw: " ESCAPE '\\'")
                }
                query.appendInterpolation(unsafeRaw: ")")
            case .latestCupScore(let min, let max):
                if let min {
                    query.appendInterpolation(unsafeRaw: " AND \(LotSummarySQL.latestCupScore) >= ")
                    query.appendInterpolation(bind: min)
                }
                if let max {
                    query.appendInterpolation(unsafeRaw: " AND \(LotSummarySQL.latestCupScore) <= ")
                    query.appendInterpolation(bind: max)
                }
            }
        }
        after?.appendCondition(to: &query)
        query.appendInterpolation(unsafeRaw: " ORDER BY created_at DESC, id DESC LIMIT ")
        query.appendInterpolation(literal: limit)
        return try await sql.raw(query).all().map { try decode(e, $0) }
    }

    // MARK: writes

    /// Inserts a new record at version 1 with every given field stamped at version 1.
    public static func create<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, organizationId: UUID, id: UUID,
                                               fields: [String: JSONValue], actor: ActorRef, now: Int64) async throws -> StoredRecord {
        let seq = try await nextChangeSeq(sql)
        let record = StoredRecord(
            id: id, organizationId: organizationId, fields: fields, version: 1,
            fieldVersions: Dictionary(uniqueKeysWithValues: fields.keys.map { ($0, 1) }),
            changeSeq: seq, deletedAt: nil, createdAt: now, createdBy: actor.text, updatedAt: now, updatedBy: actor.text)
        try await insertRow(e, sql, record)
        try await AuditRepository.write(sql, organizationId: organizationId, actor: actor, action: "create",
                                        entity: E.entityName, entityId: id, changes: .object(fields), now: now)
        return record
    }

    /// Writes a record's new field values: changed fields get the new version, the change sequence moves on.
    /// Returns the record unchanged when no field differs.
    public static func update<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, existing: StoredRecord,
                                               fields: [String: JSONValue], actor: ActorRef, now: Int64) async throws -> StoredRecord {
        let changed = E.fields.map(\.name).filter { existing.fields[$0] != fields[$0] }
        guard !changed.isEmpty else { return existing }
        var record = existing
        record.version += 1
        record.fields = fields
        for name in changed { record.fieldVersions[name] = record.version }
        record.changeSeq = try await nextChangeSeq(sql)
        record.updatedAt = now
        record.updatedBy = actor.text
        try await writeRow(e, sql, record)
        var diff: [String: JSONValue] = [:]
        for name in changed {
            diff[name] = .object(["from": existing.fields[name] ?? .null, "to": fields[name] ?? .null])
        }
        try await AuditRepository.write(sql, organizationId: record.organizationId, actor: actor, action: "update",
                                        entity: E.entityName, entityId: record.id, changes: .object(diff), now: now)
        return record
    }

    /// Marks a record deleted (a tombstone that sync carries to every device).
    public static func delete<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, existing: StoredRecord,
                                               actor: ActorRef, now: Int64) async throws -> StoredRecord {
        var record = existing
        record.version += 1
        record.deletedAt = now
        record.changeSeq = try await nextChangeSeq(sql)
        record.updatedAt = now
        record.updatedBy = actor.text
        try await writeRow(e, sql, record)
        try await AuditRepository.write(sql, organizationId: record.organizationId, actor: actor, action: "delete",
                                        entity: E.entityName, entityId: record.id, changes: nil, now: now)
        return record
    }

    /// Inserts a complete row as given (creation and restore).
    static func insertRow<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, _ record: StoredRecord) async throws {
        var query = SQLQueryString("INSERT INTO \(ident: E.table) (\(unsafeRaw: selectColumns(e))) VALUES (")
        query.appendInterpolation(bind: record.id.text)
        query.appendInterpolation(unsafeRaw: ", ")
        query.appendInterpolation(bind: record.organizationId.text)
        for spec in E.fields {
            query.appendInterpolation(unsafeRaw: ", ")
            query.appendInterpolation(bind: bindValue(record.fields[spec.name], spec.kind))
        }
        query.appendInterpolation(unsafeRaw: ", ")
        query.appendInterpolation(binds: [record.version, encodeVersions(record.fieldVersions), record.changeSeq, record.deletedAt,
                                          record.createdAt, record.createdBy, record.updatedAt, record.updatedBy])
        query.appendInterpolation(unsafeRaw: ")")
        try await sql.raw(query).run()
    }

    /// Writes a record's new state over the stored row, only if the row is still at the version the change was
    /// made on (`record.version - 1`); otherwise throws `record.concurrent_write` (retry), never overwriting.
    static func writeRow<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, _ record: StoredRecord) async throws {
        var query = SQLQueryString("UPDATE \(ident: E.table) SET ")
        for spec in E.fields {
            query.appendInterpolation(ident: spec.column)
            query.appendInterpolation(unsafeRaw: " = ")
            query.appendInterpolation(bind: bindValue(record.fields[spec.name], spec.kind))
            query.appendInterpolation(unsafeRaw: ", ")
        }
        query.appendInterpolation(unsafeRaw: "version = ")
        query.appendInterpolation(bind: record.version)
        query.appendInterpolation(unsafeRaw: ", field_versions = ")
        query.appendInterpolation(bind: encodeVersions(record.fieldVersions))
        query.appendInterpolation(unsafeRaw: ", change_seq = ")
        query.appendInterpolation(bind: record.changeSeq)
        query.appendInterpolation(unsafeRaw: ", deleted_at = ")
        query.appendInterpolation(bind: record.deletedAt)
        query.appendInterpolation(unsafeRaw: ", updated_at = ")
        query.appendInterpolation(bind: record.updatedAt)
        query.appendInterpolation(unsafeRaw: ", updated_by = ")
        query.appendInterpolation(bind: record.updatedBy)
        query.appendInterpolation(unsafeRaw: " WHERE id = ")
        query.appendInterpolation(bind: record.id.text)
        query.appendInterpolation(unsafeRaw: " AND organization_id = ")
        query.appendInterpolation(bind: record.organizationId.text)
        query.appendInterpolation(unsafeRaw: " AND version = ")
        query.appendInterpolation(bind: record.version - 1)
        query.appendInterpolation(unsafeRaw: " RETURNING id")
        guard try await sql.raw(query).first() != nil else {
            throw KafaeError("record.concurrent_write", params: ["entity": E.entityName])
        }
    }

    // MARK: encoding

    static func bindValue(_ value: JSONValue?, _ kind: FieldKind) -> any Encodable & Sendable {
        switch kind {
        case .text: return value?.stringValue
        case .double: return value?.numberValue
        case .integer: return value?.numberValue.flatMap { Int64(exactly: $0.rounded(.towardZero)) }
        case .bool: return value?.boolValue
        case .json: return value.flatMap { $0.isNull ? nil : $0.jsonString() }
        }
    }

    static func encodeVersions(_ v: [String: Int64]) -> String {
        JSONValue.object(v.mapValues { .number(Double($0)) }).jsonString()
    }

    static func decode<E: SyncedEntity>(_ e: E.Type, _ row: any SQLRow) throws -> StoredRecord {
        var fields: [String: JSONValue] = [:]
        for spec in E.fields {
            switch spec.kind {
            case .text: if let v: String = try row.optional(spec.column) { fields[spec.name] = .string(v) }
            case .double: if let v: Double = try row.optional(spec.column) { fields[spec.name] = .number(v) }
            case .integer: if let v: Int64 = try row.optional(spec.column) { fields[spec.name] = .number(Double(v)) }
            case .bool: if let v: Bool = try row.optional(spec.column) { fields[spec.name] = .bool(v) }
            case .json:
                if let v: String = try row.optional(spec.column), let parsed = try? JSONValue.parse(Data(v.utf8)) {
                    fields[spec.name] = parsed
                }
            }
        }
        let versionsText = try row.decode(column: "field_versions", as: String.self)
        let versions = (try? JSONValue.parse(Data(versionsText.utf8)).objectValue)?
            .compactMapValues { $0.numberValue.flatMap { Int64(exactly: $0) } } ?? [:]
        return StoredRecord(
            id: UUID(uuidString: try row.decode(column: "id", as: String.self))!,
            organizationId: UUID(uuidString: try row.decode(column: "organization_id", as: String.self))!,
            fields: fields,
            version: try row.decode(column: "version", as: Int64.self),
            fieldVersions: versions,
            changeSeq: try row.decode(column: "change_seq", as: Int64.self),
            deletedAt: try row.optional("deleted_at"),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            createdBy: try row.optional("created_by"),
            updatedAt: try row.decode(column: "updated_at", as: Int64.self),
            updatedBy: try row.optional("updated_by")
        )
    }
}
