import Foundation
import JWTKit
import KafaeDomain

/// The claims of an access token: the user and the active organization. Roles are read from the database on
/// every request, so a changed role or a removed member takes effect at once.
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var org: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var iss: IssuerClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == TokenService.issuer else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "issuer") }
    }
}

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

    func sign(userId: UUID, organizationId: UUID, now: Date = Date()) async throws -> String {
        try await keys.sign(AccessClaims(
            sub: .init(value: userId.uuidString.lowercased()),
            org: organizationId.uuidString.lowercased(),
            iat: .init(value: now),
            exp: .init(value: now.addingTimeInterval(accessTTL)),
            iss: .init(value: Self.issuer)
        ), kid: "kafae-1")
    }

    /// The user and organization of a valid token; `auth.token_invalid` otherwise.
    func verify(_ token: String) async throws -> (userId: UUID, organizationId: UUID) {
        do {
            let claims = try await keys.verify(token, as: AccessClaims.self)
            guard let user = UUID(uuidString: claims.sub.value), let org = UUID(uuidString: claims.org) else {
                throw KafaeError("auth.token_invalid")
            }
            return (user, org)
        } catch {
            throw KafaeError("auth.token_invalid")
        }
    }
}
