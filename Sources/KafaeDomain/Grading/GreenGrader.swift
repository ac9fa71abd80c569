import Foundation

/// Grades green coffee by a ``GradingStandard``. Pure arithmetic, no I/O.
public enum GreenGrader {
    /// Keys a grading input may carry.
    public static let inputKeys: Set<String> = ["standard", "sampleG", "defects", "quakers", "moisturePct", "waterActivity"]

    /// Validates and grades. `standard` in the input, when present, must match `standard.id`.
    public static func grade(_ standard: GradingStandard, _ input: [String: JSONValue], prefix: String = "") throws -> GradingResult {
        var r = FieldReader(input, prefix: prefix, allowed: inputKeys)
        let sampleG = r.number("sampleG", in: 50...5000).value ?? standard.sampleG
        let quakers = r.integer("quakers", in: 0...100_000).value
        let moisture = r.number("moisturePct", in: 0...100).value
        let aw = r.number("waterActivity", in: 0...1).value
        var counts: [String: Int] = [:]
        switch input["defects"] {
        case nil, .null?:
            break
        case .object(let object)?:
            var dr = FieldReader(object, prefix: r.name("defects") + ".", allowed: Set(standard.defects.map(\.key)))
            for d in standard.defects {
                if let n = dr.integer(d.key, in: 0...100_000).value { counts[d.key] = n }
            }
            for issue in dr.issues { r.add(issue) }
        case .some:
            r.add(.type(r.name("defects"), expected: "object"))
        }
        try r.finish()
        return compute(standard, counts: counts, sampleG: sampleG, quakers: quakers, moisturePct: moisture, waterActivity: aw)
    }

    /// DESIGN §7's arithmetic on valid counts.
    public static func compute(_ standard: GradingStandard, counts: [String: Int], sampleG: Double, quakers: Int?,
                               moisturePct: Double?, waterActivity: Double?) -> GradingResult {
        var full: [String: Int] = [:]
        var cat1 = 0, cat2 = 0
        for d in standard.defects {
            let n = (counts[d.key] ?? 0) / d.perFullDefect
            full[d.key] = n
            if d.category == 1 { cat1 += n } else { cat2 += n }
        }
        return classify(standard, counts: counts, fullDefects: full, category1: cat1, category2: cat2, sampleG: sampleG,
                        quakers: quakers, moisturePct: moisturePct, waterActivity: waterActivity)
    }

    /// Grades from Category 1 and 2 full-defect totals alone, when only those were recorded (a paper sheet, an import).
    public static func compute(_ standard: GradingStandard, category1 cat1: Int, category2 cat2: Int, sampleG: Double, quakers: Int?,
                               moisturePct: Double?, waterActivity: Double?) -> GradingResult {
        classify(standard, counts: [:], fullDefects: [:], category1: cat1, category2: cat2, sampleG: sampleG,
                 quakers: quakers, moisturePct: moisturePct, waterActivity: waterActivity)
    }

    static func classify(_ standard: GradingStandard, counts: [String: Int], fullDefects full: [String: Int], category1 cat1: Int,
                         category2 cat2: Int, sampleG: Double, quakers: Int?, moisturePct: Double?, waterActivity: Double?) -> GradingResult {
        let total = cat1 + cat2
        let byDefects = standard.grades.firstIndex { g in
            (g.maxCategory1.map { cat1 <= $0 } ?? true) && (g.maxCategory2.map { cat2 <= $0 } ?? true)
                && (g.maxTotal.map { total <= $0 } ?? true)
        } ?? standard.grades.count - 1

        var checks: [GradingCheck] = []
        var physicalOK = true
        if let m = moisturePct {
            let ok = standard.moistureRange.contains(m)
            physicalOK = physicalOK && ok
            let lo = FieldReader.format(standard.moistureRange.lowerBound), hi = FieldReader.format(standard.moistureRange.upperBound)
            checks.append(GradingCheck(key: "moisture", status: ok ? .pass : .fail, value: m, message: ok
                ? .init(th: "ความชื้น \(FieldReader.format(m))% อยู่ในช่วง \(lo)–\(hi)%", en: "Moisture \(FieldReader.format(m))% is within \(lo)–\(hi)%")
                : .init(th: "ความชื้น \(FieldReader.format(m))% อยู่นอกช่วง \(lo)–\(hi)% จึงไม่ผ่านเกณฑ์เกรดสูงสุด",
                        en: "Moisture \(FieldReader.format(m))% is outside \(lo)–\(hi)%, so the top grade is not allowed")))
        }
        if let aw = waterActivity {
            let ok = aw < standard.waterActivityBelow
            physicalOK = physicalOK && ok
            let limit = FieldReader.format(standard.waterActivityBelow)
            checks.append(GradingCheck(key: "waterActivity", status: ok ? .pass : .fail, value: aw, message: ok
                ? .init(th: "ค่า water activity \(FieldReader.format(aw)) ต่ำกว่า \(limit)", en: "Water activity \(FieldReader.format(aw)) is below \(limit)")
                : .init(th: "ค่า water activity \(FieldReader.format(aw)) ไม่ต่ำกว่า \(limit) จึงไม่ผ่านเกณฑ์เกรดสูงสุด",
                        en: "Water activity \(FieldReader.format(aw)) is not below \(limit), so the top grade is not allowed")))
        }
        var index = byDefects
        while index < standard.grades.count - 1 {
            let g = standard.grades[index]
            let quakersOK = quakers.map { q in g.maxQuakers.map { q <= $0 } ?? true } ?? true
            if quakersOK && (!g.requiresPhysicalChecks || physicalOK) { break }
            index += 1
        }
        if let q = quakers {
            let limit = standard.grades[byDefects].maxQuakers
            let ok = limit.map { q <= $0 } ?? true
            let name = standard.grades[byDefects].label
            checks.append(GradingCheck(key: "quakers", status: ok ? .pass : .fail, value: Double(q), message: ok
                ? .init(th: "เมล็ดควาเกอร์ \(q) เมล็ด อยู่ในเกณฑ์", en: "\(q) quakers is within the limit")
                : .init(th: "เมล็ดควาเกอร์ \(q) เมล็ด เกินเกณฑ์ของ \(name.th) (\(limit ?? 0)) จึงลดเกรด",
                        en: "\(q) quakers exceeds the \(name.en) limit (\(limit ?? 0)), so the grade is lowered")))
        }
        if abs(sampleG - standard.sampleG) > 0.5 {
            let std = FieldReader.format(standard.sampleG)
            checks.append(GradingCheck(key: "sampleWeight", status: .warn, value: sampleG, message: .init(
                th: "ตัวอย่าง \(FieldReader.format(sampleG)) กรัม ต่างจากมาตรฐาน \(std) กรัม ผลนี้คิดจากจำนวนที่นับได้จริง",
                en: "The sample is \(FieldReader.format(sampleG)) g, not the standard \(std) g; results are from the counts as made")))
        }
        return GradingResult(standard: standard.id, sampleG: sampleG, counts: counts, fullDefects: full, category1: cat1,
                             category2: cat2, totalFullDefects: total, gradeByDefects: standard.grades[byDefects].key,
                             grade: standard.grades[index].key, quakers: quakers, moisturePct: moisturePct,
                             waterActivity: waterActivity, checks: checks)
    }
}
