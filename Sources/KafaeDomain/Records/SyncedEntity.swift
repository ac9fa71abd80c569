/// A record type that is organization-scoped, versioned and synced (DESIGN §5, §6).
///
/// The REST routes and sync mutations share the same field names and the same `normalize`, so a
/// record is validated the same way however it arrives.
public protocol SyncedEntity: Sendable {
    /// The sync name (`farm`), also the stem of error codes (`farm.not_found`).
    static var entityName: String { get }
    /// The table that holds it.
    static var table: String { get }
    /// Fields a client may write.
    static var fields: [FieldSpec] { get }
    /// What a caller needs to write this entity.
    static var writePermission: Permission { get }
    /// Validates and normalizes a record's complete set of fields (stored values with the change applied),
    /// returning the canonical values. `prefix` goes in front of field names in errors.
    static func normalize(_ fields: [String: JSONValue], prefix: String) throws -> [String: JSONValue]
    /// Fields computed from stored ones that responses carry too (e.g. a province's Thai name).
    static func derived(_ fields: [String: JSONValue]) -> [String: JSONValue]
    /// Stored fields the server computes (a grade, a score): never taken from a client, ignored when sent.
    static var computedFields: Set<String> { get }
    /// Fields set at creation that no later change may alter.
    static var immutableFields: Set<String> { get }
}

extension SyncedEntity {
    public static var fieldNames: Set<String> { Set(fields.map(\.name)) }
    public static func derived(_ fields: [String: JSONValue]) -> [String: JSONValue] { [:] }
    public static var computedFields: Set<String> { [] }
    public static var immutableFields: Set<String> { [] }

    /// Fields a client may write.
    public static var writableFields: Set<String> { fieldNames.subtracting(computedFields) }

    /// A client's fields without the server-computed ones (clients may echo a whole record back).
    public static func clientInput(_ fields: [String: JSONValue]) -> [String: JSONValue] {
        fields.filter { !computedFields.contains($0.key) }
    }

    /// Applies a change to stored fields: a key set to `null` clears it, an absent key keeps it.
    public static func applying(_ change: [String: JSONValue], to stored: [String: JSONValue]) -> [String: JSONValue] {
        var out = stored
        for (k, v) in change {
            if v.isNull { out.removeValue(forKey: k) } else { out[k] = v }
        }
        return out
    }
}
