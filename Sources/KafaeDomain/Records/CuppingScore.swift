/// One cupper's sheet for one sample of a session; the score is computed by the session's form.
public enum CuppingScore: SyncedEntity {
    public static let entityName = "cuppingScore"
    public static let table = "cupping_scores"
    public static let writePermission = Permission.cuppingWrite
    public static let fields: [FieldSpec] = [
        FieldSpec("sessionId", "session_id", .text),
        FieldSpec("sampleCode", "sample_code", .text),
        FieldSpec("cupperId", "cupper_id", .text),
        FieldSpec("guestName", "guest_name", .text),
        FieldSpec("scores", "scores", .json),
        FieldSpec("notes", "notes", .text),
        FieldSpec("lotId", "lot_id", .text),
        FieldSpec("protocol", "protocol", .text),
        FieldSpec("total", "total", .double),
        FieldSpec("defects", "defects", .double),
        FieldSpec("finalScore", "final_score", .double),
        FieldSpec("band", "band", .text),
    ]
    public static let computedFields: Set<String> = ["lotId", "protocol", "total", "defects", "finalScore", "band"]
    public static let immutableFields: Set<String> = ["sessionId", "sampleCode", "cupperId", "guestName"]

    /// Checks the sheet's shape; the session's form scores it once the session is known (``score(_:form:prefix:)``).
    public static func normalize(_ input: [String: JSONValue], prefix: String) throws -> [String: JSONValue] {
        var r = FieldReader(input, prefix: prefix, allowed: writableFields)
        var out: [String: JSONValue] = [:]
        if let v = r.id("sessionId", required: true) { out["sessionId"] = .string(v) }
        if let v = r.string("sampleCode", required: true, max: 10).value { out["sampleCode"] = .string(v) }
        let cupper = r.id("cupperId")
        let guest = r.string("guestName", max: 100).value
        if let cupper { out["cupperId"] = .string(cupper) }
        if let guest { out["guestName"] = .string(guest) }
        if cupper == nil && guest == nil && !r.issues.contains(where: { $0.field == r.name("cupperId") }) {
            r.add(.required(r.name("cupperId")))
        }
        if cupper != nil && guest != nil { r.add(.init(field: r.name("guestName"), code: "unknown")) }
        switch input["scores"] {
        case .object(let o)?: out["scores"] = .object(o)
        case nil, .null?: r.add(.required(r.name("scores")))
        case .some: r.add(.type(r.name("scores"), expected: "object"))
        }
        if let v = r.string("notes", max: 5000).value { out["notes"] = .string(v) }
        try r.finish()
        return out
    }

    /// Scores the sheet on the session's form and adds the computed fields.
    public static func score(_ fields: [String: JSONValue], form: CuppingForm, prefix: String) throws -> [String: JSONValue] {
        let result = try CuppingScorer.score(form, fields["scores"]?.objectValue ?? [:], prefix: prefix + "scores.")
        var out = fields
        var scores: [String: JSONValue] = result.values.mapValues { .number($0) }
        for (k, v) in result.descriptors { scores[k] = .array(v.map(JSONValue.string)) }
        out["scores"] = .object(scores)
        out["protocol"] = .string(form.id)
        out["total"] = result.total.map(JSONValue.number) ?? .null
        out["defects"] = .number(result.defects)
        out["finalScore"] = result.finalScore.map(JSONValue.number) ?? .null
        out["band"] = result.band.map(JSONValue.string) ?? .null
        return out.filter { !$0.value.isNull }
    }
}
