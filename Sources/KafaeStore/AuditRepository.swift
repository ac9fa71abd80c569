import Foundation
import KafaeDomain
import SQLKit

/// The audit trail: who did what to which record, and what changed.
public enum AuditRepository {
    public static func write(_ sql: any SQLDatabase, organizationId: UUID, actor: ActorRef?, action: String,
                             entity: String?, entityId: UUID?, changes: JSONValue?, now: Int64) async throws {
        try await sql.raw("""
            INSERT INTO audit_log (id, organization_id, actor_type, actor_id, action, entity, entity_id, changes, created_at)
            VALUES (\(bind: UUID().text), \(bind: organizationId.text), \(bind: actor?.kind.rawValue ?? "system"),
                    \(bind: actor?.id.text), \(bind: action), \(bind: entity), \(bind: entityId?.text),
                    \(bind: changes?.jsonString()), \(bind: now))
            """).run()
    }

    /// One audit entry.
    public struct Entry: Sendable, Equatable {
        public let actorType: String
        public let actorId: String?
        public let action: String
        public let entity: String?
        public let entityId: String?
        public let changes: String?
        public let createdAt: Int64
    }

    /// Entries for one record, oldest first.
    public static func entries(_ sql: any SQLDatabase, organizationId: UUID, entityId: UUID) async throws -> [Entry] {
        try await sql.raw("""
            SELECT actor_type, actor_id, action, entity, entity_id, changes, created_at FROM audit_log
            WHERE organization_id = \(bind: organizationId.text) AND entity_id = \(bind: entityId.text)
            ORDER BY created_at, id
            """).all().map { r in
                Entry(actorType: try r.decode(column: "actor_type", as: String.self), actorId: try r.optional("actor_id"),
                      action: try r.decode(column: "action", as: String.self), entity: try r.optional("entity"),
                      entityId: try r.optional("entity_id"), changes: try r.optional("changes"),
                      createdAt: try r.decode(column: "created_at", as: Int64.self))
            }
    }
}
