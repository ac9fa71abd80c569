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

    func body(_ request: Request) async throws -> [String: JSONValue] {
        try await JSONBody.object(request, maxBytes: config.maxBodyBytes)
    }

    static func noContent() -> Response { Response(status: .noContent) }
}
