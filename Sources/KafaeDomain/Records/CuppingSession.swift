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

/// A roast batch: the green lot it used, the weights, the events and metrics, and the curve of an imported log.
public enum RoastBatch: SyncedEntity {
    public static let entityName = "roastBatch"
    public static let table = "roast_batches"
    public static let writePermission = Permission.roastsWrite
    public static let fields: [FieldSpec] = [
        FieldSpec("lotId", "lot_id", .text),
        FieldSpec("roastedAt", "roasted_at", .text),
        FieldSpec("machine", "machine", .text),
        FieldSpec("operator", "operator", .text),
        FieldSpec("greenWeightKg", "green_weight_kg", .double),
        FieldSpec("roastedWeightKg", "roasted_weight_kg", .double),
        FieldSpec("unit", "unit", .text),
        FieldSpec("events", "events", .json),
        FieldSpec("curve", "curve", .json),
        FieldSpec("sourceFile", "source_file", .text),
        FieldSpec("notes", "notes", .text),
        FieldSpec("weightLossPct", "weight_loss_pct", .double),
        FieldSpec("dtrPct", "dtr_pct", .double),
        FieldSpec("developmentS", "development_s", .double),
        FieldSpec("totalS", "total_s", .double),
        FieldSpec("ror", "ror", .json),
    ]
    public static let computedFields: Set<String> = ["weightLossPct", "dtrPct", "developmentS", "totalS"]
    public static let immutableFields: Set<String> = ["lotId"]
    /// Event fields a batch may carry: times in seconds from CHARGE and temperatures in `unit`.
    public static let eventKeys = ["turningPointS", "turningPointBt", "dryEndS", "dryEndBt", "firstCrackS", "firstCrackBt",
                                   "firstCrackEndS", "secondCrackS", "dropS", "dropBt", "chargeBt", "coolS"]

    public static func normalize(_ input: [String: JSONValue], prefix: String) throws -> [String: JSONValue] {
        var r = FieldReader(input, prefix: prefix, allowed: writableFields)
        var out: [String: JSONValue] = [:]
        if let v = r.id("lotId", required: true) { out["lotId"] = .string(v) }
        if let v = r.dateTime("roastedAt") { out["roastedAt"] = .string(v) }
        if let v = r.string("machine", max: 100).value { out["machine"] = .string(v) }
        if let v = r.string("operator", max: 100).value { out["operator"] = .string(v) }
        let green = r.number("greenWeightKg", required: true, in: 0.001...100_000).value
        let roasted = r.number("roastedWeightKg", in: 0...100_000).value
        if let green { out["greenWeightKg"] = .number(roundPlaces(green, 4)) }
        if let roasted {
            if let green, roasted > green {
                r.add(.range(r.name("roastedWeightKg"), min: "0", max: "greenWeightKg"))
            } else {
                out["roastedWeightKg"] = .number(roundPlaces(roasted, 4))
            }
        }
        out["unit"] = .string(r.oneOf("unit", ["C", "F"]) ?? "C")
        if let v = r.string("sourceFile", max: 200).value { out["sourceFile"] = .string(v) }
        if let v = r.string("notes", max: 5000).value { out["notes"] = .string(v) }
        var events: [String: JSONValue] = [:]
        switch input["events"] {
        case nil, .null?: break
        case .object(let o)?:
            var er = FieldReader(o, prefix: r.name("events") + ".", allowed: Set(eventKeys))
            for key in eventKeys {
                let range: ClosedRange<Double> = key.hasSuffix("S") ? 0...36_000 : -100...1000
                if let v = er.number(key, in: range).value { events[key] = .number(v) }
            }
            er.issues.forEach { r.add($0) }
        case .some:
            r.add(.type(r.name("events"), expected: "object"))
        }
        out["events"] = .object(events)
        switch input["curve"] {
        case nil, .null?: break
        case .object(let o)?:
            var cr = FieldReader(o, prefix: r.name("curve") + ".", allowed: ["timeS", "bt", "et", "ror"])
            var curve: [String: JSONValue] = [:]
            var length: Int?
            for key in ["timeS", "bt", "et", "ror"] {
                guard let v = o[key] else { continue }
                guard let list = v.arrayValue, list.count <= 50_000,
                      list.allSatisfy({ $0.isNull || $0.numberValue != nil }) else {
                    cr.add(.type(cr.name(key), expected: "array of numbers"))
                    continue
                }
                if let length, length != list.count { cr.add(.init(field: cr.name(key), code: "format", params: ["format": "same length as timeS"])) }
                length = length ?? list.count
                curve[key] = .array(list)
            }
            cr.issues.forEach { r.add($0) }
            if !curve.isEmpty { out["curve"] = .object(curve) }
        case .some:
            r.add(.type(r.name("curve"), expected: "object"))
        }
        if let ror = input["ror"], !ror.isNull {
            if case .object(let o) = ror, o.keys.allSatisfy({ ["dry", "mid", "finish", "total"].contains($0) }),
               o.values.allSatisfy({ $0.isNull || $0.numberValue != nil }) {
                out["ror"] = ror
            } else {
                r.add(.type(r.name("ror"), expected: "object {dry, mid, finish, total}"))
            }
        }
        try r.finish()
        // Metrics from the weights and events (DESIGN §7).
        if let green, let roasted, roasted > 0, roasted <= green {
            out["weightLossPct"] = .number(roundPlaces((green - roasted) / green * 100, 1))
        }
        if let drop = events["dropS"]?.numberValue, drop > 0 {
            out["totalS"] = .number(drop)
            if let fc = events["firstCrackS"]?.numberValue, fc < drop {
                out["developmentS"] = .number(roundPlaces(drop - fc, 1))
                out["dtrPct"] = .number(roundPlaces((drop - fc) / drop * 100, 1))
            }
        }
        return out
    }

    /// A batch's fields from an analyzed Artisan log.
    public static func fields(from a: RoastAnalysis, lotId: String, sourceFile: String?) -> [String: JSONValue] {
        var events: [String: JSONValue] = [:]
        let e = a.events
        let pairs: [(String, Double?)] = [("turningPointS", e.turningPointS), ("turningPointBt", e.turningPointBt), ("dryEndS", e.dryEndS),
                                          ("dryEndBt", e.dryEndBt), ("firstCrackS", e.firstCrackS), ("firstCrackBt", e.firstCrackBt),
                                          ("firstCrackEndS", e.firstCrackEndS), ("secondCrackS", e.secondCrackS), ("dropS", e.dropS),
                                          ("dropBt", e.dropBt), ("chargeBt", e.chargeBt), ("coolS", e.coolS)]
        for (k, v) in pairs { if let v { events[k] = .number(v) } }
        func list(_ v: [Double?]) -> JSONValue { .array(v.map { $0.map(JSONValue.number) ?? .null }) }
        var out: [String: JSONValue] = [
            "lotId": .string(lotId), "unit": .string(a.unit), "events": .object(events),
            "curve": .object(["timeS": .array(a.curve.timeS.map(JSONValue.number)), "bt": list(a.curve.bt), "et": list(a.curve.et),
                              "ror": list(a.curve.ror)]),
        ]
        var ror: [String: JSONValue] = [:]
        for (k, v) in [("dry", a.ror.dry), ("mid", a.ror.mid), ("finish", a.ror.finish), ("total", a.ror.total)] { if let v { ror[k] = .number(v) } }
        out["ror"] = .object(ror)
        if let w = a.weightInG { out["greenWeightKg"] = .number(roundPlaces(w / 1000, 4)) }
        if let w = a.weightOutG { out["roastedWeightKg"] = .number(roundPlaces(w / 1000, 4)) }
        if let sourceFile { out["sourceFile"] = .string(sourceFile) }
        return out
    }
}
