import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore

/// `/health` (the process answers) and `/ready` (the database answers and its schema is current).
struct HealthRoutes {
    let services: AppServices
    static let version = "0.1.0"

    func register(on router: Router<KafaeContext>) {
        router.get("health", use: health)
        router.get("ready", use: ready)
    }

    @Sendable func health(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(["status": "ok", "version": Self.version])
    }

    @Sendable func ready(_ request: Request, context: KafaeContext) async throws -> Response {
        let db = services.db
        do {
            let current = try await Migrator.currentVersion(db)
            let ready = current == Migrator.latestVersion
            return try JSONBody.response(
                ["status": .string(ready ? "ready" : "migrating"), "database": .string(db.engine.rawValue),
                 "schemaVersion": .number(Double(current)), "expectedSchemaVersion": .number(Double(Migrator.latestVersion))] as [String: JSONValue],
                status: ready ? .ok : .serviceUnavailable)
        } catch {
            return try JSONBody.response(
                ["status": .string("unavailable"), "database": .string(db.engine.rawValue)] as [String: JSONValue],
                status: .serviceUnavailable)
        }
    }
}
