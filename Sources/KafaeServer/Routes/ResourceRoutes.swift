import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore

/// Every record resource under `/api/v1`: farms, lots, gradings, cupping sessions and sheets, roast batches.
struct ResourceRoutes {
    let services: AppServices

    func register(on api: RouterGroup<KafaeContext>) {
        RecordRoutes<Farm>(services: services, path: "farms", filters: { q in
            var f: [RecordFilter] = []
            if let province = q.string("province") {
                f.append(.equals(column: "province", value: Province.find(province)?.nameEn ?? province))
            }
            if let country = q.string("country") { f.append(.equals(column: "country", value: country.uppercased())) }
            if let text = q.string("q") { f.append(.search(columns: ["name", "owner", "district", "province"], text: text)) }
            return f
        }).register(on: api)

        RecordRoutes<Lot>(services: services, path: "lots", filters: { q in
            var f = try [q.uuidFilter("farmId", column: "farm_id"), q.equals("species", column: "species", allowed: Lot.species),
                         q.equals("process", column: "process", allowed: Lot.processes), q.equals("stage", column: "stage", allowed: Lot.stages),
                         q.equals("cropYear", column: "crop_year")].compactMap { $0 }
            if let text = q.string("q") { f.append(.search(columns: ["code", "variety", "notes"], text: text)) }
            let min = try q.double("minScore"), max = try q.double("maxScore")
            if min != nil || max != nil { f.append(.latestCupScore(min: min, max: max)) }
            return f
        }, decorate: { p, rows in
            let db = services.db
            let summaries = try await db.read { sql in
                try await LotSummarySQL.fetch(sql, organizationId: p.organizationId, ids: rows.map(\.id))
            }
            return summaries.mapValues { s in
                ["latestGrade": s.grade.map(JSONValue.string) ?? .null,
                 "latestCupScore": s.score.map { .number(roundPlaces($0, 2)) } ?? .null]
            }
        }).register(on: api)

        RecordRoutes<Grading>(services: services, path: "gradings", filters: { q in
            try [q.uuidFilter("lotId", column: "lot_id"),
                 q.equals("standard", column: "standard", allowed: GradingStandards.all.map(\.id)),
                 q.equals("grade", column: "grade")].compactMap { $0 }
        }).register(on: api)

        RecordRoutes<CuppingSession>(services: services, path: "cupping-sessions", filters: { q in
            var f = try [q.equals("protocol", column: "protocol", allowed: BuiltInForms.all.map(\.id))].compactMap { $0 }
            if let text = q.string("q") { f.append(.search(columns: ["name", "notes"], text: text)) }
            return f
        }).register(on: api)

        RecordRoutes<CuppingScore>(services: services, path: "cupping-scores", filters: { q in
            try [q.uuidFilter("sessionId", column: "session_id"), q.uuidFilter("lotId", column: "lot_id"),
                 q.uuidFilter("cupperId", column: "cupper_id")].compactMap { $0 }
        }).register(on: api)

        RecordRoutes<RoastBatch>(services: services, path: "roast-batches", filters: { q in
            var f = try [q.uuidFilter("lotId", column: "lot_id")].compactMap { $0 }
            if let text = q.string("q") { f.append(.search(columns: ["machine", "operator", "notes", "source_file"], text: text)) }
            return f
        }).register(on: api)
    }
}
