import Foundation
import KafaeDomain
import KafaeStore

/// Who is calling, in which organization, and what they may do.
public struct Principal: Sendable {
    public let organizationId: UUID
    public let actor: ActorRef
    /// The member's role; nil for an API key.
    public let role: Role?
    /// The key's scope; nil for a user.
    public let scope: ApiKeyScope?

    public var permissions: Set<Permission> {
        if let role { return role.permissions }
        return scope?.permissions ?? []
    }

    public var userId: UUID? { actor.kind == .user ? actor.id : nil }

    /// Throws 403 unless the caller holds `permission`.
    public func require(_ permission: Permission) throws {
        guard permissions.contains(permission) else {
            if let role { throw KafaeError("auth.forbidden", params: ["role": role.rawValue]) }
            throw KafaeError("auth.api_key_forbidden")
        }
    }

    /// Throws 403 for API keys: some calls belong to people only.
    public func requireUser() throws -> UUID {
        guard let id = userId else { throw KafaeError("auth.user_only") }
        return id
    }
}
