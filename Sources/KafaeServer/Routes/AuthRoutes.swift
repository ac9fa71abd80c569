import Foundation
import Hummingbird
import KafaeDomain

/// `/api/v1/auth/*`: register, login, refresh, logout, switch organization.
struct AuthRoutes {
    let h: Handlers

    /// The caller's address for the per-address limits (see ``ClientAddress/resolve(forwardedFor:socketAddress:trustedHops:)``).
    func clientAddress(_ request: Request, _ context: KafaeContext) -> String {
        ClientAddress.resolve(forwardedFor: request.headers[values: .init("X-Forwarded-For")!],
                              socketAddress: context.socketAddress, trustedHops: h.config.trustedProxyHops)
    }

    /// Signing up, in and out: public (``PublicRoutes``).
    func registerPublic(on open: RouterGroup<KafaeContext>) {
        let auth = open.group("auth")
        auth.post("register") { request, context in
            try JSONBody.response(try await h.auth.register(try await h.body(request), clientIP: clientAddress(request, context)),
                                  status: .created)
        }
        auth.post("login") { request, context in
            try JSONBody.response(try await h.auth.login(try await h.body(request), clientIP: clientAddress(request, context)))
        }
        auth.post("refresh") { request, context in
            try JSONBody.response(try await h.auth.refresh(try await h.body(request), clientIP: clientAddress(request, context)))
        }
        auth.post("logout") { request, _ in
            try await h.auth.logout(try await h.body(request))
            return Handlers.noContent()
        }
    }

    /// Switching organization needs a signed-in caller.
    func register(on api: RouterGroup<KafaeContext>) {
        api.post("auth/switch") { request, context in
            let p = try context.principal()
            return try JSONBody.response(try await h.auth.switchOrganization(p, body: try await h.body(request)))
        }
    }
}
