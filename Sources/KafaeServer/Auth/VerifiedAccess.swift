import Foundation

/// A verified access token.
struct VerifiedAccess: Sendable, Equatable {
    let userId: UUID
    let organizationId: UUID
    let sessionId: UUID?
    /// When the token was issued, ms since 1970.
    let issuedAtMs: Int64
}
