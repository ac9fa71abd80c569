import Foundation
import KafaeDomain
import SQLKit

/// Roast batches take their green weight from the lot they roast.
extension RoastBatch: EntityStoreRules {
    public static func prepare(_ ctx: WriteContext, _ fields: [String: JSONValue], existing: StoredRecord?, prefix: String) async throws -> [String: JSONValue] {
        let lot = try await EntityRules.requireLot(ctx, fields["lotId"], field: prefix + "lotId")
        if existing == nil, lot.fields["stage"]?.stringValue != "green" {
            throw KafaeError.validation([.init(field: prefix + "lotId", code: "greenLot")])
        }
        return fields
    }

    public static func afterWrite(_ ctx: WriteContext, old: StoredRecord?, new: StoredRecord) async throws {
        let before = old?.deletedAt == nil ? (old?.fields["greenWeightKg"]?.numberValue ?? 0) : 0
        let after = new.deletedAt == nil ? (new.fields["greenWeightKg"]?.numberValue ?? 0) : 0
        let delta = before - after
        guard abs(delta) > 0.0000001,
              let lotId = new.fields["lotId"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let lot = try await RecordRepository.find(Lot.self, ctx.sql, organizationId: ctx.organizationId, id: lotId) else { return }
        try await EntityRules.adjustWeight(ctx, lot: lot, delta: delta, field: "greenWeightKg")
    }
}
