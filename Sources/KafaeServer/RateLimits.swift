/// The limits of DESIGN §8: sign-in per address and per account, registration per address, and a general limit
/// per token.
public struct RateLimits: Sendable, Equatable {
    public var loginPerIP = RateLimit(count: 30, seconds: 60)
    public var loginPerAccount = RateLimit(count: 10, seconds: 300)
    public var refreshPerIP = RateLimit(count: 120, seconds: 60)
    public var refreshPerAccount = RateLimit(count: 30, seconds: 60)
    /// Registrations per address: each may create an organization and costs a bcrypt hash, and `auth.email_taken`
    /// tells whether an e-mail has an account. Sign-ups through a valid invitation do not count.
    public var registerPerIP = RateLimit(count: 10, seconds: 3600)
    public var perPrincipal = RateLimit(count: 1200, seconds: 60)

    public init() {}
}
