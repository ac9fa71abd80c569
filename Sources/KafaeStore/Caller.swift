import Foundation
import KafaeDomain

/// Who is calling, in which organization, and what they may do: a member with a role, or an API key with a scope.
/// Established once per request (the server's authentication middleware) and handed to every service, REST and sync
/// alike, so a permission is checked the same way everywhere.
public struct Caller: Sendable, Equatable {
    public let organizationId: UUID
    public let actor: ActorRef
    /// The member's role; nil for an API key.
    public let role: Role?
    /// The key's scope; nil for a member.
    public let scope: ApiKeyScope?

    public init(organizationId: UUID, actor: ActorRef, role: Role?, scope: ApiKeyScope?) {
        self.organizationId = organizationId
        self.actor = actor
        self.role = role
        self.scope = scope
    }

    /// A signed-in member.
    public static func member(_ userId: UUID, role: Role, in organizationId: UUID) -> Caller {
        Caller(organizationId: organizationId, actor: ActorRef(kind: .user, id: userId), role: role, scope: nil)
    }

    public var permissions: Set<Permission> {
        if let role { return role.permissions }
        return scope?.permissions ?? []
    }

    public var userId: UUID? { actor.kind == .user ? actor.id : nil }

    /// Throws 403 unless the caller holds `permission`.
    public func require(_ permission: Permission) throws {
        guard permissions.contains(permission) else { throw refusal() }
    }

    /// Throws 403 unless the caller is an owner (a member, not a key).
    public func requireOwner() throws {
        guard role == .owner else { throw refusal() }
    }

    /// Throws 403 for API keys: some calls belong to people only.
    public func requireUser() throws -> UUID {
        guard let id = userId else { throw KafaeError("auth.user_only") }
        return id
    }

    /// The one 403 a refused caller gets: naming the member's role, or saying the key may not.
    public func refusal() -> KafaeError {
        if let role { return KafaeError("auth.forbidden", params: ["role": role.rawValue]) }
        return KafaeError("auth.api_key_forbidden")
    }
}
