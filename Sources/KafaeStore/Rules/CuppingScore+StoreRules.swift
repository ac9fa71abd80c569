import Foundation
import KafaeDomain
import SQLKit

/// Score sheets: scored by their session's form, one sheet per cupper per sample.
extension CuppingScore: EntityStoreRules {
    public static func prepare(_ ctx: WriteContext, _ input: [String: JSONValue], existing: StoredRecord?, prefix: String) async throws -> [String: JSONValue] {
        var fields = input
        let session = try await EntityRules.requireRecord(CuppingSession.self, ctx, fields["sessionId"], field: prefix + "sessionId")
        let code = fields["sampleCode"]?.stringValue ?? ""
        guard let sample = (session.fields["samples"]?.arrayValue ?? []).compactMap(\.objectValue).first(where: { $0["code"]?.stringValue == code }) else {
            throw KafaeError.validation([.init(field: prefix + "sampleCode", code: "reference", params: ["entity": "sample"])])
        }
        fields["lotId"] = sample["lotId"]
        if let cupper = fields["cupperId"]?.stringValue.flatMap(UUID.init(uuidString:)),
           try await AccountRepository.membership(ctx.sql, organizationId: ctx.organizationId, userId: cupper) == nil {
            throw KafaeError.validation([.init(field: prefix + "cupperId", code: "reference", params: ["entity": "member"])])
        }
        guard let form = session.fields["protocol"]?.stringValue.flatMap(BuiltInForms.form) else { throw KafaeError("internal.error") }
        fields = try CuppingScore.score(fields, form: form, prefix: prefix)
        // One sheet per cupper per sample.
        let cupperClause: SQLQueryString = fields["cupperId"] != nil
            ? "cupper_id = \(bind: fields["cupperId"]!.stringValue!)"
            : "cupper_id IS NULL AND LOWER(guest_name) = \(bind: (fields["guestName"]?.stringValue ?? "").lowercased())"
        let other = try await ctx.sql.raw("""
            SELECT id FROM cupping_scores
            WHERE organization_id = \(bind: ctx.organizationId.text) AND session_id = \(bind: session.id.text)
              AND sample_code = \(bind: code) AND deleted_at IS NULL AND \(cupperClause)
            """).all().compactMap { try? $0.decode(column: "id", as: String.self) }
        if other.contains(where: { $0 != existing?.id.text }) {
            throw KafaeError("cupping.duplicate_score", params: ["code": code])
        }
        return fields
    }
}
