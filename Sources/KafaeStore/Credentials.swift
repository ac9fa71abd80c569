import Foundation
import KafaeDomain
import SQLKit

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

/// Refresh tokens: one row per issued token; a family is every token descended from one sign-in.
public enum RefreshTokenRepository {
    public static func insert(_ sql: any SQLDatabase, id: UUID, familyId: UUID, userId: UUID, organizationId: UUID,
                              hash: String, expiresAt: Int64, now: Int64) async throws {
        try await sql.raw("""
            INSERT INTO refresh_tokens (id, family_id, user_id, organization_id, token_hash, expires_at, created_at)
            VALUES (\(bind: id.text), \(bind: familyId.text), \(bind: userId.text), \(bind: organizationId.text),
                    \(bind: hash), \(bind: expiresAt), \(bind: now))
            """).run()
    }

    public static func find(_ sql: any SQLDatabase, hash: String) async throws -> RefreshTokenRow? {
        try await sql.raw("""
            SELECT id, family_id, user_id, organization_id, rotated_at, revoked_at, expires_at
            FROM refresh_tokens WHERE token_hash = \(bind: hash)
            """).first().map { row in
                RefreshTokenRow(
                    id: UUID(uuidString: try row.decode(column: "id", as: String.self))!,
                    familyId: UUID(uuidString: try row.decode(column: "family_id", as: String.self))!,
                    userId: UUID(uuidString: try row.decode(column: "user_id", as: String.self))!,
                    organizationId: UUID(uuidString: try row.decode(column: "organization_id", as: String.self))!,
                    rotatedAt: try row.optional("rotated_at"),
                    revokedAt: try row.optional("revoked_at"),
                    expiresAt: try row.decode(column: "expires_at", as: Int64.self)
                )
            }
    }

    /// Marks a token used; returns false when another request rotated it first.
    public static func markRotated(_ sql: any SQLDatabase, id: UUID, now: Int64) async throws -> Bool {
        let rows = try await sql.raw("""
            UPDATE refresh_tokens SET rotated_at = \(bind: now)
            WHERE id = \(bind: id.text) AND rotated_at IS NULL AND revoked_at IS NULL
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    public static func revokeFamily(_ sql: any SQLDatabase, familyId: UUID, now: Int64) async throws {
        try await sql.raw("""
            UPDATE refresh_tokens SET revoked_at = \(bind: now)
            WHERE family_id = \(bind: familyId.text) AND revoked_at IS NULL
            """).run()
    }

    /// Revokes every sign-in a user has in one organization (used when a member is removed).
    public static func revokeUser(_ sql: any SQLDatabase, userId: UUID, organizationId: UUID, now: Int64) async throws {
        try await sql.raw("""
            UPDATE refresh_tokens SET revoked_at = \(bind: now)
            WHERE user_id = \(bind: userId.text) AND organization_id = \(bind: organizationId.text) AND revoked_at IS NULL
            """).run()
    }

    /// Revokes every sign-in of a user, in every organization (password reset, sign-out everywhere).
    public static func revokeAllOfUser(_ sql: any SQLDatabase, userId: UUID, now: Int64) async throws {
        try await sql.raw("""
            UPDATE refresh_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: userId.text) AND revoked_at IS NULL
            """).run()
    }

    /// Deletes tokens expired before `before`; returns how many.
    public static func purgeExpired(_ sql: any SQLDatabase, before: Int64) async throws -> Int {
        try await sql.raw("DELETE FROM refresh_tokens WHERE expires_at < \(bind: before) RETURNING id").all().count
    }
}

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

public enum ApiKeyRepository {
    public static func insert(_ sql: any SQLDatabase, _ key: ApiKeyRow) async throws {
        try await sql.raw("""
            INSERT INTO api_keys (id, organization_id, name, prefix, secret_hash, scope, created_by, created_at)
            VALUES (\(bind: key.id.text), \(bind: key.organizationId.text), \(bind: key.name), \(bind: key.prefix),
                    \(bind: key.secretHash), \(bind: key.scope.rawValue), \(bind: key.createdBy.text), \(bind: key.createdAt))
            """).run()
    }

    static let columns = "id, organization_id, name, prefix, secret_hash, scope, created_by, created_at, last_used_at, revoked_at"

    public static func find(_ sql: any SQLDatabase, prefix: String) async throws -> ApiKeyRow? {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM api_keys WHERE prefix = \(bind: prefix)").first().map(row)
    }

    public static func list(_ sql: any SQLDatabase, organizationId: UUID) async throws -> [ApiKeyRow] {
        try await sql.raw("""
            SELECT \(unsafeRaw: columns) FROM api_keys
            WHERE organization_id = \(bind: organizationId.text) AND revoked_at IS NULL
            ORDER BY created_at DESC, id
            """).all().map(row)
    }

    /// Revokes a key of the organization; returns false when there is no such live key.
    public static func revoke(_ sql: any SQLDatabase, organizationId: UUID, id: UUID, now: Int64) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE api_keys SET revoked_at = \(bind: now)
            WHERE id = \(bind: id.text) AND organization_id = \(bind: organizationId.text) AND revoked_at IS NULL
            RETURNING id
            """).all()).isEmpty
    }

    public static func touch(_ sql: any SQLDatabase, id: UUID, now: Int64) async throws {
        try await sql.raw("UPDATE api_keys SET last_used_at = \(bind: now) WHERE id = \(bind: id.text)").run()
    }

    static func row(_ r: any SQLRow) throws -> ApiKeyRow {
        ApiKeyRow(
            id: UUID(uuidString: try r.decode(column: "id", as: String.self))!,
            organizationId: UUID(uuidString: try r.decode(column: "organization_id", as: String.self))!,
            name: try r.decode(column: "name", as: String.self),
            prefix: try r.decode(column: "prefix", as: String.self),
            secretHash: try r.decode(column: "secret_hash", as: String.self),
            scope: ApiKeyScope(rawValue: try r.decode(column: "scope", as: String.self)) ?? .read,
            createdBy: UUID(uuidString: try r.decode(column: "created_by", as: String.self))!,
            createdAt: try r.decode(column: "created_at", as: Int64.self),
            lastUsedAt: try r.optional("last_used_at"),
            revokedAt: try r.optional("revoked_at")
        )
    }
}

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

public enum InvitationRepository {
    static let columns = "id, organization_id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at, revoked_at"

    public static func insert(_ sql: any SQLDatabase, _ inv: InvitationRow) async throws {
        try await sql.raw("""
            INSERT INTO invitations (id, organization_id, email, role, token_hash, invited_by, created_at, expires_at)
            VALUES (\(bind: inv.id.text), \(bind: inv.organizationId.text), \(bind: inv.email), \(bind: inv.role.rawValue),
                    \(bind: inv.tokenHash), \(bind: inv.invitedBy.text), \(bind: inv.createdAt), \(bind: inv.expiresAt))
            """).run()
    }

    /// A pending (not accepted, not revoked, not expired) invitation by its token's hash.
    public static func pending(_ sql: any SQLDatabase, tokenHash: String, now: Int64) async throws -> InvitationRow? {
        try await sql.raw("""
            SELECT \(unsafeRaw: columns) FROM invitations
            WHERE token_hash = \(bind: tokenHash) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: now)
            """).first().map(row)
    }

    public static func listPending(_ sql: any SQLDatabase, organizationId: UUID, now: Int64) async throws -> [InvitationRow] {
        try await sql.raw("""
            SELECT \(unsafeRaw: columns) FROM invitations
            WHERE organization_id = \(bind: organizationId.text) AND accepted_at IS NULL AND revoked_at IS NULL
              AND expires_at > \(bind: now)
            ORDER BY created_at DESC, id
            """).all().map(row)
    }

    public static func markAccepted(_ sql: any SQLDatabase, id: UUID, now: Int64) async throws {
        try await sql.raw("UPDATE invitations SET accepted_at = \(bind: now) WHERE id = \(bind: id.text)").run()
    }

    public static func revoke(_ sql: any SQLDatabase, organizationId: UUID, id: UUID, now: Int64) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE invitations SET revoked_at = \(bind: now)
            WHERE id = \(bind: id.text) AND organization_id = \(bind: organizationId.text)
              AND accepted_at IS NULL AND revoked_at IS NULL
            RETURNING id
            """).all()).isEmpty
    }

    static func row(_ r: any SQLRow) throws -> InvitationRow {
        InvitationRow(
            id: UUID(uuidString: try r.decode(column: "id", as: String.self))!,
            organizationId: UUID(uuidString: try r.decode(column: "organization_id", as: String.self))!,
            email: try r.decode(column: "email", as: String.self),
            role: Role(rawValue: try r.decode(column: "role", as: String.self)) ?? .viewer,
            tokenHash: try r.decode(column: "token_hash", as: String.self),
            invitedBy: UUID(uuidString: try r.decode(column: "invited_by", as: String.self))!,
            createdAt: try r.decode(column: "created_at", as: Int64.self),
            expiresAt: try r.decode(column: "expires_at", as: Int64.self),
            acceptedAt: try r.optional("accepted_at"),
            revokedAt: try r.optional("revoked_at")
        )
    }
}
