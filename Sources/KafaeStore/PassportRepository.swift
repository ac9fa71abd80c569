import Foundation
import KafaeDomain
import SQLKit

public enum PassportRepository {
    static let columns = "id, organization_id, lot_id, token, sections, created_at"

    /// Publishes a passport for a lot, replacing (revoking) any earlier one.
    public static func publish(_ sql: any SQLDatabase, _ row: PassportRow, actor: ActorRef, now: Int64) async throws {
        try await sql.raw("""
            UPDATE passports SET revoked_at = \(bind: now)
            WHERE organization_id = \(bind: row.organizationId.text) AND lot_id = \(bind: row.lotId.text) AND revoked_at IS NULL
            """).run()
        try await sql.raw("""
            INSERT INTO passports (id, organization_id, lot_id, token, sections, created_by, created_at)
            VALUES (\(bind: row.id.text), \(bind: row.organizationId.text), \(bind: row.lotId.text), \(bind: row.token),
                    \(bind: JSONValue.array(row.sections.map(JSONValue.string)).jsonString()), \(bind: actor.text), \(bind: now))
            """).run()
        try await AuditRepository.write(sql, organizationId: row.organizationId, actor: actor, action: "passport.publish", entity: "lot",
                                        entityId: row.lotId, changes: .object(["sections": .array(row.sections.map(JSONValue.string))]), now: now)
    }

    public static func current(_ sql: any SQLDatabase, organizationId: UUID, lotId: UUID) async throws -> PassportRow? {
        try await sql.raw("""
            SELECT \(unsafeRaw: columns) FROM passports
            WHERE organization_id = \(bind: organizationId.text) AND lot_id = \(bind: lotId.text) AND revoked_at IS NULL
            """).first().map(row)
    }

    public static func byToken(_ sql: any SQLDatabase, token: String) async throws -> PassportRow? {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM passports WHERE token = \(bind: token) AND revoked_at IS NULL").first().map(row)
    }

    public static func revoke(_ sql: any SQLDatabase, organizationId: UUID, lotId: UUID, actor: ActorRef, now: Int64) async throws -> Bool {
        let rows = try await sql.raw("""
            UPDATE passports SET revoked_at = \(bind: now)
            WHERE organization_id = \(bind: organizationId.text) AND lot_id = \(bind: lotId.text) AND revoked_at IS NULL RETURNING id
            """).all()
        if !rows.isEmpty {
            try await AuditRepository.write(sql, organizationId: organizationId, actor: actor, action: "passport.revoke", entity: "lot",
                                            entityId: lotId, changes: nil, now: now)
        }
        return !rows.isEmpty
    }

    static func row(_ r: any SQLRow) throws -> PassportRow {
        let sections = (try? JSONValue.parse(Data(try r.decode(column: "sections", as: String.self).utf8)).arrayValue?.compactMap(\.stringValue)) ?? []
        return PassportRow(id: UUID(uuidString: try r.decode(column: "id", as: String.self))!,
                           organizationId: UUID(uuidString: try r.decode(column: "organization_id", as: String.self))!,
                           lotId: UUID(uuidString: try r.decode(column: "lot_id", as: String.self))!,
                           token: try r.decode(column: "token", as: String.self), sections: sections,
                           createdAt: try r.decode(column: "created_at", as: Int64.self))
    }
}

extension PassportRepository {
    /// What a lot's public passport shows, read from its farm, gradings, cupping sheets and roasts: the latest grade,
    /// the latest session's cup score and radar (attribute means of its sheets), the latest roast's metrics.
    public static func facts(_ sql: any SQLDatabase, _ lot: StoredRecord) async throws -> PassportFacts {
        let org = lot.organizationId
        var f = PassportFacts(lotCode: lot.fields["code"]?.stringValue ?? "")
        f.species = lot.fields["species"]?.stringValue
        f.variety = lot.fields["variety"]?.stringValue
        f.process = lot.fields["process"]?.stringValue
        f.cropYear = lot.fields["cropYear"]?.stringValue
        if let farmId = lot.fields["farmId"]?.stringValue.flatMap(UUID.init(uuidString:)),
           let farm = try await RecordRepository.find(Farm.self, sql, organizationId: org, id: farmId) {
            f.farmName = farm.fields["name"]?.stringValue
            f.provinceEn = farm.fields["province"]?.stringValue
            f.provinceTh = Farm.derived(farm.fields)["provinceTh"]?.stringValue
            f.country = farm.fields["country"]?.stringValue
            f.altitudeM = farm.fields["altitudeM"]?.numberValue
        }
        let gradings = try await RecordRepository.list(Grading.self, sql, organizationId: org,
                                                       filters: [.equals(column: "lot_id", value: lot.id.text)], after: nil, limit: 1000)
        if let g = gradings.max(by: { ($0.fields["gradedOn"]?.stringValue ?? "", $0.createdAt) < ($1.fields["gradedOn"]?.stringValue ?? "", $1.createdAt) }) {
            f.grade = g.fields["grade"]?.stringValue
            f.gradeStandard = g.fields["standard"]?.stringValue
            f.moisturePct = g.fields["moisturePct"]?.numberValue
        }
        f.cupScore = try await LotSummarySQL.fetch(sql, organizationId: org, ids: [lot.id])[lot.id]?.score.map { roundPlaces($0, 2) }
        // Radar: attribute means of the lot's sheets in its most recent session.
        let scores = try await RecordRepository.list(CuppingScore.self, sql, organizationId: org,
                                                     filters: [.equals(column: "lot_id", value: lot.id.text)], after: nil, limit: 10_000)
        var latest: (date: String, created: Int64, id: String, form: CuppingForm)?
        for sid in Set(scores.compactMap { $0.fields["sessionId"]?.stringValue }) {
            guard let id = UUID(uuidString: sid), let s = try await RecordRepository.find(CuppingSession.self, sql, organizationId: org, id: id),
                  let form = s.fields["protocol"]?.stringValue.flatMap(BuiltInForms.form) else { continue }
            let key = (s.fields["sessionDate"]?.stringValue ?? "", s.createdAt)
            if latest == nil || key > (latest!.date, latest!.created) { latest = (key.0, key.1, sid, form) }
        }
        if let latest {
            let sheets = scores.filter { $0.fields["sessionId"]?.stringValue == latest.id }
            let quality = latest.form.sections.filter { $0.kind == .quality && !($0.key == "totalCupPoints") }
            f.cupProtocol = latest.form.id
            f.radar = quality.compactMap { s in
                let values = sheets.compactMap { $0.fields["scores"]?.objectValue?[s.key]?.numberValue }
                guard !values.isEmpty else { return nil }
                return (s.key, s.label, roundPlaces(values.reduce(0, +) / Double(values.count), 2))
            }
            f.radarScale = (quality.map(\.min).min() ?? 0)...(quality.map(\.max).max() ?? 10)
        }
        let roasts = try await RecordRepository.list(RoastBatch.self, sql, organizationId: org,
                                                     filters: [.equals(column: "lot_id", value: lot.id.text)], after: nil, limit: 1)
        if let r = roasts.first {
            f.roastDtrPct = r.fields["dtrPct"]?.numberValue
            f.roastDevelopmentS = r.fields["developmentS"]?.numberValue
            f.roastWeightLossPct = r.fields["weightLossPct"]?.numberValue
            f.roastedAt = r.fields["roastedAt"]?.stringValue
        }
        return f
    }
}
