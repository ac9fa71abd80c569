import Foundation

/// One Coffee Quality Institute review row, read from any of its CSV layouts.
///
/// Headers are matched loosely (`Clean.Cup` = `Clean Cup`, `Cupper.Points` = `Overall`); numbers are read out of
/// text such as `12 %`, `Sample  90.58` or `0 full defects`; moisture may be a fraction (0.12) or a percentage (11.8).
public struct CQIRecord: Sendable, Equatable {
    public var line: Int
    public var species: String
    public var farmName: String?
    public var region: String?
    public var country: String?
    public var owner: String?
    public var producer: String?
    public var variety: String?
    public var process: String?
    public var harvestYear: String?
    public var gradingDate: String?
    public var altitudeM: Double?
    public var weightKg: Double?
    public var lotNumber: String?
    /// Attribute key of the panel form → score.
    public var attributes: [String: Double]
    public var totalCupPoints: Double
    public var moisturePct: Double?
    public var category1: Int?
    public var category2: Int?
    public var quakers: Int?
    public var color: String?
    /// Identifies the row's content, so importing the same file twice creates nothing new.
    public var fingerprint: String

    /// Attribute columns of each species: form key → accepted header keys.
    static let arabicaColumns: [(String, [String])] = [
        ("aroma", ["aroma", "fragrancearoma"]), ("flavor", ["flavor"]), ("aftertaste", ["aftertaste"]), ("acidity", ["acidity"]),
        ("body", ["body"]), ("balance", ["balance"]), ("uniformity", ["uniformity", "uniformcup"]), ("cleanCup", ["cleancup"]),
        ("sweetness", ["sweetness"]), ("overall", ["cupperpoints", "overall"]),
    ]
    static let robustaColumns: [(String, [String])] = [
        ("fragranceAroma", ["fragrancearoma", "aroma"]), ("flavor", ["flavor"]), ("aftertaste", ["aftertaste"]),
        ("saltAcid", ["saltacid"]), ("bitterSweet", ["bittersweet"]), ("mouthfeel", ["mouthfeel"]),
        ("uniformCup", ["uniformcup", "uniformity"]), ("cleanCup", ["cleancup"]), ("balance", ["balance"]),
        ("overall", ["cupperpoints", "overall"]),
    ]

    /// A problem with one row: its line, a catalogue code and the column it concerns.
    public struct RowError: Error, Sendable, Equatable {
        public let line: Int
        public let code: String
        public let column: String
    }

    /// The most data rows one import may hold (the CQI files hold about 1,300).
    public static let maxRows = 20_000
    /// The most columns a row may have (the CQI layouts have 20 to 50).
    public static let maxColumns = 1_000

    /// Reads every data row; rows that cannot be used come back as errors, the others as records.
    ///
    /// Throws `import.too_many_rows` past `maxRows` data rows and `import.too_many_columns` past ``maxColumns``
    /// fields in a row (both 413, with `{max}`), before the rest of the file is read.
    public static func read(_ text: String, maxRows: Int) throws -> (records: [CQIRecord], errors: [RowError], columns: Int) {
        let rows: [CSV.Record]
        do {
            rows = try CSV.parse(text, maxRecords: maxRows + 1, maxFields: maxColumns)
        } catch CSV.LimitError.tooManyRecords(_, let line) {
            throw KafaeError("import.too_many_rows", params: ["max": String(maxRows), "line": String(line)])
        } catch CSV.LimitError.tooManyFields(let max, let line) {
            throw KafaeError("import.too_many_columns", params: ["max": String(max), "line": String(line)])
        }
        return records(rows)
    }

    /// ``read(_:maxRows:)`` with ``maxRows``; a file past a cap comes back as a single error on line 1 and no records.
    public static func read(_ text: String) -> (records: [CQIRecord], errors: [RowError], columns: Int) {
        do {
            return try read(text, maxRows: maxRows)
        } catch let e as KafaeError {
            return ([], [RowError(line: 1, code: e.code, column: "")], 0)
        } catch {
            return ([], [RowError(line: 1, code: "import.bad_row", column: "")], 0)
        }
    }

    static func records(_ rows: [CSV.Record]) -> (records: [CQIRecord], errors: [RowError], columns: Int) {
        guard let header = rows.first else { return ([], [RowError(line: 1, code: "import.empty", column: "")], 0) }
        var index: [String: Int] = [:]
        for (i, h) in header.fields.enumerated() where index[CSV.key(h)] == nil { index[CSV.key(h)] = i }
        var records: [CQIRecord] = []
        var errors: [RowError] = []
        for row in rows.dropFirst() {
            do {
                records.append(try record(row, index: index))
            } catch let e as RowError {
                errors.append(e)
            } catch {
                errors.append(RowError(line: row.line, code: "import.bad_row", column: ""))
            }
        }
        return (records, errors, header.fields.count)
    }

    static func record(_ row: CSV.Record, index: [String: Int]) throws -> CQIRecord {
        func text(_ keys: String...) -> String? {
            for k in keys {
                if let i = index[k], i < row.fields.count {
                    let v = row.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
                    if !v.isEmpty, v.uppercased() != "NA", v != "nan" { return v }
                }
            }
            return nil
        }
        func number(_ keys: String...) -> Double? {
            for k in keys { if let t = text(k), let n = firstNumber(t) { return n } }
            return nil
        }
        var species = (text("species") ?? "").lowercased()
        if species.isEmpty { species = index["saltacid"] != nil ? "robusta" : "arabica" }
        guard species == "arabica" || species == "robusta" else { throw RowError(line: row.line, code: "import.species", column: "Species") }
        let columns = species == "robusta" ? robustaColumns : arabicaColumns
        var attributes: [String: Double] = [:]
        for (key, headers) in columns {
            guard let header = headers.first(where: { index[$0] != nil }) else {
                throw RowError(line: row.line, code: "import.missing_column", column: headers[0])
            }
            guard let v = number(header) else { throw RowError(line: row.line, code: "import.not_a_number", column: header) }
            guard (0...10).contains(v) else { throw RowError(line: row.line, code: "import.out_of_range", column: header) }
            attributes[key] = v
        }
        guard let total = number("totalcuppoints", "total", "qualityscore") else {
            throw RowError(line: row.line, code: "import.not_a_number", column: "Total Cup Points")
        }
        guard total > 0, total <= 100 else { throw RowError(line: row.line, code: "import.no_score", column: "Total Cup Points") }
        var r = CQIRecord(line: row.line, species: species, attributes: attributes, totalCupPoints: total,
                          fingerprint: Self.fingerprint(row.fields))
        r.farmName = text("farmname")
        r.region = text("region")
        r.country = text("countryoforigin", "country")
        r.owner = text("owner", "owner1")
        r.producer = text("producer")
        r.variety = text("variety")
        r.process = text("processingmethod", "process")
        r.harvestYear = text("harvestyear").map { String($0.prefix(20)) }
        r.gradingDate = text("gradingdate").flatMap(Self.date)
        r.lotNumber = text("lotnumber")
        if let a = number("altitudemeanmeters"), (0...3000).contains(a) {
            r.altitudeM = a
        } else if let t = text("altitude") {
            let nums = allNumbers(t).filter { (0...3000).contains($0) }
            if !nums.isEmpty { r.altitudeM = (nums.reduce(0, +) / Double(nums.count)).rounded() }
        }
        if let bags = number("numberofbags"), let bag = text("bagweight"), let w = firstNumber(bag), bags > 0 {
            let perBag = bag.lowercased().contains("lb") && !bag.lowercased().contains("kg") ? w * 0.45359237 : w
            let total = bags * perBag
            if total > 0, total <= 10_000_000 { r.weightKg = roundPlaces(total, 3) }
        }
        if let m = number("moisture") {
            let pct = m <= 1 && !(text("moisture") ?? "").contains("%") ? m * 100 : m
            guard (0...100).contains(pct) else { throw RowError(line: row.line, code: "import.out_of_range", column: "Moisture") }
            // CQI writes 0 where moisture was not measured.
            if pct > 0 { r.moisturePct = roundPlaces(pct, 2) }
        }
        func count(_ key: String, _ name: String) throws -> Int? {
            guard let v = number(key) else { return nil }
            guard v >= 0, v < 100_000, let n = Int(exactly: v) else { throw RowError(line: row.line, code: "import.out_of_range", column: name) }
            return n
        }
        r.category1 = try count("categoryonedefects", "Category One Defects")
        r.category2 = try count("categorytwodefects", "Category Two Defects")
        r.quakers = try count("quakers", "Quakers")
        r.color = text("color").map { String($0.prefix(100)) }
        return r
    }

    /// The process names CQI uses → Kafae's.
    public var kafaeProcess: String? {
        guard let p = process?.lowercased() else { return nil }
        if p.contains("washed") && !p.contains("semi") { return "washed" }
        if p.contains("natural") && p.contains("pulped") { return "honeyYellow" }
        if p.contains("natural") || p.contains("dry") { return "natural" }
        if p.contains("semi") { return "wetHulled" }
        return "other"
    }

    static func firstNumber(_ s: String) -> Double? { allNumbers(s).first }

    /// Every number in a text, in order. One pass: linear in the text's length.
    static func allNumbers(_ s: String) -> [Double] {
        var out: [Double] = []
        var current = ""
        var hasPoint = false
        for c in s + " " {
            if c.isNumber || (c == "." && !hasPoint) || (c == "-" && current.isEmpty) {
                current.append(c)
                if c == "." { hasPoint = true }
            } else {
                if let d = Double(current), d.isFinite { out.append(d) }
                current = ""
                hasPoint = false
            }
        }
        return out
    }

    /// "April 4th, 2015" → "2015-04-04"; ISO dates pass through.
    static func date(_ s: String) -> String? {
        if FieldReader.isDate(String(s.prefix(10))) { return String(s.prefix(10)) }
        let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        let words = s.lowercased().split(whereSeparator: { $0 == " " || $0 == "," })
        guard words.count >= 3, let m = months.firstIndex(of: String(words[0])),
              let d = Int(words[1].filter(\.isNumber)), let y = Int(words[2]), (1...31).contains(d), (1900...2200).contains(y) else { return nil }
        let text = String(format: "%04d-%02d-%02d", y, m + 1, d)
        return FieldReader.isDate(text) ? text : nil
    }

    static func fingerprint(_ fields: [String]) -> String {
        // FNV-1a over the row's fields: stable across runs and platforms.
        var hash: UInt64 = 0xcbf29ce484222325
        for f in fields {
            for b in f.trimmingCharacters(in: .whitespaces).utf8 { hash = (hash ^ UInt64(b)) &* 0x100000001b3 }
            hash = (hash ^ 0x1F) &* 0x100000001b3
        }
        return String(hash, radix: 16)
    }
}
