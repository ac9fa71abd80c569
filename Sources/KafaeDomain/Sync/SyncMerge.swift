import Foundation

/// The decision at the heart of a push (DESIGN §6): given a record as the server has it, a client's mutation and
/// the version it was made on, what to apply and what to hold for a person. Pure: `SyncService` (KafaeSync) reads
/// the record, asks, then writes what the decision says.
public enum SyncMerge {
    /// A record as the server holds it, as far as the merge needs.
    public struct Record: Sendable, Equatable {
        public var fields: [String: JSONValue]
        /// Field → the record version at which it last changed (a field not listed counts as version 0).
        public var fieldVersions: [String: Int64]
        public var version: Int64
        public var deleted: Bool

        public init(fields: [String: JSONValue], fieldVersions: [String: Int64], version: Int64, deleted: Bool) {
            self.fields = fields
            self.fieldVersions = fieldVersions
            self.version = version
            self.deleted = deleted
        }
    }

    /// One field of a conflict: the client's value that was not taken, and the server's.
    public struct Held: Sendable, Hashable {
        public let mine: JSONValue
        public let theirs: JSONValue

        public init(mine: JSONValue, theirs: JSONValue) {
            self.mine = mine
            self.theirs = theirs
        }

        /// As a conflict stores and lists it: `{"mine": …, "theirs": …}`.
        public var json: JSONValue { .object(["mine": mine, "theirs": theirs]) }
    }

    /// What to do with a mutation.
    public enum Decision: Sendable, Equatable {
        /// No such record: create it from the change.
        case create([String: JSONValue])
        /// The change was made on the current version (or later): apply all of it.
        case applyAll([String: JSONValue])
        /// A three-way merge: apply `take` (never empty); `held` (possibly empty) kept the server's values and goes
        /// into a ``ConflictKind/field`` conflict on the updated record.
        case merge(take: [String: JSONValue], held: [String: Held])
        /// Apply nothing; hold the client's side in a conflict of this kind on the record as it is.
        case conflict(ConflictKind, held: [String: Held])
        /// Mark the record deleted.
        case delete
        /// Nothing to do: a delete reached a deleted or absent record, or every changed field already has the
        /// client's value.
        case nothing
    }

    /// The field that a ``ConflictKind/deleteEdited`` conflict holds: the client wanted the record gone.
    public static let deletedField = "_deleted"

    /// Decides one mutation.
    /// - Parameters:
    ///   - server: the record as the server has it (tombstones included), nil if there is none.
    ///   - base: the version the client made the change on; nil means a record it created (0 for an upsert) or,
    ///     for a delete, version 1.
    ///   - change: the client's fields (an upsert's; ignored for a delete).
    public static func decide(server: Record?, op: SyncOp, base: Int64?, change: [String: JSONValue]) -> Decision {
        switch op {
        case .delete:
            guard let server, !server.deleted else { return .nothing }
            if (base ?? 1) >= server.version { return .delete }
            // The record changed after the device last saw it: keep it, and ask a person.
            return .conflict(.deleteEdited, held: [deletedField: Held(mine: .bool(true), theirs: .bool(false))])
        case .upsert:
            guard let server else { return .create(change) }
            if server.deleted {
                // An edit reached a deleted record: never resurrect silently, never drop the edit.
                return .conflict(.editDeleted, held: change.mapValues { Held(mine: $0, theirs: .null) })
            }
            let base = base ?? 0
            if base >= server.version { return .applyAll(change) }
            let (take, held) = fieldMerge(server: server, base: base, change: change)
            switch (take.isEmpty, held.isEmpty) {
            case (true, true): return .nothing
            case (true, false): return .conflict(.field, held: held)
            case (false, _): return .merge(take: take, held: held)
            }
        }
    }

    /// The three-way merge per field of a change made on `base`, older than the record: a field untouched on the
    /// server since `base` takes the client's value; one whose value already equals the client's needs nothing; one
    /// changed on both sides keeps the server's value and holds the client's.
    public static func fieldMerge(server: Record, base: Int64, change: [String: JSONValue])
        -> (take: [String: JSONValue], held: [String: Held]) {
        var take: [String: JSONValue] = [:]
        var held: [String: Held] = [:]
        for (k, v) in change {
            let serverValue = server.fields[k] ?? .null
            if (server.fieldVersions[k] ?? 0) <= base {
                take[k] = v
            } else if serverValue != v {
                held[k] = Held(mine: v, theirs: serverValue)
            }
        }
        return (take, held)
    }
}
