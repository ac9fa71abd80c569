import Foundation
import KafaeDomain

/// What an entity checks and does with the database around a write, beside its own pure validation in KafaeDomain:
/// references to other records, values computed from other records, stock. Each synced entity conforms in a file
/// named after it (`Lot+StoreRules.swift`), so its rules sit together and no code switches on entity names.
public protocol EntityStoreRules: SyncedEntity {
    /// Checks references and fills computed fields before a create, an update or a restore (`existing` is the stored
    /// record, a tombstone for a restore). Field errors are named with `prefix` (`fields.` for sync).
    static func prepare(_ ctx: WriteContext, _ fields: [String: JSONValue], existing: StoredRecord?,
                        prefix: String) async throws -> [String: JSONValue]
    /// Follows a write (`old` nil for a create; `new.deletedAt` set for a delete): stock moved, links written.
    static func afterWrite(_ ctx: WriteContext, old: StoredRecord?, new: StoredRecord) async throws
    /// Refuses a delete that would leave the organization's records inconsistent.
    static func beforeDelete(_ ctx: WriteContext, existing: StoredRecord) async throws
}

extension EntityStoreRules {
    public static func prepare(_ ctx: WriteContext, _ fields: [String: JSONValue], existing: StoredRecord?,
                               prefix: String) async throws -> [String: JSONValue] { fields }
    public static func afterWrite(_ ctx: WriteContext, old: StoredRecord?, new: StoredRecord) async throws {}
    public static func beforeDelete(_ ctx: WriteContext, existing: StoredRecord) async throws {}
}
