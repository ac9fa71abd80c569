import Foundation
import SQLKit

/// The genealogy's edges: which lot was made from which, with the weight taken and how.
public enum LotLinkRepository {
    public struct Link: Sendable, Equatable {
        public let child: String
        public let parent: String
        public let weight: Double
        public let operation: String
    }

    /// Every link of an organization's lots.
    public static func links(_ sql: any SQLDatabase, organizationId: UUID) async throws -> [Link] {
        try await sql.raw("""
            SELECT child_id, parent_id, weight_kg, operation FROM lot_links WHERE organization_id = \(bind: organizationId.text)
            """).all().map { r in
                Link(child: try r.decode(column: "child_id", as: String.self), parent: try r.decode(column: "parent_id", as: String.self),
                     weight: try r.decode(column: "weight_kg", as: Double.self), operation: try r.decode(column: "operation", as: String.self))
            }
    }
}
