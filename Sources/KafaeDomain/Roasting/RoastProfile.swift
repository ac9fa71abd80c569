import Foundation

/// The parts of a roast log that Kafae computes with: the samples, the marked events and the weights.
public struct RoastProfile: Sendable, Hashable {
    /// `C` or `F`: the unit of every temperature in the profile.
    public var unit: String
    /// Sample times in seconds from the start of recording.
    public var time: [Double]
    /// Environment temperature per sample (nil: not measured).
    public var et: [Double?]
    /// Bean temperature per sample (nil: not measured).
    public var bt: [Double?]
    /// Sample indices of the marked events (nil: not marked).
    public var charge: Int?
    public var dryEnd: Int?
    public var firstCrack: Int?
    public var firstCrackEnd: Int?
    public var secondCrack: Int?
    public var secondCrackEnd: Int?
    public var drop: Int?
    public var cool: Int?
    public var weightInG: Double?
    public var weightOutG: Double?
    /// The drying phase's upper temperature, used to place DRY END when it was not marked.
    public var dryingEndTemp: Double?
    public var title: String?
    public var beans: String?
    /// When the roast started, if the log says.
    public var roastedAt: Date?
    public var roastId: String?

    public init(unit: String, time: [Double], et: [Double?], bt: [Double?], charge: Int?, dryEnd: Int? = nil,
                firstCrack: Int? = nil, firstCrackEnd: Int? = nil, secondCrack: Int? = nil, secondCrackEnd: Int? = nil,
                drop: Int? = nil, cool: Int? = nil, weightInG: Double? = nil, weightOutG: Double? = nil,
                dryingEndTemp: Double? = nil) {
        self.unit = unit
        self.time = time
        self.et = et
        self.bt = bt
        self.charge = charge
        self.dryEnd = dryEnd
        self.firstCrack = firstCrack
        self.firstCrackEnd = firstCrackEnd
        self.secondCrack = secondCrack
        self.secondCrackEnd = secondCrackEnd
        self.drop = drop
        self.cool = cool
        self.weightInG = weightInG
        self.weightOutG = weightOutG
        self.dryingEndTemp = dryingEndTemp
    }
}

/// Reads Artisan `.alog` files: the Python-literal form Artisan saves and the JSON form of its templates.
///
/// Source: Artisan's profile format (`timex`, `temp1` = ET, `temp2` = BT, `timeindex` = sample indices of
/// CHARGE, DRY END, FCs, FCe, SCs, SCe, DROP, COOL with 0 = not set and CHARGE −1 = not set, `weight` =
/// [in, out, unit], `mode` = C/F, `phases` = [drying start, drying end, FCs min, FCs max]). Readings of −1
/// mean "no reading".
public enum ArtisanLog {
    /// Grams per unit Artisan may write in `weight[2]`.
    static let grams: [String: Double] = ["g": 1, "kg": 1000, "lb": 453.59237, "oz": 28.349523125]

    public static func parse(_ data: Data) throws -> RoastProfile {
        guard !data.isEmpty else { throw KafaeError("roast.empty_file") }
        let root: JSONValue
        do {
            root = try PythonLiteralParser.parse(data)
        } catch let e as PythonLiteralParser.SyntaxError {
            throw KafaeError("roast.unreadable_file", params: ["offset": String(e.offset)])
        }
        guard case .object(let d) = root else { throw KafaeError("roast.unreadable_file", params: ["offset": "0"]) }
        return try profile(d)
    }

    /// Builds a profile from an Artisan dict (already parsed).
    public static func profile(_ d: [String: JSONValue]) throws -> RoastProfile {
        guard let timex = d["timex"]?.arrayValue, !timex.isEmpty else { throw KafaeError("roast.no_samples") }
        let time = timex.map { $0.numberValue }
        guard !time.contains(where: { $0 == nil }) else { throw KafaeError("roast.bad_field", params: ["field": "timex"]) }
        func readings(_ key: String) throws -> [Double?] {
            guard let list = d[key]?.arrayValue else { return Array(repeating: nil, count: timex.count) }
            guard list.count >= timex.count else { throw KafaeError("roast.bad_field", params: ["field": key]) }
            return list.prefix(timex.count).map { v in
                guard let n = v.numberValue, n != -1, n.isFinite else { return nil }
                return n
            }
        }
        let et = try readings("temp1")
        let bt = try readings("temp2")
        guard bt.contains(where: { $0 != nil }) else { throw KafaeError("roast.no_samples") }

        let ti = (d["timeindex"]?.arrayValue ?? []).map { $0.numberValue.map { Int($0) } ?? 0 }
        func index(_ k: Int, allowZero: Bool = false) -> Int? {
            guard k < ti.count else { return nil }
            let v = ti[k]
            guard v >= 0, v < timex.count, allowZero || v > 0 else { return nil }
            return v
        }
        let unit = (d["mode"]?.stringValue ?? "C").uppercased() == "F" ? "F" : "C"
        var profile = RoastProfile(unit: unit, time: time.map { $0! }, et: et, bt: bt,
                                   charge: index(0, allowZero: true), dryEnd: index(1), firstCrack: index(2), firstCrackEnd: index(3),
                                   secondCrack: index(4), secondCrackEnd: index(5), drop: index(6), cool: index(7))
        if let w = d["weight"]?.arrayValue, w.count >= 3, let factor = grams[(w[2].stringValue ?? "g").lowercased()] {
            if let a = w[0].numberValue, a > 0 { profile.weightInG = a * factor }
            if let b = w[1].numberValue, b > 0 { profile.weightOutG = b * factor }
        }
        if let phases = d["phases"]?.arrayValue, phases.count >= 2, let t = phases[1].numberValue, t > 0 {
            profile.dryingEndTemp = t
        }
        profile.title = d["title"]?.stringValue
        profile.beans = d["beans"]?.stringValue
        profile.roastId = d["roastUUID"]?.stringValue
        if let epoch = d["roastepoch"]?.numberValue, epoch > 0 { profile.roastedAt = Date(timeIntervalSince1970: epoch) }
        return profile
    }
}
