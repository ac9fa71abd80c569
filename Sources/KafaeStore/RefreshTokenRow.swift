import Foundation

/// A stored refresh token (only its SHA-256 hash is kept).
public struct RefreshTokenRow: Sendable, Equatable {
    public let id: UUID
    public let familyId: UUID
    public let userId: UUID
    public let organizationId: UUID
    public let rotatedAt: Int64?
    public let revokedAt: Int64?
    public let expiresAt: Int64
}
