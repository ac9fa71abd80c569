import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore

/// `/api/v1/lots/{id}/passport` (publish, read, revoke) and the public `/p/{token}` page and its QR code.
struct PassportRoutes {
    let services: AppServices
    var service: PassportService { services.passports }

    /// The public address of this server: configured, or from the request (behind a proxy, its forwarded scheme).
    /// A Host header that is not a plain `host[:port]` is refused (`request.invalid_host`, 400).
    func baseURL(_ request: Request) throws -> String {
        if let configured = services.config.publicURL { return configured }
        let host: String
        if let authority = request.head.authority {
            guard PublicAddress.isValidAuthority(authority) else { throw KafaeError("request.invalid_host") }
            host = authority.lowercased()
        } else {
            host = "\(services.config.host):\(services.config.port)"
        }
        let scheme = services.config.trustedProxyHops > 0 ? PublicAddress.forwardedScheme(request.headers[.init("X-Forwarded-Proto")!]) : "http"
        return "\(scheme)://\(host)"
    }

    /// Publishing, reading and revoking a lot's passport: for signed-in callers.
    func register(on api: RouterGroup<KafaeContext>) {
        api.post("lots/:id/passport", use: publish)
        api.get("lots/:id/passport", use: current)
        api.delete("lots/:id/passport", use: revoke)
    }

    /// The passport page and its QR code: public (``PublicRoutes``), reached by a buyer scanning the bag.
    func registerPublic(on router: Router<KafaeContext>) {
        router.get("p/:token", use: page)
        router.get("p/:token/qr.svg", use: qrCode)
    }

    @Sendable func publish(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let id = try context.parameters.uuid("id")
        return try JSONBody.response(try await service.publish(p, lotId: id, body: try await services.body(request), baseURL: try baseURL(request)),
                                     status: .created)
    }

    @Sendable func current(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try await service.current(p, lotId: try context.parameters.uuid("id"), baseURL: try baseURL(request)))
    }

    @Sendable func revoke(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        try await service.revoke(p, lotId: try context.parameters.uuid("id"))
        return .noContent()
    }

    @Sendable func page(_ request: Request, context: KafaeContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let (row, facts) = try await service.page(token: token) else { throw KafaeError("passport.not_found") }
        let url = "\(try baseURL(request))/p/\(row.token)"
        let html = PassportPage.html(facts, sections: Set(row.sections.compactMap(PassportSection.init(rawValue:))),
                                     url: url, qrPath: "/p/\(row.token)/qr.svg")
        return Response(status: .ok, headers: [
            .contentType: "text/html; charset=utf-8",
            .init("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
            // Links made from the request's Host header must not be cached for others.
            .cacheControl: services.config.publicURL == nil ? "no-store" : "public, max-age=300",
        ], body: .init(byteBuffer: .init(string: html)))
    }

    @Sendable func qrCode(_ request: Request, context: KafaeContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let (row, _) = try await service.page(token: token) else { throw KafaeError("passport.not_found") }
        let svg = try PassportService.qrSVG("\(try baseURL(request))/p/\(row.token)")
        return Response(status: .ok, headers: [.contentType: "image/svg+xml",
                                               .cacheControl: services.config.publicURL == nil ? "no-store" : "public, max-age=86400"],
                        body: .init(byteBuffer: .init(string: svg)))
    }
}
