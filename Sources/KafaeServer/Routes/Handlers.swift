import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore

/// The services a route needs, and the small steps every handler repeats.
struct Handlers: Sendable {
    let config: ServerConfig
    let db: any Database
    let auth: AuthService
    let members: MemberService
    let apiKeys: ApiKeyService

    func principal(_ request: Request) async throws -> Principal {
        try await auth.principal(authorization: request.headers[.authorization])
    }

    func body(_ request: Request) async throws -> [String: JSONValue] {
        try await JSONBody.object(request, maxBytes: config.maxBodyBytes)
    }

    /// The caller's address: the socket's, or taken from `X-Forwarded-For` behind trusted proxies.
    func clientIP(_ request: Request, _ context: KafaeContext) -> String {
        if config.trustedProxyHops > 0, let xff = request.headers[.init("X-Forwarded-For")!] {
            let hops = xff.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let index = hops.count - config.trustedProxyHops
            if index >= 0, index < hops.count { return hops[index] }
            if let first = hops.first { return first }
        }
        return context.socketAddress ?? "unknown"
    }

    static func noContent() -> Response { Response(status: .noContent) }
}
