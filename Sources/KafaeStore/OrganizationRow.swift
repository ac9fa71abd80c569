import Foundation

public struct OrganizationRow: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let createdAt: Int64
}
