import Foundation
import KafaeDomain

/// A member as the organization sees them.
public struct MemberRow: Sendable, Equatable {
    public let userId: UUID
    public let email: String
    public let name: String
    public let role: Role
    public let joinedAt: Int64
}
