import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore
import NIOCore

/// Genealogy, cupping results, calibration and roast-log import.
struct QualityRoutes {
    let services: AppServices
    var quality: QualityService { services.quality }

    func register(on api: RouterGroup<KafaeContext>) {
        api.get("lots/:id/genealogy", use: genealogy)
        api.get("cupping-sessions/:id/results", use: results)
        api.get("cuppers/:id/calibration", use: calibration)
        api.post("roast-batches/import", use: importRoast)
    }

    @Sendable func genealogy(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try await quality.genealogy(p, lotId: try context.parameters.uuid("id")))
    }

    @Sendable func results(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try await quality.results(p, sessionId: try context.parameters.uuid("id")))
    }

    @Sendable func calibration(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try await quality.calibration(p, cupperId: try context.parameters.uuid("id")))
    }

    @Sendable func importRoast(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        // Refused before a 16 MiB upload is read or its query checked.
        try p.require(.roastsWrite)
        let q = Query(request)
        guard let lot = q.string("lotId") else {
            throw KafaeError("request.invalid_query", params: ["field": "lotId"], details: [.required("lotId")])
        }
        guard let lotId = UUID(uuidString: lot) else {
            throw KafaeError("request.invalid_query", params: ["field": "lotId"], details: [.format("lotId", "UUID")])
        }
        var id: UUID?
        if let raw = q.string("id") {
            guard let u = UUID(uuidString: raw) else {
                throw KafaeError("request.invalid_query", params: ["field": "id"], details: [.format("id", "UUID")])
            }
            id = u
        }
        let data = try await JSONBody.bytes(request, maxBytes: CalculatorService.maxRoastLogBytes)
        let record = try await quality.importRoast(p, file: data, lotId: lotId, id: id,
                                                   machine: q.string("machine").map { String($0.prefix(100)) },
                                                   sourceFile: q.string("filename").map { String($0.prefix(200)) })
        return try JSONBody.response(RecordService<RoastBatch>.render(record), status: .created, headers: [.eTag: "\"\(record.version)\""])
    }
}
