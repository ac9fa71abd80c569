import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore

/// `/api/v1/farms`: the first organization-scoped, synced resource.
struct FarmRoutes {
    let h: Handlers

    func register(on api: RouterGroup<KafaeContext>) {
        let service = h.farms
        api.get("farms") { request, _ in
            let p = try await h.principal(request)
            let q = Query(request)
            var filters: [RecordFilter] = []
            if let province = q.string("province") {
                filters.append(.equals(column: "province", value: Province.find(province)?.nameEn ?? province))
            }
            if let country = q.string("country") { filters.append(.equals(column: "country", value: country.uppercased())) }
            if let text = q.string("q") {
                filters.append(.search(columns: ["name", "owner", "district", "province"], text: text))
            }
            let limit = try q.int("limit", default: 50, in: 1...200)
            return try JSONBody.response(try await service.list(p, filters: filters, cursor: q.string("cursor"), limit: limit))
        }
        api.post("farms") { request, _ in
            let p = try await h.principal(request)
            let record = try await service.create(p, body: try await h.body(request))
            return try Self.recordResponse(record, status: .created)
        }
        api.get("farms/:id") { request, context in
            let p = try await h.principal(request)
            return try Self.recordResponse(try await service.get(p, id: try context.parameters.uuid("id")))
        }
        api.patch("farms/:id") { request, context in
            let p = try await h.principal(request)
            let id = try context.parameters.uuid("id")
            let record = try await service.update(p, id: id, body: try await h.body(request), ifMatch: Self.ifMatch(request))
            return try Self.recordResponse(record)
        }
        api.delete("farms/:id") { request, context in
            let p = try await h.principal(request)
            try await service.delete(p, id: try context.parameters.uuid("id"))
            return Handlers.noContent()
        }
    }

    static func recordResponse(_ record: StoredRecord, status: HTTPResponse.Status = .ok) throws -> Response {
        try JSONBody.response(RecordService<Farm>.render(record), status: status, headers: [.eTag: "\"\(record.version)\""])
    }

    /// `If-Match: "3"` (or `3`) → 3; anything unreadable is a 400 naming the header.
    static func ifMatch(_ request: Request) throws -> Int64? {
        guard let raw = request.headers[.ifMatch] else { return nil }
        let trimmed = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))
        guard let v = Int64(trimmed) else {
            throw KafaeError("request.invalid_query", params: ["field": "If-Match"], details: [.format("If-Match", "version")])
        }
        return v
    }
}
