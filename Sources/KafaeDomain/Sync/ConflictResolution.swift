// The states of the offline sync protocol (DESIGN §6, `docs/sync.md`): SyncOp, ConflictKind, ResolutionChoice and
// ConflictResolution. Each raw value is the string on the wire and in the database; parse it once where it comes in
// and switch on the case everywhere after.

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
