import Foundation
import SQLKit

/// The SQL behind a lot's summary: its latest grade and the mean final score of its most recent cupping.
public enum LotSummarySQL {
    /// The grade of the lot's most recent grading (by grading date, then entry).
    public static let latestGrade = """
        (SELECT g.grade FROM gradings g
         WHERE g.lot_id = lots.id AND g.organization_id = lots.organization_id AND g.deleted_at IS NULL
         ORDER BY COALESCE(g.graded_on, '0000-00-00') DESC, g.created_at DESC LIMIT 1)
        """
    /// The mean final score of the lot's samples in the most recent session that scored it.
    public static let latestCupScore = """
        (SELECT AVG(cs.final_score) FROM cupping_scores cs
         WHERE cs.lot_id = lots.id AND cs.organization_id = lots.organization_id AND cs.deleted_at IS NULL
           AND cs.final_score IS NOT NULL
           AND cs.session_id = (SELECT s.id FROM cupping_sessions s
                                WHERE s.organization_id = lots.organization_id AND s.deleted_at IS NULL
                                  AND EXISTS (SELECT 1 FROM cupping_scores y WHERE y.session_id = s.id AND y.lot_id = lots.id
                                              AND y.deleted_at IS NULL AND y.final_score IS NOT NULL)
                                ORDER BY s.session_date DESC, s.created_at DESC LIMIT 1))
        """

    /// Latest grade and cup score for the given lots of an organization.
    public static func fetch(_ sql: any SQLDatabase, organizationId: UUID, ids: [UUID]) async throws -> [UUID: (grade: String?, score: Double?)] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw("""
            SELECT lots.id AS id, \(unsafeRaw: latestGrade) AS latest_grade, \(unsafeRaw: latestCupScore) AS latest_cup_score
            FROM lots WHERE lots.organization_id = \(bind: organizationId.text) AND lots.id IN (\(binds: ids.map(\.text)))
            """).all()
        var out: [UUID: (grade: String?, score: Double?)] = [:]
        for row in rows {
            guard let id = UUID(uuidString: try row.decode(column: "id", as: String.self)) else { continue }
            out[id] = (try row.optional("latest_grade", as: String.self), try row.optional("latest_cup_score", as: Double.self))
        }
        return out
    }
}
