import Foundation
import Hummingbird
import KafaeDomain

/// `/api/v1/auth/*`: register, login, refresh, logout, switch organization.
struct AuthRoutes {
    let services: AppServices
    var auth: AuthService { services.auth }

    /// Signing up, in and out: public (``PublicRoutes``).
    func registerPublic(on open: RouterGroup<KafaeContext>) {
        open.post("auth/register", use: register)
        open.post("auth/login", use: login)
        open.post("auth/refresh", use: refresh)
        open.post("auth/logout", use: logout)
    }

    /// Switching organization needs a signed-in caller.
    func register(on api: RouterGroup<KafaeContext>) {
        api.post("auth/switch", use: switchOrganization)
    }

    /// The caller's address for the per-address limits (see ``ClientAddress/resolve(forwardedFor:socketAddress:trustedHops:)``).
    func clientAddress(_ request: Request, _ context: KafaeContext) -> String {
        ClientAddress.resolve(forwardedFor: request.headers[values: .init("X-Forwarded-For")!],
                              socketAddress: context.socketAddress, trustedHops: services.config.trustedProxyHops)
    }

    @Sendable func register(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(try await auth.register(try await services.body(request), clientIP: clientAddress(request, context)),
                              status: .created)
    }

    @Sendable func login(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(try await auth.login(try await services.body(request), clientIP: clientAddress(request, context)))
    }

    @Sendable func refresh(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(try await auth.refresh(try await services.body(request), clientIP: clientAddress(request, context)))
    }

    @Sendable func logout(_ request: Request, context: KafaeContext) async throws -> Response {
        try await auth.logout(try await services.body(request))
        return .noContent()
    }

    @Sendable func switchOrganization(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(try await auth.switchOrganization(try context.principal(), body: try await services.body(request)))
    }
}
