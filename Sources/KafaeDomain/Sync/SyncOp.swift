import Foundation

// The states of the offline sync protocol (DESIGN §6, `docs/sync.md`): SyncOp, ConflictKind, ResolutionChoice and
// ConflictResolution. Each raw value is the string on the wire and in the database; parse it once where it comes in
// and switch on the case everywhere after.

/// What a pushed mutation does to its record: `op` in a push.
public enum SyncOp: String, Sendable, CaseIterable {
    case upsert
    case delete
}
