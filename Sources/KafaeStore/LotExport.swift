import Foundation
import KafaeDomain
import SQLKit

/// The lots of an organization as CSV, with their farm, latest grade and latest cup score.
///
/// Every text cell goes through ``SpreadsheetCSV/text(_:)``, so a lot code, name or note typed as `=HYPERLINK(…)`
/// opens as text in Excel or LibreOffice, never as a formula; numbers we write ourselves (weights, scores) stay numbers.
public enum LotExport {
    public static let header = ["code", "species", "variety", "process", "stage", "cropYear", "harvestDate", "weightKg", "farm", "province",
                         "provinceTh", "latestGrade", "latestCupScore"]

    public static func csv(_ db: any Database, organizationId: UUID) async throws -> String {
        try await db.read { sql in
            let rows = try await sql.raw("""
                SELECT lots.code, lots.species, lots.variety, lots.process, lots.stage, lots.crop_year, lots.harvest_date, lots.weight_kg,
                       f.name AS farm_name, f.province AS farm_province, f.country AS farm_country,
                       \(unsafeRaw: LotSummarySQL.latestGrade) AS latest_grade, \(unsafeRaw: LotSummarySQL.latestCupScore) AS latest_cup_score
                FROM lots LEFT JOIN farms f ON f.id = lots.farm_id AND f.organization_id = lots.organization_id
                WHERE lots.organization_id = \(bind: organizationId.text) AND lots.deleted_at IS NULL
                ORDER BY lots.code
                """).all()
            var lines = [header.joined(separator: ",")]
            for r in rows {
                func t(_ c: String) -> String { (try? r.optional(c, as: String.self)) ?? nil ?? "" }
                func n(_ c: String, _ places: Int) -> String {
                    guard let v = (try? r.optional(c, as: Double.self)) ?? nil else { return "" }
                    let x = roundPlaces(v, places)
                    return x.rounded() == x ? String(Int(x)) : String(x)
                }
                let province = t("farm_province")
                let th = t("farm_country") == Farm.thailand ? (Province.find(province)?.nameTh ?? "") : ""
                let text = [t("code"), t("species"), t("variety"), t("process"), t("stage"), t("crop_year"), t("harvest_date")]
                    .map(SpreadsheetCSV.text)
                lines.append((text + [SpreadsheetCSV.number(n("weight_kg", 3))]
                              + [t("farm_name"), province, th, t("latest_grade")].map(SpreadsheetCSV.text)
                              + [SpreadsheetCSV.number(n("latest_cup_score", 2))]).joined(separator: ","))
            }
            return lines.joined(separator: "\r\n") + "\r\n"
        }
    }
}

/// CSV cells for files people open in a spreadsheet (OWASP "CSV injection").
public enum SpreadsheetCSV {
    /// First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (or, for tab, carriage
    /// return and line feed, hide one behind them).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\n", "\r\n"]

    /// A text cell: one that starts like a formula gets a leading `'` (shown as text, the rest kept as typed) and is
    /// quoted; anything else is quoted only when RFC 4180 needs it.
    public static func text(_ s: String) -> String {
        guard let first = s.first, formulaStarts.contains(first) else { return CSV.escape(s) }
        return "\"'" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A numeric cell we formatted from a number (`-1.5`, `12`): written as is. Anything else is treated as text.
    public static func number(_ s: String) -> String {
        if s.isEmpty || Double(s) != nil, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") }) { return s }
        return text(s)
    }
}
