import Foundation
import KafaeDomain
import SQLKit

/// Gradings grade a lot of the organization.
extension Grading: EntityStoreRules {
    public static func prepare(_ ctx: WriteContext, _ fields: [String: JSONValue], existing: StoredRecord?,
                               prefix: String) async throws -> [String: JSONValue] {
        try await EntityRules.requireLot(ctx, fields["lotId"], field: prefix + "lotId")
        return fields
    }
}
