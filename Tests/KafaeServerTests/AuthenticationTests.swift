import Foundation
import Hummingbird
import JWTKit
import KafaeDomain
import KafaeServer
import KafaeStore
import KafaeTestSupport
import Logging
import XCTest

/// Claims shaped like the server's access tokens, for forging.
struct ForgedClaims: JWTPayload {
    var sub: SubjectClaim
    var org: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var iss: IssuerClaim
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Secure by default: walking the router, every route outside the declared public ones refuses a request without a
/// valid credential — missing, malformed, expired, forged (`alg: none`, another key, another issuer) or revoked.
final class AuthenticationTests: XCTestCase {
    /// `METHOD /path` (OpenAPI spelling) of every route the server answers.
    static func servedRoutes(_ t: TestDatabase) async throws -> [(method: String, path: String)] {
        var logger = Logger(label: "kafae.test")
        logger.logLevel = .error
        let router = try await KafaeApp.buildRouter(config: TestApp.config(t), db: t.db, logger: logger)
        return router.routes.map { route in
            let path = route.path.description.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            return (route.method.rawValue, "/" + path)
        }
    }

    /// The operations `docs/openapi.yaml` marks `security: []`.
    static func documentedPublicOperations() throws -> Set<String> {
        let text = try String(contentsOf: TestApp.repoRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        var out = Set<String>()
        var path: String?, method: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") { path = String(line.dropFirst(2).dropLast()); method = nil }
            else if line.hasPrefix("    "), !line.hasPrefix("     "), ["get:", "post:", "put:", "patch:", "delete:"].contains(line.trimmingCharacters(in: .whitespaces)) {
                method = String(line.trimmingCharacters(in: .whitespaces).dropLast()).uppercased()
            } else if line.trimmingCharacters(in: .whitespaces) == "security: []", let path, let method {
                out.insert("\(method) \(path)")
            }
        }
        return out
    }

    func testPublicRoutesAreDeclaredOnceAndMatchTheContract() async throws {
        let t = try await TestDatabases.make(.sqlite)
        let served = Set(try await Self.servedRoutes(t).map { "\($0.method) \($0.path)" })
        await t.cleanup()
        XCTAssertEqual(try Self.documentedPublicOperations(), KafaeApp.publicOperations)
        XCTAssertTrue(KafaeApp.publicOperations.isSubset(of: served), "\(KafaeApp.publicOperations.subtracting(served))")
    }

    func testEveryPrivateRouteRefusesEveryBadCredential() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            let gone = try await api.register(email: "gone-\(UUID().uuidString.prefix(6))@example.com")
            let out = try await api.call(.post, "/api/v1/auth/logout", json: .object(["refreshToken": .string(gone.refresh)]))
            XCTAssertEqual(out.status, 204, out.text)

            let pem = try String(contentsOfFile: (t.dataDir as NSString).appendingPathComponent("jwt-signing-key.pem"), encoding: .utf8)
            let serverKey = try ES256PrivateKey(pem: pem)
            func sign(_ key: ES256PrivateKey, iss: String = "kafae", exp: Date = Date().addingTimeInterval(600)) async throws -> String {
                let keys = JWTKeyCollection()
                await keys.add(ecdsa: key, kid: "kafae-1")
                return try await keys.sign(ForgedClaims(sub: .init(value: s.userId), org: s.organizationId, iat: .init(value: Date()),
                                                        exp: .init(value: exp), iss: .init(value: iss)), kid: "kafae-1")
            }
            func b64(_ s: String) -> String {
                Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                    .replacingOccurrences(of: "=", with: "")
            }
            let claims = "{\"sub\":\"\(s.userId)\",\"org\":\"\(s.organizationId)\",\"iat\":\(Int(Date().timeIntervalSince1970)),\"exp\":\(Int(Date().timeIntervalSince1970) + 600),\"iss\":\"kafae\"}"
            // The real token, re-signed with nothing, is the classic forgery.
            let unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims) + "."
            let valid = try await sign(serverKey)
            let check = try await api.call(.get, "/api/v1/farms", token: valid)
            XCTAssertEqual(check.status, 200, "a token signed like the server's is accepted: \(check.text)")

            let bad: [(String, [String: String])] = [
                ("missing", [:]),
                ("not bearer", ["authorization": "Basic \(b64("a:b"))"]),
                ("garbage", ["authorization": "Bearer not-a-token"]),
                ("alg none", ["authorization": "Bearer \(unsigned)"]),
                ("another key", ["authorization": "Bearer \(try await sign(ES256PrivateKey()))"]),
                ("another issuer", ["authorization": "Bearer \(try await sign(serverKey, iss: "evil"))"]),
                ("expired", ["authorization": "Bearer \(try await sign(serverKey, exp: Date().addingTimeInterval(-60)))"]),
                ("signed out", ["authorization": "Bearer \(gone.access)"]),
                ("unknown API key", ["authorization": "Bearer kf_abcdefgh_\(String(repeating: "x", count: 40))"]),
            ]
            let routes = try await Self.servedRoutes(t).filter { !KafaeApp.publicOperations.contains("\($0.method) \($0.path)") }
            XCTAssertGreaterThan(routes.count, 50)
            var checked = 0
            for route in routes {
                let path = route.path.replacingOccurrences(of: "{token}", with: "abc")
                    .replacingOccurrences(of: #"\{[A-Za-z]+\}"#, with: UUID().uuidString.lowercased(), options: .regularExpression)
                for (name, headers) in bad {
                    var h = HTTPFields()
                    for (k, v) in headers { h[HTTPFields.Element.Name(k)!] = v }
                    let r = try await api.call(HTTPRequest.Method(route.method)!, path, json: route.method == "GET" ? nil : .object([:]),
                                               headers: h)
                    XCTAssertEqual(r.status, 401, "[\(api.engine)] \(route.method) \(route.path) with \(name): \(r.text)")
                    XCTAssertTrue(["auth.unauthenticated", "auth.token_invalid"].contains(r.errorCode ?? ""), "\(route.path) \(name): \(r.text)")
                    checked += 1
                }
            }
            print("authentication: \(routes.count) private routes × \(bad.count) bad credentials = \(checked) requests answered 401 [\(api.engine)]")
        }
    }
}
