import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore
import Logging
import NIOCore

/// What Kafae keeps about one request while it is handled.
public struct KafaeContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address as the socket saw it (before any proxy headers).
    public let socketAddress: String?
    /// Echoed in the `X-Request-Id` header, in error bodies and in every log line of the request.
    public var requestId: String = ""
    /// Chosen from `Accept-Language`; Thai by default.
    public var language: Language = .th
    /// Who is calling: set by ``AuthenticationMiddleware`` on every route of the authenticated `/api/v1` group,
    /// nil on the public routes.
    public var identity: Caller?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.socketAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller that the authentication middleware established. A handler registered outside the authenticated
    /// group that asks for it gets `401`, never a request without an identity: the failure is closed.
    public func principal() throws -> Caller {
        guard let identity else { throw KafaeError("auth.unauthenticated") }
        return identity
    }

    /// The JSON body limit is enforced by ``JSONBody``; this bounds anything else Hummingbird decodes.
    public var maxUploadSize: Int { 1 << 20 }
}
