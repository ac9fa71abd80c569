import KafaeDomain

/// What an access token's holder currently has: see ``AccountRepository/accessGrant(_:organizationId:userId:familyId:)``.
public struct AccessGrant: Sendable, Equatable {
    public let role: Role
    public let tokensValidAfter: Int64?
    /// False once the sign-in the token came from was ended (logout, reuse of a refresh token, removal).
    public let signInLive: Bool

    public init(role: Role, tokensValidAfter: Int64?, signInLive: Bool) {
        self.role = role
        self.tokensValidAfter = tokensValidAfter
        self.signInLive = signInLive
    }
}
