import Foundation
import KafaeDomain

/// A synced record as stored: its fields plus the sync columns of DESIGN §6.
public struct StoredRecord: Sendable, Equatable {
    public var id: UUID
    public var organizationId: UUID
    public var fields: [String: JSONValue]
    public var version: Int64
    /// Field name → the record version at which that field last changed.
    public var fieldVersions: [String: Int64]
    public var changeSeq: Int64
    public var deletedAt: Int64?
    public var createdAt: Int64
    public var createdBy: String?
    public var updatedAt: Int64
    public var updatedBy: String?
}
