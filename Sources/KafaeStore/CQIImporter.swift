import Foundation
import KafaeDomain
import SQLKit

/// Imports Coffee Quality Institute review records: each row becomes a farm (reused by name and region), a green
/// lot, a green grading and a cupping result with the panel's ten attributes and total. Each row is its own
/// transaction, so a bad row is reported and the rest still import; rows imported before are skipped.
public enum CQIImporter {
    public static func run(_ db: any Database, csv: String, organizationId: UUID, actor: ActorRef,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ImportReport {
        // Past the row or column cap the whole file is refused (413, naming the limit), before anything is written.
        let (records, rowErrors, _) = try CQIRecord.read(csv, maxRows: CQIRecord.maxRows)
        var report = ImportReport()
        for e in rowErrors { report.errors.append(rowError(line: e.line, code: e.code, column: e.column)) }
        var farmCache: [String: UUID] = [:]
        for (n, record) in records.enumerated() {
            do {
                let farms = farmCache
                let result = try await db.writeRecords { sql -> (Bool, String?, UUID?) in
                    let ctx = WriteContext(sql: sql, organizationId: organizationId, actor: actor, now: Clock.nowMs())
                    return try await importRow(ctx, record, farmCache: farms)
                }
                if result.0 { report.imported += 1 } else { report.skipped += 1 }
                if let key = result.1, let farm = result.2 { farmCache[key] = farm }
            } catch let e as KafaeError {
                report.errors.append(.init(line: record.line, error: e))
            }
            progress?(n + 1, records.count)
        }
        report.errors.sort { $0.line < $1.line }
        return report
    }

    static func rowError(line: Int, code: String, column: String) -> ImportReport.RowError {
        .init(line: line, error: KafaeError(code, params: ["column": column]))
    }

    /// Returns whether the row was new, and the farm it used (for reuse by later rows).
    static func importRow(_ ctx: WriteContext, _ r: CQIRecord, farmCache: [String: UUID]) async throws -> (Bool, String?, UUID?) {
        let ref = "cqi:\(r.fingerprint)"
        let seen = try await ctx.sql.raw("""
            SELECT id FROM lots WHERE organization_id = \(bind: ctx.organizationId.text) AND source_ref = \(bind: ref)
            """).first()
        if seen != nil { return (false, nil, nil) }

        // Farm: by name and region, reused when it exists.
        var farmId: UUID?
        var farmKey: String?
        let name = r.farmName ?? r.producer ?? r.owner
        if let name {
            let key = "\(name.lowercased())|\((r.region ?? "").lowercased())|\((r.country ?? "").lowercased())"
            farmKey = key
            if let cached = farmCache[key],
               try await RecordRepository.find(Farm.self, ctx.sql, organizationId: ctx.organizationId, id: cached) != nil {
                farmId = cached
            } else {
                farmId = try await findFarm(ctx, name: name, region: r.region, country: r.country)
            }
            if farmId == nil {
                var fields: [String: JSONValue] = ["name": .string(String(name.prefix(200)))]
                let isThai = (r.country ?? "").lowercased() == "thailand"
                fields["country"] = .string(isThai ? Farm.thailand : String((r.country ?? "Unknown").prefix(60)))
                if let region = r.region {
                    if isThai, let p = Province.find(region) {
                        fields["province"] = .string(p.nameEn)
                    } else if isThai {
                        fields["district"] = .string(String(region.prefix(100)))
                    } else {
                        fields["province"] = .string(String(region.prefix(100)))
                    }
                }
                if let a = r.altitudeM { fields["altitudeM"] = .number(a) }
                if let owner = r.owner { fields["owner"] = .string(String(owner.prefix(200))) }
                let id = UUID()
                _ = try await RecordWriter.create(Farm.self, ctx, id: id, input: fields)
                farmId = id
            }
        }

        // Lot.
        var lot: [String: JSONValue] = ["species": .string(r.species), "stage": .string("green")]
        if let farmId { lot["farmId"] = .string(farmId.text) }
        if let v = r.variety { lot["variety"] = .string(String(v.prefix(100))) }
        if let p = r.kafaeProcess { lot["process"] = .string(p) }
        if let y = r.harvestYear { lot["cropYear"] = .string(y) }
        if let w = r.weightKg { lot["weightKg"] = .number(w) }
        var notes = ["Imported from a Coffee Quality Institute review record"]
        if let n = r.lotNumber { notes.append("CQI lot number: \(n)") }
        if let o = r.owner { notes.append("Owner: \(o)") }
        lot["notes"] = .string(notes.joined(separator: "\n"))
        let lotId = UUID()
        _ = try await RecordWriter.create(Lot.self, ctx, id: lotId, input: lot, serverFields: ["sourceRef": .string(ref)])

        // Green grading from the published category totals.
        var grading: [String: JSONValue] = [
            "lotId": .string(lotId.text), "standard": .string(r.species == "robusta" ? "fineRobusta" : "scaArabica"),
            "reportedCategory1": .number(Double(r.category1 ?? 0)), "reportedCategory2": .number(Double(r.category2 ?? 0)),
            "notes": .string("CQI review"),
        ]
        if let d = r.gradingDate { grading["gradedOn"] = .string(d) }
        if let m = r.moisturePct { grading["moisturePct"] = .number(m) }
        if let q = r.quakers { grading["quakers"] = .number(Double(q)) }
        if let c = r.color { grading["color"] = .string(c) }
        _ = try await RecordWriter.create(Grading.self, ctx, id: UUID(), input: grading)

        // The panel's cupping result.
        let form = r.species == "robusta" ? BuiltInForms.cqiRobustaPanel : BuiltInForms.cqiArabicaPanel
        let sessionId = UUID()
        let date = r.gradingDate ?? String(FieldReader.formatDateTime(Date()).prefix(10))
        _ = try await RecordWriter.create(CuppingSession.self, ctx, id: sessionId, input: [
            "name": .string("CQI review \(date)"), "protocol": .string(form.id), "sessionDate": .string(date), "blind": .bool(false),
            "samples": .array([.object(["lotId": .string(lotId.text), "code": .string("1")])]),
            "cuppers": .array([.object(["name": .string("CQI panel")])]),
        ])
        var scores = r.attributes.mapValues(JSONValue.number)
        scores["totalCupPoints"] = .number(r.totalCupPoints)
        _ = try await RecordWriter.create(CuppingScore.self, ctx, id: UUID(), input: [
            "sessionId": .string(sessionId.text), "sampleCode": .string("1"), "guestName": .string("CQI panel"), "scores": .object(scores),
        ])
        return (true, farmKey, farmId)
    }

    static func findFarm(_ ctx: WriteContext, name: String, region: String?, country: String?) async throws -> UUID? {
        let rows = try await ctx.sql.raw("""
            SELECT id, province, district, country FROM farms
            WHERE organization_id = \(bind: ctx.organizationId.text) AND deleted_at IS NULL AND LOWER(name) = \(bind: name.lowercased())
            """).all()
        let wantRegion = (region ?? "").lowercased()
        let isThai = (country ?? "").lowercased() == "thailand"
        for row in rows {
            let province = (try row.optional("province", as: String.self) ?? "").lowercased()
            let district = (try row.optional("district", as: String.self) ?? "").lowercased()
            let farmCountry = (try row.optional("country", as: String.self) ?? "").lowercased()
            let sameCountry = isThai ? farmCountry == "th" : farmCountry == (country ?? "unknown").lowercased()
            let thaiProvince = isThai ? Province.find(wantRegion)?.nameEn.lowercased() : nil
            let sameRegion = wantRegion.isEmpty ? (province.isEmpty && district.isEmpty)
                : (province == wantRegion || district == wantRegion || (thaiProvince != nil && province == thaiProvince))
            if sameCountry && sameRegion { return UUID(uuidString: try row.decode(column: "id", as: String.self)) }
        }
        return nil
    }
}
