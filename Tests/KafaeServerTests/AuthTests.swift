import Foundation
import KafaeDomain
import XCTest

final class AuthTests: XCTestCase {
    /// The end-to-end path: register → create farm → refresh → reuse detected → family revoked.
    func testRegisterFarmRefreshReuseRevokesFamily() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            XCTAssertFalse(s.access.isEmpty)
            let farm = try await api.call(.post, "/api/v1/farms", token: s.access,
                                          json: .object(["name": .string("Doi Chang"), "province": .string("Chiang Rai")]))
            XCTAssertEqual(farm.status, 201, farm.text)

            let r1 = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(s.refresh)]))
            XCTAssertEqual(r1.status, 200, r1.text)
            let second = r1.string("refreshToken")!
            XCTAssertNotEqual(second, s.refresh, "refresh tokens rotate")
            let me = try await api.call(.get, "/api/v1/me", token: r1.string("accessToken"))
            XCTAssertEqual(me.status, 200)

            // The first token again: reuse. The whole family is revoked, including the token issued after it.
            let reuse = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(s.refresh)]))
            XCTAssertEqual(reuse.status, 401)
            XCTAssertEqual(reuse.errorCode, "auth.refresh_reused")
            let after = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(second)]))
            XCTAssertEqual(after.status, 401)
            XCTAssertEqual(after.errorCode, "auth.refresh_invalid")

            // Signing in again starts a new, working family.
            let login = try await api.call(.post, "/api/v1/auth/login",
                                           json: .object(["email": .string(s.email), "password": .string(s.password)]))
            XCTAssertEqual(login.status, 200)
            let r2 = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(login.string("refreshToken")!)]))
            XCTAssertEqual(r2.status, 200)
        }
    }

    func testWrongPasswordIsBilingual401() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let th = try await api.call(.post, "/api/v1/auth/login",
                                        json: .object(["email": .string(s.email), "password": .string("wrong-password")]))
            XCTAssertEqual(th.status, 401)
            XCTAssertEqual(th.errorCode, "auth.invalid_credentials")
            let err = th["error"]!.objectValue!
            XCTAssertEqual(err["message"]?.stringValue, "อีเมลหรือรหัสผ่านไม่ถูกต้อง", "Thai is the default")
            XCTAssertEqual(err["messageTh"]?.stringValue, "อีเมลหรือรหัสผ่านไม่ถูกต้อง")
            XCTAssertEqual(err["messageEn"]?.stringValue, "Wrong e-mail or password")
            XCTAssertFalse(err["requestId"]?.stringValue?.isEmpty ?? true)

            let en = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .string(s.email), "password": .string("nope-nope-nope")]),
                                        headers: [.acceptLanguage: "en-US,en;q=0.9,th;q=0.5"])
            XCTAssertEqual(en["error"]?.objectValue?["message"]?.stringValue, "Wrong e-mail or password")

            let unknown = try await api.call(.post, "/api/v1/auth/login",
                                             json: .object(["email": .string("nobody@example.com"), "password": .string("whatever-123")]))
            XCTAssertEqual(unknown.status, 401)
            XCTAssertEqual(unknown.errorCode, "auth.invalid_credentials", "an unknown e-mail looks the same as a wrong password")
        }
    }

    func testEmailsAreCaseInsensitiveAndUnique() async throws {
        try await TestApp.run { api, _ in
            let mail = "Mixed.Case-\(UUID().uuidString.prefix(6))@Example.com"
            let s = try await api.register(email: mail)
            let dup = try await api.call(.post, "/api/v1/auth/register", json: .object([
                "organizationName": .string("Other"), "name": .string("X"), "email": .string(mail.uppercased()),
                "password": .string("another-password"),
            ]))
            XCTAssertEqual(dup.status, 409)
            XCTAssertEqual(dup.errorCode, "auth.email_taken")
            let login = try await api.call(.post, "/api/v1/auth/login",
                                           json: .object(["email": .string(mail.lowercased()), "password": .string(s.password)]))
            XCTAssertEqual(login.status, 200)
        }
    }

    func testRegistrationValidation() async throws {
        try await TestApp.run { api, _ in
            let r = try await api.call(.post, "/api/v1/auth/register", json: .object([
                "name": .number(3), "email": .string("not-an-email"), "password": .string("short"), "extra": .bool(true),
            ]))
            XCTAssertEqual(r.status, 422)
            XCTAssertEqual(r.errorCode, "request.invalid")
            XCTAssertEqual(Set(r.errorFields), ["organizationName", "name", "email", "password", "extra"])
        }
    }

    func testLogoutRevokesFamily() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let out = try await api.call(.post, "/api/v1/auth/logout", json: .object(["refreshToken": .string(s.refresh)]))
            XCTAssertEqual(out.status, 204)
            let r = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(s.refresh)]))
            XCTAssertEqual(r.status, 401)
            let again = try await api.call(.post, "/api/v1/auth/logout", json: .object(["refreshToken": .string(s.refresh)]))
            XCTAssertEqual(again.status, 204, "logging out twice is harmless")
        }
    }

    func testAccessTokenRequiredAndChecked() async throws {
        try await TestApp.run { api, _ in
            let none = try await api.call(.get, "/api/v1/farms")
            XCTAssertEqual(none.status, 401)
            XCTAssertEqual(none.errorCode, "auth.unauthenticated")
            let bad = try await api.call(.get, "/api/v1/farms", token: "eyJhbGciOiJFUzI1NiJ9.e30.bad")
            XCTAssertEqual(bad.status, 401)
            XCTAssertEqual(bad.errorCode, "auth.token_invalid")
        }
    }

    func testExpiredAccessTokenIsRejected() async throws {
        try await TestApp.run(configure: { $0.accessTokenTTL = 1 }) { api, _ in
            let s = try await api.register()
            try await Task.sleep(nanoseconds: 2_100_000_000)
            let r = try await api.call(.get, "/api/v1/me", token: s.access)
            XCTAssertEqual(r.status, 401)
            XCTAssertEqual(r.errorCode, "auth.token_invalid")
        }
    }

    func testLoginRateLimitedPerAccountWithRetryAfter() async throws {
        try await TestApp.run(configure: { $0.rateLimits.loginPerAccount = .init(count: 3, seconds: 60) }) { api, _ in
            let s = try await api.register()
            for _ in 0..<3 {
                let r = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .string(s.email), "password": .string("bad-password")]))
                XCTAssertEqual(r.status, 401)
            }
            let limited = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .string(s.email), "password": .string(s.password)]))
            XCTAssertEqual(limited.status, 429)
            XCTAssertEqual(limited.errorCode, "rate.limited")
            XCTAssertNotNil(limited.headers[.retryAfter])
            XCTAssertGreaterThan(Int(limited.headers[.retryAfter] ?? "0") ?? 0, 0)
        }
    }

    func testLoginRateLimitedPerIP() async throws {
        try await TestApp.run(configure: { $0.rateLimits.loginPerIP = .init(count: 2, seconds: 60) }) { api, _ in
            for i in 0..<2 {
                _ = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .string("a\(i)@x.th"), "password": .string("whatever-1")]))
            }
            let r = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .string("z@x.th"), "password": .string("whatever-1")]))
            XCTAssertEqual(r.status, 429)
        }
    }

    func testGeneralRateLimitPerToken() async throws {
        try await TestApp.run(configure: { $0.rateLimits.perPrincipal = .init(count: 3, seconds: 60) }) { api, _ in
            let s = try await api.register()
            for _ in 0..<3 { do { let r = try await api.call(.get, "/api/v1/farms", token: s.access); XCTAssertEqual(r.status, 200) } }
            let r = try await api.call(.get, "/api/v1/farms", token: s.access)
            XCTAssertEqual(r.status, 429)
            let other = try await api.register()
            do { let r = try await api.call(.get, "/api/v1/farms", token: other.access); XCTAssertEqual(r.status, 200, "limits are per caller") }
        }
    }

    func testSwitchOrganization() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register(org: "Farm A")
            let org = try await api.call(.post, "/api/v1/organizations", token: s.access, json: .object(["name": .string("Roastery B")]))
            XCTAssertEqual(org.status, 201, org.text)
            let orgB = org.string("id")!
            let list = try await api.call(.get, "/api/v1/organizations", token: s.access)
            XCTAssertEqual(list["items"]?.arrayValue?.count, 2)

            _ = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object(["name": .string("Only in A")]))
            let switched = try await api.call(.post, "/api/v1/auth/switch", token: s.access, json: .object(["organizationId": .string(orgB)]))
            XCTAssertEqual(switched.status, 200, switched.text)
            let tokenB = switched.string("accessToken")!
            XCTAssertEqual(switched["organization"]?.objectValue?["id"]?.stringValue, orgB)
            let farmsB = try await api.call(.get, "/api/v1/farms", token: tokenB)
            XCTAssertEqual(farmsB["items"]?.arrayValue?.count, 0, "each organization sees its own farms")
            let me = try await api.call(.get, "/api/v1/me", token: tokenB)
            XCTAssertEqual(me["organization"]?.objectValue?["id"]?.stringValue, orgB)

            let stranger = try await api.register()
            let denied = try await api.call(.post, "/api/v1/auth/switch", token: stranger.access,
                                            json: .object(["organizationId": .string(orgB)]))
            XCTAssertEqual(denied.status, 404)
        }
    }
}
