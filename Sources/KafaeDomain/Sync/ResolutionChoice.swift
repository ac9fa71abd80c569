// The states of the offline sync protocol (DESIGN §6, `docs/sync.md`): SyncOp, ConflictKind, ResolutionChoice and
// ConflictResolution. Each raw value is the string on the wire and in the database; parse it once where it comes in
// and switch on the case everywhere after.

/// What a person chose when settling a conflict: `choice` of `POST /sync/conflicts/{id}/resolve`.
public enum ResolutionChoice: String, Sendable, CaseIterable {
    /// Apply the device's held values (restoring a deleted record, or deleting an edited one).
    case mine
    /// Keep the server's record as it is.
    case theirs
    /// Apply the fields given with the choice.
    case values
}
