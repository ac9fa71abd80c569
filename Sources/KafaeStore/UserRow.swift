import Foundation

public struct UserRow: Sendable, Equatable {
    public let id: UUID
    public let email: String
    public let name: String
    public let passwordHash: String
    public let createdAt: Int64
    /// Access tokens issued before this instant (ms) are refused: set by a password reset or a sign-out everywhere.
    public let tokensValidAfter: Int64?
}
