import Foundation
import KafaeDomain

/// An API key as stored: a public prefix to find it, and the hash of its secret.
public struct ApiKeyRow: Sendable, Equatable {
    public let id: UUID
    public let organizationId: UUID
    public let name: String
    public let prefix: String
    public let secretHash: String
    public let scope: ApiKeyScope
    public let createdBy: UUID
    public let createdAt: Int64
    public let lastUsedAt: Int64?
    public let revokedAt: Int64?

    public init(id: UUID, organizationId: UUID, name: String, prefix: String, secretHash: String, scope: ApiKeyScope,
                createdBy: UUID, createdAt: Int64, lastUsedAt: Int64?, revokedAt: Int64?) {
        self.id = id; self.organizationId = organizationId; self.name = name; self.prefix = prefix
        self.secretHash = secretHash; self.scope = scope; self.createdBy = createdBy; self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt; self.revokedAt = revokedAt
    }
}
