import Foundation
import KafaeDomain

/// An invitation to join an organization with a role; the token is shown once and kept hashed.
public struct InvitationRow: Sendable, Equatable {
    public let id: UUID
    public let organizationId: UUID
    public let email: String
    public let role: Role
    public let tokenHash: String
    public let invitedBy: UUID
    public let createdAt: Int64
    public let expiresAt: Int64
    public let acceptedAt: Int64?
    public let revokedAt: Int64?

    public init(id: UUID, organizationId: UUID, email: String, role: Role, tokenHash: String, invitedBy: UUID,
                createdAt: Int64, expiresAt: Int64, acceptedAt: Int64?, revokedAt: Int64?) {
        self.id = id; self.organizationId = organizationId; self.email = email; self.role = role
        self.tokenHash = tokenHash; self.invitedBy = invitedBy; self.createdAt = createdAt; self.expiresAt = expiresAt
        self.acceptedAt = acceptedAt; self.revokedAt = revokedAt
    }
}
