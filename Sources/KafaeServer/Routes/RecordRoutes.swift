import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore

/// The five routes of a synced resource: list (with filters), create, read, update (`If-Match`), delete.
struct RecordRoutes<E: SyncedEntity>: Sendable {
    let services: AppServices
    /// Built once, with the routes.
    let service: RecordService<E>
    /// Path under `/api/v1` (`farms`, `lots`, `cupping-sessions`).
    let path: String
    /// Query parameters → filters.
    let filters: @Sendable (Query) throws -> [RecordFilter]
    /// Adds fields to rendered records (a lot's latest grade and cup score).
    var decorate: (@Sendable (Caller, [StoredRecord]) async throws -> [UUID: [String: JSONValue]])?

    init(services: AppServices, path: String, filters: @escaping @Sendable (Query) throws -> [RecordFilter],
         decorate: (@Sendable (Caller, [StoredRecord]) async throws -> [UUID: [String: JSONValue]])? = nil) {
        self.services = services
        self.service = RecordService<E>(db: services.db)
        self.path = path
        self.filters = filters
        self.decorate = decorate
    }

    func register(on api: RouterGroup<KafaeContext>) {
        api.get(RouterPath(path), use: list)
        api.post(RouterPath(path), use: create)
        api.get(RouterPath("\(path)/:id"), use: read)
        api.patch(RouterPath("\(path)/:id"), use: update)
        api.delete(RouterPath("\(path)/:id"), use: delete)
    }

    @Sendable func list(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let q = Query(request)
        let limit = try q.int("limit", default: 50, in: 1...200)
        let (rows, next) = try await service.page(p, filters: try filters(q), cursor: q.string("cursor"), limit: limit)
        let extra = try await decorate?(p, rows) ?? [:]
        return try JSONBody.response(Page(items: rows.map { render($0, extra[$0.id]) }, nextCursor: next))
    }

    @Sendable func create(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let record = try await service.create(p, body: try await services.body(request))
        return try await respond(p, record, status: .created)
    }

    @Sendable func read(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try await respond(p, try await service.get(p, id: try context.parameters.uuid("id")))
    }

    @Sendable func update(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let id = try context.parameters.uuid("id")
        let record = try await service.update(p, id: id, body: try await services.body(request), ifMatch: RecordRoutes.ifMatch(request))
        return try await respond(p, record)
    }

    @Sendable func delete(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        try await service.delete(p, id: try context.parameters.uuid("id"))
        return .noContent()
    }

    func render(_ record: StoredRecord, _ extra: [String: JSONValue]?) -> JSONValue {
        guard case .object(var o) = RecordService<E>.render(record) else { return .null }
        for (k, v) in extra ?? [:] { o[k] = v }
        return .object(o)
    }

    func respond(_ p: Caller, _ record: StoredRecord, status: HTTPResponse.Status = .ok) async throws -> Response {
        let extra = try await decorate?(p, [record]) ?? [:]
        return try JSONBody.response(render(record, extra[record.id]), status: status, headers: [.eTag: "\"\(record.version)\""])
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
