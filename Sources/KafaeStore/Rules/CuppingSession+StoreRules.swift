import Foundation
import KafaeDomain
import SQLKit

/// Cupping sessions: sample codes kept across edits, samples' lots and cuppers checked, blind codes assigned; a session
/// with score sheets cannot be deleted.
extension CuppingSession: EntityStoreRules {
    public static func prepare(_ ctx: WriteContext, _ input: [String: JSONValue], existing: StoredRecord?, prefix: String) async throws -> [String: JSONValue] {
        var fields = input
        // A sample that was already on the table keeps its code.
        let previous = Dictionary((existing?.fields["samples"]?.arrayValue ?? []).compactMap { s -> (String, JSONValue)? in
            guard let o = s.objectValue, let lot = o["lotId"]?.stringValue, let code = o["code"] else { return nil }
            return (lot, code)
        }, uniquingKeysWith: { a, _ in a })
        var samples = fields["samples"]?.arrayValue ?? []
        var issues: [FieldIssue] = []
        for i in samples.indices {
            guard var o = samples[i].objectValue else { continue }
            if o["code"] == nil, let lot = o["lotId"]?.stringValue, let code = previous[lot] { o["code"] = code }
            samples[i] = .object(o)
            let lotId = o["lotId"]?.stringValue.flatMap(UUID.init(uuidString:))
            if lotId == nil {
                issues.append(.init(field: "\(prefix)samples[\(i)].lotId", code: "reference", params: ["entity": "lot"]))
            } else if try await RecordRepository.find(Lot.self, ctx.sql, organizationId: ctx.organizationId, id: lotId!) == nil {
                issues.append(.init(field: "\(prefix)samples[\(i)].lotId", code: "reference", params: ["entity": "lot"]))
            }
        }
        for (i, c) in (fields["cuppers"]?.arrayValue ?? []).enumerated() {
            guard let user = c.objectValue?["userId"]?.stringValue.flatMap(UUID.init(uuidString:)) else { continue }
            if try await AccountRepository.membership(ctx.sql, organizationId: ctx.organizationId, userId: user) == nil {
                issues.append(.init(field: "\(prefix)cuppers[\(i)].userId", code: "reference", params: ["entity": "member"]))
            }
        }
        if !issues.isEmpty { throw KafaeError.validation(issues) }
        fields["samples"] = .array(samples)
        var rng = SystemRandomNumberGenerator()
        return CuppingSession.assignCodes(fields, using: &rng)
    }

    public static func beforeDelete(_ ctx: WriteContext, existing: StoredRecord) async throws {
        let scores = try await ctx.sql.raw("""
            SELECT COUNT(*) AS n FROM cupping_scores
            WHERE session_id = \(bind: existing.id.text) AND organization_id = \(bind: ctx.organizationId.text) AND deleted_at IS NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        if scores > 0 { throw KafaeError("cupping.session_has_scores", params: ["count": String(scores)]) }
    }
}
