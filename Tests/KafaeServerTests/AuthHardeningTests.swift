import Foundation
import KafaeDomain
@testable import KafaeServer
import KafaeStore
import KafaeTestSupport
import Logging
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The "Hardening" issue, sign-in side: registration limits, sign-in that does not tell accounts apart, access tokens
/// cut by logout and password reset, client addresses behind proxies, bounded rate-limit buckets, the signing key file.
final class AuthHardeningTests: XCTestCase {
    static func registerBody(_ email: String, org: String = "Org", password: String = "arabica-1400m") -> JSONValue {
        .object(["organizationName": .string(org), "name": .string("N"), "email": .string(email), "password": .string(password)])
    }

    // MARK: 1. registration

    func testRegistrationIsLimitedPerAddressButNotForValidInvitations() async throws {
        try await TestApp.run(configure: { $0.rateLimits.registerPerIP = .init(count: 3, seconds: 3600) }) { api, t in
            let first = try await api.register()
            for _ in 0..<2 { _ = try await api.register() }
            let limited = try await api.call(.post, "/api/v1/auth/register", json: Self.registerBody("fourth-\(UUID())@example.com"))
            XCTAssertEqual(limited.status, 429, "[\(t.engine)] \(limited.text)")
            XCTAssertEqual(limited.errorCode, "rate.limited")
            XCTAssertGreaterThan(Int(limited.headers[.retryAfter] ?? "0") ?? 0, 0, "Retry-After says when to come back")
            // Probing for accounts is behind the same limit.
            let probe = try await api.call(.post, "/api/v1/auth/register", json: Self.registerBody(first.email))
            XCTAssertEqual(probe.status, 429)

            // Staff signing up through their invitations from the same office are not held back...
            let member = try await api.addMember(by: first, role: .field)
            XCTAssertFalse(member.access.isEmpty)
            // ...but a wrong invitation token counts like any other attempt.
            let bad = try await api.call(.post, "/api/v1/auth/register", json: .object([
                "invitationToken": .string("not-a-token"), "name": .string("X"), "email": .string("x@example.com"),
                "password": .string("whatever-123"),
            ]))
            XCTAssertEqual(bad.status, 429)
        }
    }

    func testRegistrationLimitUsesTheTrustedForwardedAddress() async throws {
        try await TestApp.run(configure: {
            $0.trustedProxyHops = 1
            $0.rateLimits.registerPerIP = .init(count: 2, seconds: 3600)
        }) { api, _ in
            // The client writes the left part; the proxy appends the real address on the right.
            for i in 0..<2 {
                let r = try await api.call(.post, "/api/v1/auth/register", json: Self.registerBody("p\(i)-\(UUID())@example.com"),
                                           headers: [.init("X-Forwarded-For")!: "10.0.0.\(i), 203.0.113.7"])
                XCTAssertEqual(r.status, 201, r.text)
            }
            let spoofed = try await api.call(.post, "/api/v1/auth/register", json: Self.registerBody("p9-\(UUID())@example.com"),
                                             headers: [.init("X-Forwarded-For")!: "10.9.9.9, 203.0.113.7"])
            XCTAssertEqual(spoofed.status, 429, "a forged left part gives no new bucket")
            let other = try await api.call(.post, "/api/v1/auth/register", json: Self.registerBody("q-\(UUID())@example.com"),
                                           headers: [.init("X-Forwarded-For")!: "203.0.113.8"])
            XCTAssertEqual(other.status, 201, "another client address has its own limit")
        }
    }

    /// A taken e-mail is answered before the password is hashed: with a slow hash, it is much faster than a sign-up.
    func testTakenEmailIsAnsweredWithoutHashing() async throws {
        try await TestApp.run(configure: { $0.bcryptCost = 12 }) { api, t in
            let mail = "taken-\(UUID().uuidString.prefix(8))@example.com"
            let started = ContinuousClock.now
            let first = try await api.call(.post, "/api/v1/auth/register", json: Self.registerBody(mail))
            let signUp = ContinuousClock.now - started
            XCTAssertEqual(first.status, 201, first.text)
            let again = ContinuousClock.now
            let dup = try await api.call(.post, "/api/v1/auth/register", json: Self.registerBody(mail.uppercased()))
            let taken = ContinuousClock.now - again
            XCTAssertEqual(dup.status, 409)
            XCTAssertEqual(dup.errorCode, "auth.email_taken")
            XCTAssertLessThan(taken * 4, signUp, "[\(t.engine)] taken \(taken) vs sign-up \(signUp): no bcrypt for a taken e-mail")
        }
    }

    /// Sign-ups with one e-mail at the same moment: one account, the others `auth.email_taken`, never a 500.
    func testConcurrentSignUpsWithOneEmailGiveOneAccount() async throws {
        try await TestApp.run { api, t in
            guard let port = api.client.port else { throw XCTSkip("needs a live server") }
            let mail = "race-\(UUID().uuidString.prefix(8))@example.com"
            let body = Self.registerBody(mail).jsonString()
            let replies = try await withThrowingTaskGroup(of: (status: Int, body: String).self) { group in
                for _ in 0..<5 { group.addTask { try await AccessHardeningTests.rawJSON(port: port, "POST", "/api/v1/auth/register", token: nil, body: body) } }
                return try await group.reduce(into: [(status: Int, body: String)]()) { $0.append($1) }
            }
            XCTAssertEqual(replies.map(\.status).sorted(), [201, 409, 409, 409, 409], "[\(t.engine)] \(replies.map(\.body))")
            XCTAssertTrue(replies.filter { $0.status == 409 }.allSatisfy { $0.body.contains("auth.email_taken") })
        }
    }

    /// Sign-in answers an unknown e-mail exactly as a wrong password, after about the same work.
    func testUnknownEmailAndWrongPasswordLookTheSame() async throws {
        try await TestApp.run(configure: { $0.bcryptCost = 10 }) { api, _ in
            let s = try await api.register()
            func attempt(_ email: String) async throws -> (Reply, Duration) {
                let started = ContinuousClock.now
                let r = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .string(email), "password": .string("wrong-password-1")]))
                return (r, ContinuousClock.now - started)
            }
            var wrong: [Duration] = [], unknown: [Duration] = []
            var replies: [Reply] = []
            for i in 0..<3 {
                let (a, da) = try await attempt(s.email)
                let (b, db) = try await attempt("nobody-\(i)-\(UUID().uuidString.prefix(6))@example.com")
                wrong.append(da); unknown.append(db); replies += [a, b]
            }
            for r in replies {
                XCTAssertEqual(r.status, 401)
                XCTAssertEqual(r.errorCode, "auth.invalid_credentials")
                XCTAssertEqual(r["error"]?.objectValue?["messageEn"]?.stringValue, "Wrong e-mail or password")
                XCTAssertEqual(r["error"]?.objectValue?["details"], replies[0]["error"]?.objectValue?["details"])
                XCTAssertEqual(r.headers[.retryAfter], nil)
            }
            let medianWrong = wrong.sorted()[1], medianUnknown = unknown.sorted()[1]
            XCTAssertGreaterThan(medianUnknown * 3, medianWrong, "an unknown e-mail runs bcrypt too (\(medianUnknown) vs \(medianWrong))")
        }
    }

    // MARK: 4. access tokens cut by logout and password reset

    func testLogoutCutsTheAccessTokensOfThatSignInOnly() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            let phone = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .string(s.email), "password": .string(s.password)]))
            let phoneAccess = phone.string("accessToken")!
            do { let r = try await api.call(.get, "/api/v1/me", token: s.access); XCTAssertEqual(r.status, 200) }

            let out = try await api.call(.post, "/api/v1/auth/logout", json: .object(["refreshToken": .string(s.refresh)]))
            XCTAssertEqual(out.status, 204)
            let after = try await api.call(.get, "/api/v1/me", token: s.access)
            XCTAssertEqual(after.status, 401, "[\(t.engine)] the signed-out access token is refused at once")
            XCTAssertEqual(after.errorCode, "auth.token_invalid")
            do { let r = try await api.call(.get, "/api/v1/me", token: phoneAccess); XCTAssertEqual(r.status, 200, "the other device goes on") }

            // A token reached by refreshing belongs to the same sign-in.
            let rotated = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(phone.string("refreshToken")!)]))
            XCTAssertEqual(rotated.status, 200)
            _ = try await api.call(.post, "/api/v1/auth/logout", json: .object(["refreshToken": .string(rotated.string("refreshToken")!)]))
            do { let r = try await api.call(.get, "/api/v1/me", token: phoneAccess); XCTAssertEqual(r.status, 401) }
            do { let r = try await api.call(.get, "/api/v1/me", token: rotated.string("accessToken")); XCTAssertEqual(r.status, 401) }
        }
    }

    func testRefreshReuseCutsTheAccessTokensOfTheFamily() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let r1 = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(s.refresh)]))
            let stolenAccess = r1.string("accessToken")!
            let reuse = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(s.refresh)]))
            XCTAssertEqual(reuse.errorCode, "auth.refresh_reused")
            let r = try await api.call(.get, "/api/v1/farms", token: stolenAccess)
            XCTAssertEqual(r.status, 401, "a revoked family's access tokens stop too")
        }
    }

    /// `kafae user reset-password` (through ``AccountRepository/setPassword(_:userId:passwordHash:now:)``): every access
    /// token issued before is refused; one issued right after, in the same second, works.
    func testPasswordResetCutsEveryAccessToken() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            let switched = try await api.call(.post, "/api/v1/organizations", token: s.access, json: .object(["name": .string("Second")]))
            let otherOrg = try await api.call(.post, "/api/v1/auth/switch", token: s.access,
                                              json: .object(["organizationId": .string(switched.string("id")!)]))
            XCTAssertEqual(otherOrg.status, 200)
            do { let r = try await api.call(.get, "/api/v1/farms", token: s.access); XCTAssertEqual(r.status, 200) }

            // What `kafae user reset-password` runs.
            let found = try await AdminTasks.resetPassword(db: t.db, email: s.email, password: "the-new-password", cost: 4)
            XCTAssertTrue(found)
            for token in [s.access, otherOrg.string("accessToken")!] {
                let r = try await api.call(.get, "/api/v1/farms", token: token)
                XCTAssertEqual(r.status, 401, "[\(t.engine)] \(r.text)")
                XCTAssertEqual(r.errorCode, "auth.token_invalid")
            }
            for refresh in [s.refresh, otherOrg.string("refreshToken")!] {
                let r = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(refresh)]))
                XCTAssertEqual(r.status, 401)
            }
            let old = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .string(s.email), "password": .string(s.password)]))
            XCTAssertEqual(old.status, 401)
            let login = try await api.call(.post, "/api/v1/auth/login",
                                           json: .object(["email": .string(s.email), "password": .string("the-new-password")]))
            XCTAssertEqual(login.status, 200)
            let fresh = try await api.call(.get, "/api/v1/farms", token: login.string("accessToken"))
            XCTAssertEqual(fresh.status, 200, "a token issued right after the reset (same second) is accepted")
        }
    }

    /// The cut-off is compared in milliseconds: a token of the same second is accepted when issued at or after it.
    func testTokenCutOffIsComparedInMilliseconds() async throws {
        let t = try await TestDatabases.make(.sqlite)
        defer { Task { await t.cleanup() } }
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let key = try SigningKey.load(config: TestApp.config(t), logger: logger)
        let tokens = await TokenService(key: key, accessTTL: 600)
        let cutOff: Int64 = 1_767_225_600_500
        let user = UUID(), org = UUID(), family = UUID()
        for (issued, accepted) in [(cutOff - 400, false), (cutOff - 1, false), (cutOff, true), (cutOff + 1, true), (cutOff + 499, true)] {
            let jwt = try await tokens.sign(userId: user, organizationId: org, sessionId: family, issuedAtMs: issued)
            let v = try await tokens.verify(jwt)
            XCTAssertEqual(v.issuedAtMs, issued, "the issue time survives the token exactly")
            XCTAssertEqual(v.sessionId, family)
            let grant = AccessGrant(role: .owner, tokensValidAfter: cutOff, signInLive: true)
            XCTAssertEqual(AuthService.accepts(v, grant), accepted, "issued \(issued - cutOff) ms from the cut-off")
        }
        let v = try await tokens.verify(try await tokens.sign(userId: user, organizationId: org, sessionId: nil, issuedAtMs: cutOff))
        XCTAssertTrue(AuthService.accepts(v, AccessGrant(role: .viewer, tokensValidAfter: nil, signInLive: true)))
        XCTAssertFalse(AuthService.accepts(v, AccessGrant(role: .viewer, tokensValidAfter: nil, signInLive: false)))
    }

    // MARK: 5. client address and bounded buckets

    func testClientAddressBehindTrustedProxies() {
        func resolve(_ xff: [String], hops: Int, peer: String? = "192.0.2.1") -> String {
            ClientAddress.resolve(forwardedFor: xff, socketAddress: peer, trustedHops: hops)
        }
        XCTAssertEqual(resolve(["1.2.3.4"], hops: 0), "192.0.2.1", "no proxies: the header is the client's, ignored")
        XCTAssertEqual(resolve(["1.2.3.4"], hops: 1), "1.2.3.4")
        XCTAssertEqual(resolve(["6.6.6.6, 1.2.3.4"], hops: 1), "1.2.3.4", "the left part is the client's own writing")
        XCTAssertEqual(resolve(["6.6.6.6, 1.2.3.4, 10.0.0.2"], hops: 2), "1.2.3.4", "the Nth entry from the right")
        XCTAssertEqual(resolve(["6.6.6.6", "1.2.3.4, 10.0.0.2"], hops: 2), "1.2.3.4", "several header lines are one list")
        XCTAssertEqual(resolve(["6.6.6.6"], hops: 2), "192.0.2.1", "a header shorter than the proxy chain is not trusted")
        XCTAssertEqual(resolve([], hops: 1), "192.0.2.1")
        XCTAssertEqual(resolve(["not-an-ip"], hops: 1), "192.0.2.1")
        XCTAssertEqual(resolve(["6.6.6.6, "], hops: 1), "192.0.2.1", "an empty entry is not an address")
        XCTAssertEqual(resolve(["2001:DB8::1"], hops: 1), "2001:db8::1")
        XCTAssertEqual(resolve([], hops: 1, peer: nil), "unknown")

        XCTAssertEqual(ClientAddress.rateKey("203.0.113.9"), "203.0.113.9")
        XCTAssertEqual(ClientAddress.rateKey("2001:db8:1:2:aaaa::1"), ClientAddress.rateKey("2001:db8:1:2:bbbb::2"),
                       "one IPv6 /64 is one client")
        XCTAssertNotEqual(ClientAddress.rateKey("2001:db8:1:2::1"), ClientAddress.rateKey("2001:db8:1:3::1"))
        XCTAssertEqual(ClientAddress.rateKey("::ffff:203.0.113.9"), "203.0.113.9")
    }

    func testShortForwardedHeaderDoesNotGiveFreshBuckets() async throws {
        try await TestApp.run(configure: {
            $0.trustedProxyHops = 2
            $0.rateLimits.loginPerIP = .init(count: 2, seconds: 60)
        }) { api, t in
            for i in 0..<3 {
                // One entry where two proxies should have written two: forged, so the peer's address is limited.
                let r = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .string("x\(i)@x.th"), "password": .string("whatever-1")]),
                                           headers: [.init("X-Forwarded-For")!: "198.51.100.\(i)"])
                XCTAssertEqual(r.status, i < 2 ? 401 : 429, "[\(t.engine)] attempt \(i): \(r.text)")
            }
        }
    }

    final class FakeClock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: TimeInterval = 1_000_000
        var now: TimeInterval { lock.lock(); defer { lock.unlock() }; return value }
        func advance(_ s: TimeInterval) { lock.lock(); value += s; lock.unlock() }
    }

    func testBucketsAreBoundedAndKeepTheOnesStillLimiting() {
        let clock = FakeClock()
        let limiter = RateLimiter(maxKeys: 100, now: { clock.now })
        let account = RateLimit(count: 3, seconds: 300)
        for _ in 0..<3 { XCTAssertNil(limiter.acquire("login-account:victim@example.com", account)) }
        XCTAssertNotNil(limiter.acquire("login-account:victim@example.com", account), "the victim's bucket is empty")
        // An attacker rotating e-mails (or addresses) makes thousands of fresh buckets.
        for i in 0..<5_000 {
            _ = limiter.acquire("login-account:rotating-\(i)@example.com", account)
            XCTAssertLessThanOrEqual(limiter.count, 100)
        }
        XCTAssertNotNil(limiter.acquire("login-account:victim@example.com", account),
                        "flooding the table does not reset the limit of the account under attack")
    }

    func testSweepDropsOnlyRefilledBuckets() {
        let clock = FakeClock()
        let limiter = RateLimiter(now: { clock.now })
        let register = RateLimit(count: 2, seconds: 3600)
        XCTAssertNil(limiter.acquire("register-ip:a", register))
        XCTAssertNil(limiter.acquire("register-ip:a", register))
        XCTAssertNil(limiter.acquire("login-ip:b", RateLimit(count: 30, seconds: 60)))
        // Eleven idle minutes: the hour-long bucket has not refilled and must not be forgotten.
        clock.advance(11 * 60)
        XCTAssertNotNil(limiter.acquire("register-ip:a", register), "an idle bucket that still limits is kept")
        XCTAssertEqual(limiter.count, 1, "the refilled login bucket was dropped")
        clock.advance(3600)
        XCTAssertNil(limiter.acquire("register-ip:c", register))
        XCTAssertEqual(limiter.count, 1, "once refilled, a bucket is forgotten")
        XCTAssertNil(limiter.acquire("register-ip:a", register))
    }

    // MARK: 3. signing key file

    func testSigningKeyFileIsPrivateFromItsFirstInstant() throws {
        let old = umask(0)
        defer { umask(old) }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        final class Watcher: @unchecked Sendable {
            let lock = NSLock()
            var seen: Set<mode_t> = []
            var stop = false
            var path = ""
        }
        let watcher = Watcher()
        let thread = Thread {
            while true {
                watcher.lock.lock()
                let (stop, path) = (watcher.stop, watcher.path)
                watcher.lock.unlock()
                if stop { return }
                var st = stat()
                if !path.isEmpty, stat(path, &st) == 0 {
                    watcher.lock.lock(); watcher.seen.insert(st.st_mode & 0o777); watcher.lock.unlock()
                }
            }
        }
        thread.start()
        for _ in 0..<40 {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kafae-key-\(UUID().uuidString)").path
            var config = ServerConfig()
            config.dataDir = dir
            let path = (dir as NSString).appendingPathComponent(SigningKey.fileName)
            watcher.lock.lock(); watcher.path = path; watcher.lock.unlock()
            let key = try SigningKey.load(config: config, logger: logger)
            var st = stat()
            XCTAssertEqual(stat(path, &st), 0)
            XCTAssertEqual(st.st_mode & 0o777, 0o600, "a fresh key file is 0600 even with umask 0")
            let again = try SigningKey.load(config: config, logger: logger)
            XCTAssertEqual(again.pemRepresentation, key.pemRepresentation, "the key is kept across starts")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0 != SigningKey.fileName }
            XCTAssertEqual(leftovers, [], "no temporary file is left behind")
            try? FileManager.default.removeItem(atPath: dir)
        }
        watcher.lock.lock(); watcher.stop = true; let seen = watcher.seen; watcher.lock.unlock()
        XCTAssertTrue(seen.isSubset(of: [0o600]), "modes seen while the key was written: \(seen.map { String($0, radix: 8) })")
    }

    func testSecretFileNeverReplacesAnExistingFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kafae-secret-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("k.pem")
        XCTAssertTrue(try SecretFile.createExclusive(path: path, contents: Data("first".utf8)))
        XCTAssertFalse(try SecretFile.createExclusive(path: path, contents: Data("second".utf8)))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "first")

        // A key file left readable by an older version is narrowed on start.
        var config = ServerConfig()
        config.dataDir = dir
        let keyPath = (dir as NSString).appendingPathComponent(SigningKey.fileName)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        _ = try SigningKey.load(config: config, logger: logger)
        chmod(keyPath, 0o644)
        _ = try SigningKey.load(config: config, logger: logger)
        var st = stat()
        XCTAssertEqual(stat(keyPath, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
    }
}
