import Foundation
import KafaeDomain
import KafaeStore

/// Create, read, list, update and delete for any synced entity, scoped to the caller's organization,
/// checked against the caller's permissions, validated by the entity's own rules.
final class RecordService<E: SyncedEntity>: Sendable {
    let db: any Database

    init(db: any Database) { self.db = db }

    /// The API form of a record: its id, fields, derived fields and version stamps.
    static func render(_ r: StoredRecord) -> JSONValue {
        var out = r.fields
        for (k, v) in E.derived(r.fields) { out[k] = v }
        out["id"] = .string(r.id.text)
        out["version"] = .number(Double(r.version))
        out["createdAt"] = .string(Clock.iso(ms: r.createdAt))
        out["updatedAt"] = .string(Clock.iso(ms: r.updatedAt))
        if let by = r.createdBy { out["createdBy"] = .string(by) }
        if let by = r.updatedBy { out["updatedBy"] = .string(by) }
        return .object(out)
    }

    func create(_ p: Caller, body: [String: JSONValue]) async throws -> StoredRecord {
        try p.require(E.writePermission)
        var fields = body
        var id = UUID()
        if let raw = fields.removeValue(forKey: "id") {
            guard let s = raw.stringValue, let u = UUID(uuidString: s) else { throw KafaeError.validation([.format("id", "UUID")]) }
            id = u
        }
        let input = fields
        let recordId = id
        return try await db.writeRecords { sql in
            if try await RecordRepository.exists(E.self, sql, id: recordId) { throw KafaeError("record.exists") }
            return try await RecordWriter.create(E.self, WriteContext(sql: sql, organizationId: p.organizationId, actor: p.actor, now: Clock.nowMs()), id: recordId, input: input)
        }
    }

    func get(_ p: Caller, id: UUID) async throws -> StoredRecord {
        try p.require(.recordsRead)
        guard let r = try await db.read({ sql in
            try await RecordRepository.find(E.self, sql, organizationId: p.organizationId, id: id)
        }) else { throw KafaeError.notFound(E.entityName) }
        return r
    }

    /// A page of live records, newest first, and the rows themselves for callers that add to them.
    func page(_ p: Caller, filters: [RecordFilter], cursor: String?, limit: Int) async throws -> (rows: [StoredRecord], next: String?) {
        try p.require(.recordsRead)
        let position = try ListCursor.parse(query: cursor)
        let rows = try await db.read { sql in
            try await RecordRepository.list(E.self, sql, organizationId: p.organizationId, filters: filters, after: position, limit: limit + 1)
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { ListCursor(createdAt: $0.createdAt, id: $0.id.text).encoded } : nil
        return (page, next)
    }

    /// Applies the given fields (`null` clears one). With `ifMatch`, refuses when the record has moved on.
    func update(_ p: Caller, id: UUID, body: [String: JSONValue], ifMatch: Int64?) async throws -> StoredRecord {
        try p.require(E.writePermission)
        var change = body
        if let raw = change.removeValue(forKey: "id"), raw.stringValue?.lowercased() != id.text {
            throw KafaeError.validation([.init(field: "id", code: "format", params: ["format": id.text])])
        }
        let fieldsChange = change
        return try await db.writeRecords { sql in
            guard let existing = try await RecordRepository.find(E.self, sql, organizationId: p.organizationId, id: id) else {
                throw KafaeError.notFound(E.entityName)
            }
            if let ifMatch, ifMatch != existing.version {
                throw KafaeError("request.precondition_failed", params: ["version": String(existing.version)])
            }
            return try await RecordWriter.update(E.self, WriteContext(sql: sql, organizationId: p.organizationId, actor: p.actor, now: Clock.nowMs()), existing: existing, change: fieldsChange)
        }
    }

    func delete(_ p: Caller, id: UUID) async throws {
        try p.require(E.writePermission)
        _ = try await db.writeRecords { sql in
            guard let existing = try await RecordRepository.find(E.self, sql, organizationId: p.organizationId, id: id) else {
                throw KafaeError.notFound(E.entityName)
            }
            return try await RecordWriter.delete(E.self, WriteContext(sql: sql, organizationId: p.organizationId, actor: p.actor, now: Clock.nowMs()), existing: existing)
        }
    }
}
