import Foundation
import KafaeDomain

/// An open (or resolved) sync conflict: a client's values that the server did not take, kept for a person to decide.
public struct ConflictRow: Sendable, Equatable {
    public let id: UUID
    public let entity: String
    public let recordId: UUID
    /// `field` (both sides changed fields), `editDeleted` (an edit reached a deleted record), `deleteEdited`
    /// (a delete reached a record changed since).
    public let kind: ConflictKind
    /// Field → {mine, theirs}.
    public let fields: JSONValue
    public let baseVersion: Int64?
    public let serverVersion: Int64
    public let deviceId: String?
    public let mutationId: String?
    public let actor: String
    public let clientTime: String?
    public let createdAt: Int64
    public let resolvedAt: Int64?
    /// Who settled it (`user:<id>` or `apiKey:<id>`), and how: `mine`, `theirs`, `values`, or `superseded` by a later edit.
    public let resolvedBy: String?
    public let resolution: ConflictResolution?

    public init(id: UUID, entity: String, recordId: UUID, kind: ConflictKind, fields: JSONValue, baseVersion: Int64?, serverVersion: Int64,
                deviceId: String?, mutationId: String?, actor: String, clientTime: String?, createdAt: Int64, resolvedAt: Int64?,
                resolvedBy: String? = nil, resolution: ConflictResolution? = nil) {
        self.id = id; self.entity = entity; self.recordId = recordId; self.kind = kind; self.fields = fields
        self.baseVersion = baseVersion; self.serverVersion = serverVersion; self.deviceId = deviceId; self.mutationId = mutationId
        self.actor = actor; self.clientTime = clientTime; self.createdAt = createdAt; self.resolvedAt = resolvedAt
        self.resolvedBy = resolvedBy; self.resolution = resolution
    }
}
