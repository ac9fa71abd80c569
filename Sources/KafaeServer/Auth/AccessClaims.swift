import JWTKit

/// The claims of an access token: the user, the active organization and the sign-in it belongs to. Roles are read
/// from the database on every request, so a changed role or a removed member takes effect at once.
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var org: String
    /// The sign-in (refresh-token family) the token was issued for: logging it out cuts the token too. Absent in
    /// tokens issued before it existed.
    var sid: String?
    /// Issued at, in seconds with millisecond precision (a JSON number such as `1767225600.123`), compared with the
    /// user's token cut-off (`users.tokens_valid_after`, ms).
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var iss: IssuerClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == TokenService.issuer else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "issuer") }
    }
}
