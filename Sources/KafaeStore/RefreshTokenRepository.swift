import Foundation
import SQLKit

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
