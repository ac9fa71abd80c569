import Foundation
import KafaeDomain
import SQLKit

/// Runs an entity's store rules (``EntityStoreRules``) for ``RecordWriter``, and the checks several entities share:
/// references to other records of the organization, and stock (weights taken from lots).
enum EntityRules {
    /// The entity's checks and computed values before a write (``EntityStoreRules/prepare(_:_:existing:prefix:)``).
    static func prepare<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, fields: [String: JSONValue], existing: StoredRecord?,
                                         prefix: String) async throws -> [String: JSONValue] {
        try await rules(E.self).prepare(ctx, fields, existing: existing, prefix: prefix)
    }

    static func afterWrite<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, old: StoredRecord?, new: StoredRecord) async throws {
        try await rules(E.self).afterWrite(ctx, old: old, new: new)
    }

    static func beforeDelete<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, existing: StoredRecord) async throws {
        try await rules(E.self).beforeDelete(ctx, existing: existing)
    }

    /// The store rules of an entity. Every synced entity has them (a test checks), so a missing conformance fails
    /// loudly here rather than writing without its rules.
    static func rules<E: SyncedEntity>(_ e: E.Type) throws -> any EntityStoreRules.Type {
        guard let rules = E.self as? any EntityStoreRules.Type else { throw KafaeError("internal.error") }
        return rules
    }

    /// The live record an id field names, in the caller's organization; a validation error naming the field otherwise.
    @discardableResult
    static func requireRecord<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, _ value: JSONValue?, field: String) async throws -> StoredRecord {
        guard let text = value?.stringValue, let id = UUID(uuidString: text),
              let record = try await RecordRepository.find(E.self, ctx.sql, organizationId: ctx.organizationId, id: id) else {
            throw KafaeError.validation([.init(field: field, code: "reference", params: ["entity": E.entityName])])
        }
        return record
    }

    @discardableResult
    static func requireLot(_ ctx: WriteContext, _ value: JSONValue?, field: String) async throws -> StoredRecord {
        try await requireRecord(Lot.self, ctx, value, field: field)
    }

    /// Changes a lot's weight by `delta` kg, as a versioned change that sync carries; refuses to go below zero.
    static func adjustWeight(_ ctx: WriteContext, lot: StoredRecord, delta: Double, field: String) async throws {
        let current = lot.fields["weightKg"]?.numberValue
        guard let current else {
            if delta < 0 { throw KafaeError("lot.weight_unknown", params: ["code": lot.fields["code"]?.stringValue ?? ""], details: [.init(field: field, code: "stock")]) }
            return
        }
        let next = roundPlaces(current + delta, 3)
        if next < -0.0005 {
            throw KafaeError("lot.insufficient_weight", params: ["code": lot.fields["code"]?.stringValue ?? "",
                                                                   "available": FieldReader.format(current), "requested": FieldReader.format(-delta)],
                             details: [.init(field: field, code: "stock")])
        }
        var fields = lot.fields
        fields["weightKg"] = .number(max(0, next))
        _ = try await RecordRepository.update(Lot.self, ctx.sql, existing: lot, fields: fields, actor: ctx.actor, now: ctx.now)
    }
}
