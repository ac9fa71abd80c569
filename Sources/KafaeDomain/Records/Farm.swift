/// A farm or origin: where a lot's coffee grew.
public enum Farm: SyncedEntity {
    public static let entityName = "farm"
    public static let table = "farms"
    public static let writePermission = Permission.farmsWrite
    public static let fields: [FieldSpec] = [
        FieldSpec("name", "name", .text),
        FieldSpec("country", "country", .text),
        FieldSpec("province", "province", .text),
        FieldSpec("district", "district", .text),
        FieldSpec("altitudeM", "altitude_m", .double),
        FieldSpec("latitude", "latitude", .double),
        FieldSpec("longitude", "longitude", .double),
        FieldSpec("owner", "owner", .text),
        FieldSpec("notes", "notes", .text),
    ]

    /// Thailand's ISO 3166-1 code, the default country.
    public static let thailand = "TH"

    /// Checks every field; a Thai province is stored under its English name, any foreign origin needs a country.
    public static func normalize(_ input: [String: JSONValue], prefix: String) throws -> [String: JSONValue] {
        var r = FieldReader(input, prefix: prefix, allowed: fieldNames)
        var out: [String: JSONValue] = [:]
        if let name = r.string("name", required: true, max: 200).value { out["name"] = .string(name) }
        let country = normalizeCountry(r.string("country", max: 60).value)
        out["country"] = .string(country)
        if let province = r.string("province", max: 100).value {
            if country == thailand {
                if let p = Province.find(province) {
                    out["province"] = .string(p.nameEn)
                } else {
                    r.add(.init(field: r.name("province"), code: "province"))
                }
            } else {
                out["province"] = .string(province)
            }
        }
        if let v = r.string("district", max: 100).value { out["district"] = .string(v) }
        if let v = r.number("altitudeM", in: 0...3000).value { out["altitudeM"] = .number(v) }
        let lat = r.number("latitude", in: -90...90).value
        let lon = r.number("longitude", in: -180...180).value
        switch (lat, lon) {
        case let (la?, lo?):
            out["latitude"] = .number(la)
            out["longitude"] = .number(lo)
        case (_?, nil) where !r.issues.contains { $0.field == r.name("longitude") }:
            r.add(.init(field: r.name("latitude"), code: "pair", params: ["other": r.name("longitude")]))
        case (nil, _?) where !r.issues.contains { $0.field == r.name("latitude") }:
            r.add(.init(field: r.name("longitude"), code: "pair", params: ["other": r.name("latitude")]))
        default: break
        }
        if let v = r.string("owner", max: 200).value { out["owner"] = .string(v) }
        if let v = r.string("notes", max: 5000).value { out["notes"] = .string(v) }
        try r.finish()
        return out
    }

    public static func derived(_ fields: [String: JSONValue]) -> [String: JSONValue] {
        guard fields["country"]?.stringValue == thailand, let p = fields["province"]?.stringValue,
              let province = Province.find(p) else { return [:] }
        return ["provinceTh": .string(province.nameTh)]
    }

    static func normalizeCountry(_ raw: String?) -> String {
        guard let raw else { return thailand }
        switch raw.lowercased() {
        case "th", "tha", "thailand", "ไทย", "ประเทศไทย": return thailand
        default: return raw.count == 2 ? raw.uppercased() : raw
        }
    }
}
