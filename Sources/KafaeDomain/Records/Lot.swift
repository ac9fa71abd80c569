/// A lot: an amount of coffee at one stage (cherry, parchment, green, roasted), from a farm or from other lots.
public enum Lot: SyncedEntity {
    public static let entityName = "lot"
    public static let table = "lots"
    public static let writePermission = Permission.lotsWrite
    public static let fields: [FieldSpec] = [
        FieldSpec("code", "code", .text),
        FieldSpec("farmId", "farm_id", .text),
        FieldSpec("species", "species", .text),
        FieldSpec("variety", "variety", .text),
        FieldSpec("process", "process", .text),
        FieldSpec("harvestDate", "harvest_date", .text),
        FieldSpec("cropYear", "crop_year", .text),
        FieldSpec("stage", "stage", .text),
        FieldSpec("weightKg", "weight_kg", .double),
        FieldSpec("initialWeightKg", "initial_weight_kg", .double),
        FieldSpec("parents", "parents", .json),
        FieldSpec("notes", "notes", .text),
        FieldSpec("sourceRef", "source_ref", .text),
    ]
    public static let computedFields: Set<String> = ["initialWeightKg", "sourceRef"]
    public static let immutableFields: Set<String> = ["parents"]

    public static let species = ["arabica", "robusta"]
    public static let processes = ["washed", "natural", "honeyYellow", "honeyRed", "honeyBlack", "anaerobic", "wetHulled", "other"]
    public static let stages = ["cherry", "parchment", "green", "roasted"]
    /// How a lot came from its parents.
    public static let operations = ["split", "merge", "process", "hull", "roast", "other"]

    public static func normalize(_ input: [String: JSONValue], prefix: String) throws -> [String: JSONValue] {
        var r = FieldReader(input, prefix: prefix, allowed: writableFields)
        var out: [String: JSONValue] = [:]
        if let v = r.string("code", max: 40).value { out["code"] = .string(v) }
        if let v = r.id("farmId") { out["farmId"] = .string(v) }
        if let v = r.oneOf("species", species, required: true) { out["species"] = .string(v) }
        if let v = r.string("variety", max: 100).value { out["variety"] = .string(v) }
        if let v = r.oneOf("process", processes) { out["process"] = .string(v) }
        let harvest = r.date("harvestDate")
        if let harvest { out["harvestDate"] = .string(harvest) }
        if let v = r.string("cropYear", max: 20).value {
            out["cropYear"] = .string(v)
        } else if let harvest, let y = Int(harvest.prefix(4)), let m = Int(harvest.dropFirst(5).prefix(2)) {
            // Thai harvests run from about October to March: October–December start a crop year.
            out["cropYear"] = .string(m >= 10 ? "\(y)/\(String(y + 1).suffix(2))" : "\(y - 1)/\(String(y).suffix(2))")
        }
        if let v = r.oneOf("stage", stages, required: true) { out["stage"] = .string(v) }
        if let v = r.number("weightKg", in: 0...10_000_000).value { out["weightKg"] = .number(roundPlaces(v, 3)) }
        if let v = r.string("notes", max: 5000).value { out["notes"] = .string(v) }
        switch input["parents"] {
        case nil, .null?: break
        case .array(let list)?:
            var parents: [JSONValue] = []
            var seen = Set<String>()
            for (i, item) in list.enumerated() {
                guard case .object(let o) = item else { r.add(.type(r.name("parents[\(i)]"), expected: "object")); continue }
                var pr = FieldReader(o, prefix: r.name("parents[\(i)]") + ".", allowed: ["lotId", "weightKg", "operation"])
                let lotId = pr.id("lotId", required: true)
                let w = pr.number("weightKg", required: true, in: 0...10_000_000).value
                let op = pr.oneOf("operation", operations) ?? "other"
                pr.issues.forEach { r.add($0) }
                guard let lotId, let w else { continue }
                if !seen.insert(lotId).inserted { r.add(.init(field: r.name("parents[\(i)].lotId"), code: "duplicate")); continue }
                parents.append(.object(["lotId": .string(lotId), "weightKg": .number(roundPlaces(w, 3)), "operation": .string(op)]))
            }
            if list.count > 50 { r.add(.range(r.name("parents"), min: "0", max: "50")) }
            if !parents.isEmpty { out["parents"] = .array(parents) }
        case .some:
            r.add(.type(r.name("parents"), expected: "array"))
        }
        try r.finish()
        return out
    }
}
