import Foundation
import KafaeDomain
import SQLKit

/// The one way records are written, by the REST routes and by sync alike: the entity's own validation
/// (`normalize`), then the rules that need the database (references, computed fields, stock), then the write.
public enum RecordWriter {
    /// Creates a record from a client's fields.
    /// `serverFields` carries server-made fields (an import's source reference) that no client may send.
    public static func create<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, id: UUID, input: [String: JSONValue],
                                               prefix: String = "", serverFields: [String: JSONValue] = [:]) async throws -> StoredRecord {
        let normalized = try E.normalize(E.clientInput(input), prefix: prefix)
        var prepared = try await EntityRules.prepare(E.self, ctx, fields: normalized, existing: nil, prefix: prefix)
        for (k, v) in serverFields { prepared[k] = v }
        let record = try await RecordRepository.create(E.self, ctx.sql, organizationId: ctx.organizationId, id: id,
                                                       fields: prepared, actor: ctx.actor, now: ctx.now)
        try await EntityRules.afterWrite(E.self, ctx, old: nil, new: record)
        return record
    }

    /// Applies a change (absent keys kept, `null` clears) to a live record.
    public static func update<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, existing: StoredRecord, change: [String: JSONValue],
                                               prefix: String = "") async throws -> StoredRecord {
        let merged = E.clientInput(E.applying(E.clientInput(change), to: existing.fields))
        return try await replace(E.self, ctx, existing: existing, fields: merged, prefix: prefix)
    }

    /// Writes a complete set of client fields over a live record.
    public static func replace<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, existing: StoredRecord, fields: [String: JSONValue],
                                                prefix: String = "") async throws -> StoredRecord {
        let normalized = try E.normalize(E.clientInput(fields), prefix: prefix)
        var issues: [FieldIssue] = []
        for key in E.immutableFields.sorted() where normalized[key] != existing.fields[key] {
            issues.append(.init(field: prefix + key, code: "immutable"))
        }
        if !issues.isEmpty { throw KafaeError.validation(issues) }
        let prepared = try await EntityRules.prepare(E.self, ctx, fields: normalized, existing: existing, prefix: prefix)
        let record = try await RecordRepository.update(E.self, ctx.sql, existing: existing, fields: prepared, actor: ctx.actor, now: ctx.now)
        if record != existing { try await EntityRules.afterWrite(E.self, ctx, old: existing, new: record) }
        return record
    }

    /// Brings a deleted record back with a change applied: a new version that every device pulls.
    public static func restore<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, tombstone: StoredRecord, change: [String: JSONValue]) async throws -> StoredRecord {
        let merged = E.clientInput(E.applying(E.clientInput(change), to: tombstone.fields))
        let normalized = try E.normalize(merged, prefix: "")
        // What a record was made from (its lot, its parents, its cupper) stays what it was, restored or not.
        var issues: [FieldIssue] = []
        for key in E.immutableFields.sorted() where normalized[key] != E.clientInput(tombstone.fields)[key] {
            issues.append(.init(field: key, code: "immutable"))
        }
        if !issues.isEmpty { throw KafaeError.validation(issues) }
        let prepared = try await EntityRules.prepare(E.self, ctx, fields: normalized, existing: tombstone, prefix: "")
        var record = tombstone
        record.deletedAt = nil
        let restored = try await RecordRepository.update(E.self, ctx.sql, existing: record, fields: prepared, actor: ctx.actor, now: ctx.now)
        var live = restored
        if restored == record {
            // Same fields as before the delete: still a change (the record is back).
            live.version += 1
            live.changeSeq = try await RecordRepository.nextChangeSeq(ctx.sql)
            live.updatedAt = ctx.now
            live.updatedBy = ctx.actor.text
            try await RecordRepository.writeRow(E.self, ctx.sql, live)
        }
        try await EntityRules.afterWrite(E.self, ctx, old: tombstone, new: live)
        return live
    }

    /// Deletes (tombstones) a live record, after the entity's rules allow it.
    public static func delete<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, existing: StoredRecord) async throws -> StoredRecord {
        try await EntityRules.beforeDelete(E.self, ctx, existing: existing)
        let record = try await RecordRepository.delete(E.self, ctx.sql, existing: existing, actor: ctx.actor, now: ctx.now)
        try await EntityRules.afterWrite(E.self, ctx, old: existing, new: record)
        return record
    }
}
