import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore
import KafaeSync

/// `/api/v1/sync/*`: push, pull, conflicts (DESIGN §6).
struct SyncRoutes {
    let services: AppServices
    /// A push larger than this is refused with 413 (DESIGN §6: 2 MB).
    static let maxPushBytes = 2 << 20
    var sync: SyncService { services.sync }


    func register(on api: RouterGroup<KafaeContext>) {
        api.post("sync/push", use: push)
        api.get("sync/pull", use: pull)
        api.get("sync/conflicts", use: conflicts)
        api.post("sync/conflicts/:id/resolve", use: resolve)
    }

    @Sendable func push(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let body = try await JSONBody.object(request, maxBytes: Self.maxPushBytes)
        return try JSONBody.response(try await sync.push(p, body: body))
    }

    @Sendable func pull(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let q = Query(request)
        let limit = try q.int("limit", default: 500, in: 1...SyncService.maxPullLimit)
        return try JSONBody.response(try await sync.pull(p, cursor: q.string("cursor"), limit: limit))
    }

    @Sendable func conflicts(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let q = Query(request)
        let limit = try q.int("limit", default: 50, in: 1...200)
        let stateText = q.string("state") ?? "open"
        guard let state = SyncRepository.ConflictState(rawValue: stateText) else {
            throw KafaeError("request.invalid_query", params: ["field": "state"],
                             details: [.oneOf("state", SyncRepository.ConflictState.allCases.map(\.rawValue))])
        }
        // Names of members only for those who may see the member list.
        var names: [String: String] = [:]
        if p.permissions.contains(.membersRead) {
            let members = try await services.db.read { sql in try await AccountRepository.members(sql, organizationId: p.organizationId) }
            names = Dictionary(members.map { ($0.userId.text, $0.name) }, uniquingKeysWith: { a, _ in a })
        }
        return try JSONBody.response(try await sync.conflicts(p, names: names, state: state,
                                                              cursor: q.string("cursor"), limit: limit))
    }

    @Sendable func resolve(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let id = try context.parameters.uuid("id")
        return try JSONBody.response(try await sync.resolve(p, id: id, body: try await services.body(request)))
    }
}
