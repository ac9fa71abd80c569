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
                    return FieldReader.format(roundPlaces(v, places), places: places)
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
