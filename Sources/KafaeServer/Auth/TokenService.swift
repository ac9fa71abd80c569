import Foundation
import JWTKit
import KafaeDomain
import KafaeStore

/// Signs and verifies short-lived access tokens (ES256, so other services can verify with the public key).
final class TokenService: Sendable {
    static let issuer = "kafae"
    let keys: JWTKeyCollection
    let accessTTL: TimeInterval

    init(key: ES256PrivateKey, accessTTL: TimeInterval) async {
        keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: "kafae-1")
        self.accessTTL = accessTTL
    }

    /// Signs a token issued at `issuedAtMs` (whole milliseconds, so that it survives the JSON round trip exactly).
    func sign(userId: UUID, organizationId: UUID, sessionId: UUID?, issuedAtMs: Int64 = Clock.nowMs(), now: Date = Date()) async throws -> String {
        try await keys.sign(AccessClaims(
            sub: .init(value: userId.uuidString.lowercased()),
            org: organizationId.uuidString.lowercased(),
            sid: sessionId?.uuidString.lowercased(),
            iat: .init(value: Clock.date(ms: issuedAtMs)),
            exp: .init(value: now.addingTimeInterval(accessTTL)),
            iss: .init(value: Self.issuer)
        ), kid: "kafae-1")
    }

    /// The user, organization, sign-in and issue time of a valid token; `auth.token_invalid` otherwise.
    func verify(_ token: String) async throws -> VerifiedAccess {
        do {
            let claims = try await keys.verify(token, as: AccessClaims.self)
            guard let user = UUID(uuidString: claims.sub.value), let org = UUID(uuidString: claims.org) else {
                throw KafaeError("auth.token_invalid")
            }
            var session: UUID?
            if let sid = claims.sid {
                guard let s = UUID(uuidString: sid) else { throw KafaeError("auth.token_invalid") }
                session = s
            }
            let ms = (claims.iat.value.timeIntervalSince1970 * 1000).rounded()
            guard ms.isFinite, abs(ms) < 1e15 else { throw KafaeError("auth.token_invalid") }
            return VerifiedAccess(userId: user, organizationId: org, sessionId: session, issuedAtMs: Int64(ms))
        } catch {
            throw KafaeError("auth.token_invalid")
        }
    }
}
