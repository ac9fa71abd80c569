import Foundation
import KafaeDomain
import SQLKit

/// A published quality passport: a public token for one lot and the sections its owner chose to show.
public struct PassportRow: Sendable, Equatable {
    public let id: UUID
    public let organizationId: UUID
    public let lotId: UUID
    public let token: String
    public let sections: [String]
    public let createdAt: Int64

    public init(id: UUID, organizationId: UUID, lotId: UUID, token: String, sections: [String], createdAt: Int64) {
        self.id = id
        self.organizationId = organizationId
        self.lotId = lotId
        self.token = token
        self.sections = sections
        self.createdAt = createdAt
    }
}

public enum PassportRepository {
    static let columns = "id, organization_id, lot_id, token, sections, created_at"

    /// Publishes a passport for a lot, replacing (revoking) any earlier one.
    public static func publish(_ sql: any SQLDatabase, _ row: PassportRow, actor: ActorRef, now: Int64) async throws {
        try await sql.raw("""
            UPDATE passports SET revoked_at = \(bind: now)
            WHERE organization_id = \(bind: row.organizationId.text) AND lot_id = \(bind: row.lotId.text) AND revoked_at IS NULL
            """).run()
        try await sql.raw("""
            INSERT INTO passports (id, organization_id, lot_id, token, sections, created_by, created_at)
            VALUES (\(bind: row.id.text), \(bind: row.organizationId.text), \(bind: row.lotId.text), \(bind: row.token),
                    \(bind: JSONValue.array(row.sections.map(JSONValue.string)).jsonString()), \(bind: actor.text), \(bind: now))
            """).run()
        try await AuditRepository.write(sql, organizationId: row.organizationId, actor: actor, action: "passport.publish", entity: "lot",
                                        entityId: row.lotId, changes: .object(["sections": .array(row.sections.map(JSONValue.string))]), now: now)
    }

    public static func current(_ sql: any SQLDatabase, organizationId: UUID, lotId: UUID) async throws -> PassportRow? {
        try await sql.raw("""
            SELECT \(unsafeRaw: columns) FROM passports
            WHERE organization_id = \(bind: organizationId.text) AND lot_id = \(bind: lotId.text) AND revoked_at IS NULL
            """).first().map(row)
    }

    public static func byToken(_ sql: any SQLDatabase, token: String) async throws -> PassportRow? {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM passports WHERE token = \(bind: token) AND revoked_at IS NULL").first().map(row)
    }

    public static func revoke(_ sql: any SQLDatabase, organizationId: UUID, lotId: UUID, actor: ActorRef, now: Int64) async throws -> Bool {
        let rows = try await sql.raw("""
            UPDATE passports SET revoked_at = \(bind: now)
            WHERE organization_id = \(bind: organizationId.text) AND lot_id = \(bind: lotId.text) AND revoked_at IS NULL RETURNING id
            """).all()
        if !rows.isEmpty {
            try await AuditRepository.write(sql, organizationId: organizationId, actor: actor, action: "passport.revoke", entity: "lot",
                                            entityId: lotId, changes: nil, now: now)
        }
        return !rows.isEmpty
    }

    static func row(_ r: any SQLRow) throws -> PassportRow {
        let sections = (try? JSONValue.parse(Data(try r.decode(column: "sections", as: String.self).utf8)).arrayValue?.compactMap(\.stringValue)) ?? []
        return PassportRow(id: UUID(uuidString: try r.decode(column: "id", as: String.self))!,
                           organizationId: UUID(uuidString: try r.decode(column: "organization_id", as: String.self))!,
                           lotId: UUID(uuidString: try r.decode(column: "lot_id", as: String.self))!,
                           token: try r.decode(column: "token", as: String.self), sections: sections,
                           createdAt: try r.decode(column: "created_at", as: Int64.self))
    }
}
