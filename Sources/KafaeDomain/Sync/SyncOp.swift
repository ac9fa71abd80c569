import Foundation

/// The states of the offline sync protocol (DESIGN §6, `docs/sync.md`). Each raw value is the string on the wire
/// and in the database; parse it once where it comes in and switch on the case everywhere after.

/// What a pushed mutation does to its record: `op` in a push.
public enum SyncOp: String, Sendable, CaseIterable {
    case upsert
    case delete
}

/// Why a client's change was held for a person: `kind` of a conflict.
public enum ConflictKind: String, Sendable, CaseIterable {
    /// Both sides changed the same fields; the server's values were kept.
    case field
    /// An edit reached a deleted record (the record stays deleted).
    case editDeleted
    /// A delete reached a record changed since the device saw it (the record stays).
    case deleteEdited
}

/// What a person chose when settling a conflict: `choice` of `POST /sync/conflicts/{id}/resolve`.
public enum ResolutionChoice: String, Sendable, CaseIterable {
    /// Apply the device's held values (restoring a deleted record, or deleting an edited one).
    case mine
    /// Keep the server's record as it is.
    case theirs
    /// Apply the fields given with the choice.
    case values
}

/// How a conflict was settled, as stored and listed (`resolution`): a person's choice, or `superseded` by a later
/// change on the current version that set every one of its fields.
public enum ConflictResolution: String, Sendable, CaseIterable {
    case mine
    case theirs
    case values
    case superseded

    public init(_ choice: ResolutionChoice) {
        switch choice {
        case .mine: self = .mine
        case .theirs: self = .theirs
        case .values: self = .values
        }
    }
}
