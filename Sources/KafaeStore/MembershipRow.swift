import Foundation
import KafaeDomain

/// A user's place in one organization.
public struct MembershipRow: Sendable, Equatable {
    public let organization: OrganizationRow
    public let userId: UUID
    public let role: Role
    public let createdAt: Int64
}
