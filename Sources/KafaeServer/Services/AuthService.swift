import Foundation
import Hummingbird
import HummingbirdBcrypt
import KafaeDomain
import KafaeStore
import NIOPosix

/// Accounts and sessions: registration, sign-in, rotating refresh tokens, switching organization, and turning
/// a bearer token into a ``Caller``.
final class AuthService: Sendable {
    let db: any Database
    let tokens: TokenService
    let config: ServerConfig
    let limiter: RateLimiter
    /// Compared against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
    let dummyHash: String

    init(db: any Database, tokens: TokenService, config: ServerConfig, limiter: RateLimiter) {
        self.db = db
        self.tokens = tokens
        self.config = config
        self.limiter = limiter
        self.dummyHash = Bcrypt.hash("kafae-timing-equalizer", cost: config.bcryptCost)
    }

    // MARK: passwords (bcrypt off the async executor)

    func hashPassword(_ password: String) async throws -> String {
        let cost = config.bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    static func readPassword(_ r: inout FieldReader, _ key: String = "password") -> String? {
        guard let value = r.object[key] else { r.add(.required(r.name(key))); return nil }
        guard case .string(let s) = value else { r.add(.type(r.name(key), expected: "string")); return nil }
        if let issue = PasswordPolicy.issue(s, field: r.name(key)) { r.add(issue); return nil }
        return s
    }

    // MARK: use cases

    /// Creates an account: with a new organization it owns, or through an invitation.
    ///
    /// Limited per address (`KAFAE_RATE_REGISTER_IP`): each new organization and each bcrypt hash costs, and
    /// `auth.email_taken` tells whether an e-mail has an account. That answer is kept (people must learn to sign in
    /// instead), but only behind this limit; sign-in itself never tells an unknown e-mail from a wrong password.
    /// A sign-up through a valid invitation for its e-mail does not count (a co-op registers its staff from one
    /// office); a wrong or stale invitation does. The e-mail is checked before the password is hashed.
    func register(_ body: [String: JSONValue], clientIP: String) async throws -> TokenPair {
        var r = FieldReader(body, allowed: ["organizationName", "name", "email", "password", "invitationToken"])
        let invitationToken = r.string("invitationToken", max: 200).value
        let orgName = r.string("organizationName", required: invitationToken == nil, max: 200).value
        let name = r.string("name", required: true, max: 200).value
        let email = r.email("email")
        let password = Self.readPassword(&r)
        try r.finish()
        guard let name, let email, let password else { throw KafaeError.validation(r.issues) }
        let limitKey = "register-ip:\(ClientAddress.rateKey(clientIP))"
        if let invitationToken {
            let tokenHash = Secrets.sha256Hex(invitationToken)
            let checkedAt = Clock.nowMs()
            let inv = try await db.read { sql in try await InvitationRepository.pending(sql, tokenHash: tokenHash, now: checkedAt) }
            guard let inv, inv.email == email else {
                try limiter.take(limitKey, config.rateLimits.registerPerIP)
                throw KafaeError(inv == nil ? "invitation.not_found" : "invitation.email_mismatch")
            }
        } else {
            try limiter.take(limitKey, config.rateLimits.registerPerIP)
        }
        // A taken e-mail is answered before any bcrypt work (checked again in the transaction below).
        if try await db.read({ sql in try await AccountRepository.user(sql, email: email) }) != nil {
            throw KafaeError("auth.email_taken")
        }
        let hash = try await hashPassword(password)
        let refresh = Secrets.randomToken()
        let familyId = UUID()
        let now = Clock.nowMs()
        let refreshTTL = Int64(config.refreshTokenTTL * 1000)
        let (user, membership) = try await db.write { sql -> (UserRow, MembershipRow) in
            if try await AccountRepository.user(sql, email: email) != nil { throw KafaeError("auth.email_taken") }
            let userId = UUID()
            let orgId: UUID
            let role: Role
            if let invitationToken {
                guard let inv = try await InvitationRepository.pending(sql, tokenHash: Secrets.sha256Hex(invitationToken), now: now) else {
                    throw KafaeError("invitation.not_found")
                }
                guard inv.email == email else { throw KafaeError("invitation.email_mismatch") }
                orgId = inv.organizationId
                role = inv.role
                try await InvitationRepository.markAccepted(sql, id: inv.id, now: now)
            } else {
                orgId = UUID()
                role = .owner
                try await AccountRepository.insertOrganization(sql, id: orgId, name: orgName!, now: now)
            }
            guard try await AccountRepository.insertUserIfNew(sql, id: userId, email: email, name: name, passwordHash: hash, now: now) else {
                throw KafaeError("auth.email_taken")
            }
            try await AccountRepository.insertMembership(sql, organizationId: orgId, userId: userId, role: role, now: now)
            try await RefreshTokenRepository.insert(sql, id: UUID(), familyId: familyId, userId: userId, organizationId: orgId,
                                                    hash: Secrets.sha256Hex(refresh), expiresAt: now + refreshTTL, now: now)
            try await AuditRepository.write(sql, organizationId: orgId, actor: ActorRef(kind: .user, id: userId),
                                            action: invitationToken == nil ? "organization.create" : "member.join",
                                            entity: nil, entityId: nil, changes: nil, now: now)
            guard let user = try await AccountRepository.user(sql, id: userId),
                  let m = try await AccountRepository.membership(sql, organizationId: orgId, userId: userId) else {
                throw KafaeError("internal.error")
            }
            return (user, m)
        }
        return try await pair(user: user, membership: membership, refresh: refresh, familyId: familyId)
    }

    /// Signs in. An unknown e-mail and a wrong password get the same answer (`auth.invalid_credentials`) after the
    /// same work: the password is checked against a dummy hash of the configured cost when there is no such user,
    /// and both are counted by the per-account limit.
    func login(_ body: [String: JSONValue], clientIP: String) async throws -> TokenPair {
        try limiter.take("login-ip:\(ClientAddress.rateKey(clientIP))", config.rateLimits.loginPerIP)
        var r = FieldReader(body, allowed: ["email", "password", "organizationId"])
        let email = r.email("email")
        let password: String? = {
            guard let v = body["password"] else { r.add(.required("password")); return nil }
            guard case .string(let s) = v, !s.isEmpty else { r.add(.type("password", expected: "string")); return nil }
            return s
        }()
        let orgId = r.uuid("organizationId").value
        try r.finish()
        guard let email, let password else { throw KafaeError.validation(r.issues) }
        try limiter.take("login-account:\(email)", config.rateLimits.loginPerAccount)
        let user = try await db.read { sql in try await AccountRepository.user(sql, email: email) }
        let ok = try await verifyPassword(password, hash: user?.passwordHash ?? dummyHash)
        guard let user, ok else { throw KafaeError("auth.invalid_credentials") }
        let memberships = try await db.read { sql in try await AccountRepository.memberships(sql, userId: user.id) }
        let membership: MembershipRow
        if let orgId {
            guard let m = memberships.first(where: { $0.organization.id == orgId }) else { throw KafaeError("auth.not_member") }
            membership = m
        } else {
            guard let m = memberships.first else { throw KafaeError("auth.not_member") }
            membership = m
        }
        return try await issue(user: user, membership: membership)
    }

    /// Starts a new refresh-token family for a user in an organization.
    func issue(user: UserRow, membership: MembershipRow) async throws -> TokenPair {
        let refresh = Secrets.randomToken()
        let familyId = UUID()
        let now = Clock.nowMs()
        let expires = now + Int64(config.refreshTokenTTL * 1000)
        try await db.write { sql in
            // The password was checked (or the session read) before this transaction: if a reset or a sign-out
            // everywhere has committed since, that check no longer holds.
            guard let current = try await AccountRepository.userForSignIn(sql, id: user.id),
                  current.passwordHash == user.passwordHash, current.tokensValidAfter == user.tokensValidAfter else {
                throw KafaeError("auth.invalid_credentials")
            }
            try await RefreshTokenRepository.insert(sql, id: UUID(), familyId: familyId, userId: user.id,
                                                    organizationId: membership.organization.id,
                                                    hash: Secrets.sha256Hex(refresh), expiresAt: expires, now: now)
        }
        return try await pair(user: user, membership: membership, refresh: refresh, familyId: familyId)
    }

    private enum RefreshOutcome: Sendable {
        case rotated(UserRow, MembershipRow, familyId: UUID)
        case reused
        case invalid
    }

    /// Rotates a refresh token. A token presented a second time revokes its whole family (DESIGN §8).
    func refresh(_ body: [String: JSONValue], clientIP: String) async throws -> TokenPair {
        try limiter.take("refresh-ip:\(ClientAddress.rateKey(clientIP))", config.rateLimits.refreshPerIP)
        var r = FieldReader(body, allowed: ["refreshToken"])
        let token = r.string("refreshToken", required: true, max: 200).value
        try r.finish()
        guard let token else { throw KafaeError.validation(r.issues) }
        let hash = Secrets.sha256Hex(token)
        let next = Secrets.randomToken()
        let now = Clock.nowMs()
        let expires = now + Int64(config.refreshTokenTTL * 1000)
        let limiter = self.limiter
        let perAccount = config.rateLimits.refreshPerAccount
        let outcome = try await db.write { sql -> RefreshOutcome in
            guard let row = try await RefreshTokenRepository.find(sql, hash: hash) else { return .invalid }
            try limiter.take("refresh-account:\(row.userId.text)", perAccount)
            if row.revokedAt != nil || row.expiresAt <= now { return .invalid }
            // Held until this rotation commits, so a concurrent reset or sign-out everywhere also revokes the new token.
            guard try await AccountRepository.userForSignIn(sql, id: row.userId) != nil else { return .invalid }
            if row.rotatedAt != nil {
                try await RefreshTokenRepository.revokeFamily(sql, familyId: row.familyId, now: now)
                return .reused
            }
            guard let user = try await AccountRepository.user(sql, id: row.userId),
                  let m = try await AccountRepository.membership(sql, organizationId: row.organizationId, userId: row.userId) else {
                try await RefreshTokenRepository.revokeFamily(sql, familyId: row.familyId, now: now)
                return .invalid
            }
            guard try await RefreshTokenRepository.markRotated(sql, id: row.id, now: now) else {
                try await RefreshTokenRepository.revokeFamily(sql, familyId: row.familyId, now: now)
                return .reused
            }
            try await RefreshTokenRepository.insert(sql, id: UUID(), familyId: row.familyId, userId: row.userId,
                                                    organizationId: row.organizationId, hash: Secrets.sha256Hex(next),
                                                    expiresAt: expires, now: now)
            return .rotated(user, m, familyId: row.familyId)
        }
        switch outcome {
        case .invalid: throw KafaeError("auth.refresh_invalid")
        case .reused: throw KafaeError("auth.refresh_reused")
        case .rotated(let user, let m, let familyId): return try await pair(user: user, membership: m, refresh: next, familyId: familyId)
        }
    }

    /// Ends the sign-in of the given refresh token: its family is revoked, and with it every access token issued for
    /// that sign-in (they carry its id, checked on each request), at once rather than when they expire. The user's
    /// other sign-ins (other devices) go on. Unknown tokens are ignored: logging out twice is fine.
    func logout(_ body: [String: JSONValue]) async throws {
        var r = FieldReader(body, allowed: ["refreshToken"])
        let token = r.string("refreshToken", required: true, max: 200).value
        try r.finish()
        guard let token else { return }
        let now = Clock.nowMs()
        try await db.write { sql in
            if let row = try await RefreshTokenRepository.find(sql, hash: Secrets.sha256Hex(token)) {
                try await RefreshTokenRepository.revokeFamily(sql, familyId: row.familyId, now: now)
            }
        }
    }

    /// Issues a token pair for another organization the user belongs to.
    func switchOrganization(_ principal: Caller, body: [String: JSONValue]) async throws -> TokenPair {
        let userId = try principal.requireUser()
        var r = FieldReader(body, allowed: ["organizationId"])
        let orgId = r.uuid("organizationId", required: true).value
        try r.finish()
        guard let orgId else { throw KafaeError.validation(r.issues) }
        let (user, m) = try await db.read { sql in
            (try await AccountRepository.user(sql, id: userId),
             try await AccountRepository.membership(sql, organizationId: orgId, userId: userId))
        }
        guard let user else { throw KafaeError("auth.token_invalid") }
        guard let m else { throw KafaeError("organization.not_found") }
        return try await issue(user: user, membership: m)
    }

    /// The token pair of a sign-in. The access token's issue time is never before the user's token cut-off as read
    /// here: a token issued after a password reset or a sign-out everywhere is accepted even when this server's
    /// clock is a little behind the one that set the cut-off.
    private func pair(user: UserRow, membership: MembershipRow, refresh: String, familyId: UUID) async throws -> TokenPair {
        let issuedAt = max(Clock.nowMs(), user.tokensValidAfter ?? 0)
        let access = try await tokens.sign(userId: user.id, organizationId: membership.organization.id, sessionId: familyId,
                                           issuedAtMs: issuedAt)
        return TokenPair(accessToken: access, refreshToken: refresh, expiresIn: Int(config.accessTokenTTL),
                         refreshExpiresIn: Int(config.refreshTokenTTL), user: UserView(user), organization: OrganizationView(membership))
    }

    // MARK: authentication

    /// Resolves `Authorization: Bearer …` (an access token or an API key) and applies the per-caller rate limit.
    func principal(authorization: String?) async throws -> Caller {
        guard let header = authorization, header.lowercased().hasPrefix("bearer ") else {
            throw KafaeError("auth.unauthenticated")
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        let principal: Caller
        if token.hasPrefix(ApiKeyService.keyPrefix) {
            principal = try await apiKeyPrincipal(token)
        } else {
            let access = try await tokens.verify(token)
            guard let grant = try await db.read({ sql in
                try await AccountRepository.accessGrant(sql, organizationId: access.organizationId, userId: access.userId,
                                                        familyId: access.sessionId)
            }), Self.accepts(access, grant) else { throw KafaeError("auth.token_invalid") }
            principal = Caller(organizationId: access.organizationId, actor: ActorRef(kind: .user, id: access.userId),
                                  role: grant.role, scope: nil)
        }
        try limiter.take("api:\(principal.actor.text)", config.rateLimits.perPrincipal)
        return principal
    }

    /// Whether a verified access token still stands: its sign-in was not ended, and it was issued at or after the
    /// user's token cut-off. Both instants are in milliseconds (the token's `iat` carries them), so a token issued
    /// right after a reset, in the same second, is accepted, and one issued before it, in the same second, is not.
    static func accepts(_ access: VerifiedAccess, _ grant: AccessGrant) -> Bool {
        guard grant.signInLive else { return false }
        if let cutOff = grant.tokensValidAfter, access.issuedAtMs < cutOff { return false }
        return true
    }

    private func apiKeyPrincipal(_ token: String) async throws -> Caller {
        guard let parsed = ApiKeyService.parse(token) else { throw KafaeError("auth.token_invalid") }
        let now = Clock.nowMs()
        guard let key = try await db.read({ sql in try await ApiKeyRepository.find(sql, prefix: parsed.prefix) }),
              key.revokedAt == nil,
              Secrets.constantTimeEqual(key.secretHash, Secrets.sha256Hex(parsed.secret)) else {
            throw KafaeError("auth.token_invalid")
        }
        if (key.lastUsedAt ?? 0) < now - 60_000 {
            try await db.write { sql in try await ApiKeyRepository.touch(sql, id: key.id, now: now) }
        }
        return Caller(organizationId: key.organizationId, actor: ActorRef(kind: .apiKey, id: key.id), role: nil, scope: key.scope)
    }
}
