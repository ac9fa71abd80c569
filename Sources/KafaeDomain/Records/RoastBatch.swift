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
        // Metrics from the weights and events (DESIGN §7, ``RoastMetrics``); event times are from CHARGE.
        if let green, let roasted, roasted > 0, roasted <= green,
           let loss = RoastMetrics.weightLossPct(greenWeight: green, roastedWeight: roasted) {
            out["weightLossPct"] = .number(roundPlaces(loss, 1))
        }
        if let drop = events["dropS"]?.numberValue, drop > 0 {
            out["totalS"] = .number(drop)
            if let fc = events["firstCrackS"]?.numberValue, fc < drop {
                out["developmentS"] = .number(roundPlaces(drop - fc, 1))
                if let dtr = RoastMetrics.developmentTimeRatioPct(firstCrackS: fc, dropS: drop) {
                    out["dtrPct"] = .number(roundPlaces(dtr, 1))
                }
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
