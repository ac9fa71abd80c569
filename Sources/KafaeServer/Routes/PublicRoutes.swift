import Foundation
import Hummingbird
import KafaeDomain

/// Every route that answers without a signed-in caller, declared here and nowhere else. Every other route is
/// registered on the authenticated `/api/v1` group, whose middleware refuses a request without a valid credential
/// before any handler runs: a new route is private unless it is added to this list.
struct PublicRoutes {
    /// `METHOD /path` of each public route, as `docs/openapi.yaml` writes them (`security: []` there).
    static let operations: Set<String> = [
        "GET /health", "GET /ready", "GET /api/openapi.yaml",
        "POST /api/v1/auth/register", "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout",
        "GET /p/{token}", "GET /p/{token}/qr.svg",
    ]

    /// The PWA's files: public by nature (the sign-in page loads before anyone signs in), answered by
    /// ``WebAssetsMiddleware`` ahead of the router for `GET` and `HEAD` only, from the set loaded at start. They are
    /// not API operations, so they are neither routes nor in `docs/openapi.yaml`; `{path}` is a loaded file's path
    /// (it may hold `/`) and never begins with `api/`, `p/`, `v/`, `health` or `ready`.
    static let webOperations: Set<String> = [
        "GET /", "HEAD /", "GET /{path}", "HEAD /{path}", "GET /v/{version}/{path}", "HEAD /v/{version}/{path}",
    ]

    let services: AppServices

    func register(on router: Router<KafaeContext>) {
        HealthRoutes(services: services).register(on: router)
        router.get("api/openapi.yaml", use: contract)
        AuthRoutes(services: services).registerPublic(on: router.group("api/v1"))
        PassportRoutes(services: services).registerPublic(on: router)
    }

    /// The OpenAPI document, as the server has it.
    @Sendable func contract(_ request: Request, context: KafaeContext) async throws -> Response {
        let path = (services.config.docsDir as NSString).appendingPathComponent("openapi.yaml")
        guard let data = FileManager.default.contents(atPath: path) else { throw KafaeError("route.not_found") }
        return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: .init(bytes: data)))
    }
}
