import Foundation
import KafaeDomain
import SQLKit

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
