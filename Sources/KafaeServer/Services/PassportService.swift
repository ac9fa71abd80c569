import Foundation
import KafaeDomain
import KafaeStore
import SQLKit

/// Quality passports: an owner publishes a lot's chosen facts at a public, revocable address.
struct PassportService: Sendable {
    let db: any Database

    func view(_ row: PassportRow, baseURL: String) -> JSONValue {
        .object(["lotId": .string(row.lotId.text), "token": .string(row.token), "url": .string("\(baseURL)/p/\(row.token)"),
                 "qrUrl": .string("\(baseURL)/p/\(row.token)/qr.svg"), "sections": .array(row.sections.map(JSONValue.string)),
                 "createdAt": .string(Clock.iso(ms: row.createdAt))])
    }

    func publish(_ p: Principal, lotId: UUID, body: [String: JSONValue], baseURL: String) async throws -> JSONValue {
        try p.require(.dataExport)
        var r = FieldReader(body, allowed: ["sections"])
        var sections = PassportSection.allCases.map(\.rawValue)
        if let raw = body["sections"], !raw.isNull {
            if let list = raw.arrayValue, list.allSatisfy({ $0.stringValue.flatMap(PassportSection.init(rawValue:)) != nil }) {
                sections = PassportSection.allCases.map(\.rawValue).filter { s in list.contains(.string(s)) }
            } else {
                r.add(.oneOf("sections", PassportSection.allCases.map(\.rawValue)))
            }
        }
        try r.finish()
        let row = PassportRow(id: UUID(), organizationId: p.organizationId, lotId: lotId, token: Secrets.randomToken(bytes: 24),
                              sections: sections, createdAt: Clock.nowMs())
        try await db.write { sql in
            guard try await RecordRepository.find(Lot.self, sql, organizationId: p.organizationId, id: lotId) != nil else {
                throw KafaeError("lot.not_found")
            }
            try await PassportRepository.publish(sql, row, actor: p.actor, now: row.createdAt)
        }
        return view(row, baseURL: baseURL)
    }

    func current(_ p: Principal, lotId: UUID, baseURL: String) async throws -> JSONValue {
        try p.require(.recordsRead)
        guard let row = try await db.read({ sql in
            try await PassportRepository.current(sql, organizationId: p.organizationId, lotId: lotId)
        }) else { throw KafaeError("passport.not_found") }
        return view(row, baseURL: baseURL)
    }

    func revoke(_ p: Principal, lotId: UUID) async throws {
        try p.require(.dataExport)
        let now = Clock.nowMs()
        let ok = try await db.write { sql in
            try await PassportRepository.revoke(sql, organizationId: p.organizationId, lotId: lotId, actor: p.actor, now: now)
        }
        if !ok { throw KafaeError("passport.not_found") }
    }

    /// The published passport and its facts, or nil when the token is unknown or revoked.
    func page(token: String) async throws -> (PassportRow, PassportFacts)? {
        guard token.count <= 64, token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        return try await db.read { sql -> (PassportRow, PassportFacts)? in
            guard let row = try await PassportRepository.byToken(sql, token: token),
                  let lot = try await RecordRepository.find(Lot.self, sql, organizationId: row.organizationId, id: row.lotId) else { return nil }
            return (row, try await Self.facts(sql, lot))
        }
    }

    static func facts(_ sql: any SQLDatabase, _ lot: StoredRecord) async throws -> PassportFacts {
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
