// The states of the offline sync protocol (DESIGN §6, `docs/sync.md`): SyncOp, ConflictKind, ResolutionChoice and
// ConflictResolution. Each raw value is the string on the wire and in the database; parse it once where it comes in
// and switch on the case everywhere after.

/// Why a client's change was held for a person: `kind` of a conflict.
public enum ConflictKind: String, Sendable, CaseIterable {
    /// Both sides changed the same fields; the server's values were kept.
    case field
    /// An edit reached a deleted record (the record stays deleted).
    case editDeleted
    /// A delete reached a record changed since the device saw it (the record stays).
    case deleteEdited
}
