import Foundation
import KafaeDomain
import SQLKit

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
