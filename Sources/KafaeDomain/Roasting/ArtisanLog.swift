import Foundation

/// Reads Artisan `.alog` files: the Python-literal form Artisan saves and the JSON form of its templates.
///
/// Source: Artisan's profile format (`timex`, `temp1` = ET, `temp2` = BT, `timeindex` = sample indices of
/// CHARGE, DRY END, FCs, FCe, SCs, SCe, DROP, COOL with 0 = not set and CHARGE −1 = not set, `weight` =
/// [in, out, unit], `mode` = C/F, `phases` = [drying start, drying end, FCs min, FCs max]). Readings of −1
/// mean "no reading".
///
/// Total on any input: every number is range-checked before it is used (no `Int(Double)` on a value from the
/// file), a log holds at most ``maxSamples`` samples and its times never go backwards.
public enum ArtisanLog {
    /// Grams per unit Artisan may write in `weight[2]`.
    static let grams: [String: Double] = ["g": 1, "kg": 1000, "lb": 453.59237, "oz": 28.349523125]
    /// The most samples a log may hold (Artisan samples every 0.5–5 s: 50,000 samples are hours of roasting).
    public static let maxSamples = 50_000
    /// The largest sample time, in seconds from the start of recording, accepted (about 11.5 days).
    public static let maxTimeS = 1_000_000.0
    /// The largest magnitude of a temperature reading accepted (°C or °F); anything beyond is not a reading.
    public static let maxReading = 100_000.0
    /// The largest batch weight accepted, in grams (100 t, as a roast batch's `greenWeightKg`).
    public static let maxWeightG = 100_000_000.0

    public static func parse(_ data: Data) throws -> RoastProfile {
        guard !data.isEmpty else { throw KafaeError("roast.empty_file") }
        let root: JSONValue
        do {
            // No list in a log is longer than its samples (temp1 and temp2 may carry a few more): refuse a
            // runaway list while parsing, before it is all in memory.
            root = try PythonLiteralParser.parse(data, maxItems: 2 * maxSamples)
        } catch let e as PythonLiteralParser.SyntaxError {
            throw KafaeError("roast.unreadable_file", params: ["offset": String(e.offset)])
        } catch is PythonLiteralParser.TooManyItems {
            throw tooManySamples
        }
        guard case .object(let d) = root else { throw KafaeError("roast.unreadable_file", params: ["offset": "0"]) }
        return try profile(d)
    }

    static var tooManySamples: KafaeError { KafaeError("roast.too_many_samples", params: ["max": String(maxSamples)]) }

    /// Builds a profile from an Artisan dict (already parsed).
    public static func profile(_ d: [String: JSONValue]) throws -> RoastProfile {
        func bad(_ field: String) -> KafaeError { KafaeError("roast.bad_field", params: ["field": field]) }
        // The sample lists and the event indices are lists or absent (null counts as absent).
        for key in ["timex", "temp1", "temp2", "timeindex"] {
            if let v = d[key], !v.isNull, v.arrayValue == nil { throw bad(key) }
        }
        guard let timex = d["timex"]?.arrayValue, !timex.isEmpty else { throw KafaeError("roast.no_samples") }
        guard timex.count <= maxSamples else { throw tooManySamples }
        // Times: finite, within range and never decreasing (Artisan's clock only goes forward; equal times are
        // tolerated). The RoR curve and every phase length rely on this.
        var time: [Double] = []
        time.reserveCapacity(timex.count)
        for v in timex {
            guard let t = v.numberValue, t.isFinite, abs(t) <= maxTimeS, t >= (time.last ?? -maxTimeS) else { throw bad("timex") }
            time.append(t)
        }
        func readings(_ key: String) throws -> [Double?] {
            guard let list = d[key]?.arrayValue else { return Array(repeating: nil, count: timex.count) }
            guard list.count >= timex.count else { throw bad(key) }
            return try list.prefix(timex.count).map { v in
                guard let n = v.numberValue, n != -1, n.isFinite else { return nil }
                guard abs(n) <= maxReading else { throw bad(key) }
                return n
            }
        }
        let et = try readings("temp1")
        let bt = try readings("temp2")
        guard bt.contains(where: { $0 != nil }) else { throw KafaeError("roast.no_samples") }

        // Event indices: only the first eight entries mean anything. A fraction is malformed; an index outside the
        // samples (negative, past the end, 1e19) is "not set"; an entry that is not a number counts as 0.
        var ti: [Int] = []
        for v in (d["timeindex"]?.arrayValue ?? []).prefix(8) {
            guard let n = v.numberValue else { ti.append(0); continue }
            guard n.isFinite, n.rounded() == n else { throw bad("timeindex") }
            ti.append(Int(exactly: n).flatMap { $0 >= 0 && $0 < timex.count ? $0 : nil } ?? -1)
        }
        func index(_ k: Int, allowZero: Bool = false) -> Int? {
            guard k < ti.count else { return nil }
            let v = ti[k]
            guard v >= 0, v < timex.count, allowZero || v > 0 else { return nil }
            return v
        }
        let unit = (d["mode"]?.stringValue ?? "C").uppercased() == "F" ? "F" : "C"
        var profile = RoastProfile(unit: unit, time: time, et: et, bt: bt,
                                   charge: index(0, allowZero: true), dryEnd: index(1), firstCrack: index(2), firstCrackEnd: index(3),
                                   secondCrack: index(4), secondCrackEnd: index(5), drop: index(6), cool: index(7))
        if let w = d["weight"]?.arrayValue, w.count >= 3, let factor = grams[(w[2].stringValue ?? "g").lowercased()] {
            func inGrams(_ v: JSONValue) throws -> Double? {
                guard let a = v.numberValue, a > 0 else { return nil }
                let g = a * factor
                guard g.isFinite, g <= maxWeightG else { throw bad("weight") }
                return g
            }
            profile.weightInG = try inGrams(w[0])
            profile.weightOutG = try inGrams(w[1])
        }
        if let phases = d["phases"]?.arrayValue, phases.count >= 2, let t = phases[1].numberValue, t > 0, t.isFinite {
            profile.dryingEndTemp = t
        }
        profile.title = d["title"]?.stringValue
        profile.beans = d["beans"]?.stringValue
        profile.roastId = d["roastUUID"]?.stringValue
        // A start time outside the years 1970–9999 is not a date: it is left unknown.
        if let epoch = d["roastepoch"]?.numberValue, epoch > 0, epoch < 253_402_300_800 {
            profile.roastedAt = Date(timeIntervalSince1970: epoch)
        }
        return profile
    }
}
