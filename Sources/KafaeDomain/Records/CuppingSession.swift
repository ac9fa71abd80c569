/// A cupping session: a protocol, a date, the samples on the table (with codes) and who cups.
public enum CuppingSession: SyncedEntity {
    public static let entityName = "cuppingSession"
    public static let table = "cupping_sessions"
    public static let writePermission = Permission.cuppingWrite
    public static let fields: [FieldSpec] = [
        FieldSpec("name", "name", .text),
        FieldSpec("protocol", "protocol", .text),
        FieldSpec("sessionDate", "session_date", .text),
        FieldSpec("blind", "blind", .bool),
        FieldSpec("samples", "samples", .json),
        FieldSpec("cuppers", "cuppers", .json),
        FieldSpec("notes", "notes", .text),
    ]
    public static let immutableFields: Set<String> = ["protocol"]

    public static func normalize(_ input: [String: JSONValue], prefix: String) throws -> [String: JSONValue] {
        var r = FieldReader(input, prefix: prefix, allowed: writableFields)
        var out: [String: JSONValue] = [:]
        if let v = r.string("name", required: true, max: 200).value { out["name"] = .string(v) }
        if let v = r.oneOf("protocol", BuiltInForms.all.map(\.id), required: true) { out["protocol"] = .string(v) }
        if let v = r.date("sessionDate", required: true) { out["sessionDate"] = .string(v) }
        out["blind"] = .bool(r.bool("blind").value ?? false)
        if let v = r.string("notes", max: 5000).value { out["notes"] = .string(v) }

        var samples: [JSONValue] = []
        var codes = Set<String>(), lots = Set<String>()
        switch input["samples"] {
        case nil, .null?: break
        case .array(let list)?:
            if list.count > 60 { r.add(.range(r.name("samples"), min: "0", max: "60")) }
            for (i, item) in list.enumerated() {
                let at = r.name("samples[\(i)]")
                guard case .object(let o) = item else { r.add(.type(at, expected: "object")); continue }
                var sr = FieldReader(o, prefix: at + ".", allowed: ["lotId", "code", "label"])
                let lotId = sr.id("lotId", required: true)
                let code = sr.string("code", max: 10).value
                let label = sr.string("label", max: 100).value
                sr.issues.forEach { r.add($0) }
                guard let lotId else { continue }
                if !lots.insert(lotId).inserted { r.add(.init(field: at + ".lotId", code: "duplicate")) }
                if let code, !codes.insert(code).inserted { r.add(.init(field: at + ".code", code: "duplicate")) }
                var s: [String: JSONValue] = ["lotId": .string(lotId)]
                if let code { s["code"] = .string(code) }
                if let label { s["label"] = .string(label) }
                samples.append(.object(s))
            }
        case .some:
            r.add(.type(r.name("samples"), expected: "array"))
        }
        out["samples"] = .array(samples)

        var cuppers: [JSONValue] = []
        switch input["cuppers"] {
        case nil, .null?: break
        case .array(let list)?:
            var seen = Set<String>()
            for (i, item) in list.enumerated() {
                let at = r.name("cuppers[\(i)]")
                guard case .object(let o) = item else { r.add(.type(at, expected: "object")); continue }
                var cr = FieldReader(o, prefix: at + ".", allowed: ["userId", "name"])
                let user = cr.id("userId")
                let name = cr.string("name", max: 100).value
                cr.issues.forEach { r.add($0) }
                if user == nil && name == nil { r.add(.required(at + ".userId")); continue }
                let key = user ?? "guest:\(name!.lowercased())"
                if !seen.insert(key).inserted { r.add(.init(field: at, code: "duplicate")); continue }
                var c: [String: JSONValue] = [:]
                if let user { c["userId"] = .string(user) }
                if let name { c["name"] = .string(name) }
                cuppers.append(.object(c))
            }
        case .some:
            r.add(.type(r.name("cuppers"), expected: "array"))
        }
        out["cuppers"] = .array(cuppers)
        try r.finish()
        return out
    }

    /// Gives every sample without a code one: a distinct random three-digit number in a blind session, its
    /// position (1, 2, …) otherwise. Codes already given are kept.
    public static func assignCodes(_ fields: [String: JSONValue], using rng: inout some RandomNumberGenerator) -> [String: JSONValue] {
        guard var samples = fields["samples"]?.arrayValue else { return fields }
        let blind = fields["blind"]?.boolValue ?? false
        var used = Set(samples.compactMap { $0.objectValue?["code"]?.stringValue })
        for i in samples.indices {
            guard var s = samples[i].objectValue, s["code"] == nil else { continue }
            var code: String
            if blind {
                repeat { code = String(Int.random(in: 100...999, using: &rng)) } while used.contains(code)
            } else {
                var n = i + 1
                repeat { code = String(n); n += 1 } while used.contains(code)
            }
            used.insert(code)
            s["code"] = .string(code)
            samples[i] = .object(s)
        }
        var out = fields
        out["samples"] = .array(samples)
        return out
    }
}
