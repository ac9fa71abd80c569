import Foundation
import KafaeDomain
import XCTest

final class HttpTests: XCTestCase {
    func testHealthReadyAndOpenAPI() async throws {
        try await TestApp.run { api, t in
            let health = try await api.call(.get, "/health")
            XCTAssertEqual(health.status, 200)
            XCTAssertEqual(health.string("status"), "ok")
            let ready = try await api.call(.get, "/ready")
            XCTAssertEqual(ready.status, 200)
            XCTAssertEqual(ready.string("status"), "ready")
            XCTAssertEqual(ready.string("database"), t.engine.rawValue)
            XCTAssertNotNil(health.headers[.init("X-Request-Id")!])

            let spec = try await api.call(.get, "/api/openapi.yaml")
            XCTAssertEqual(spec.status, 200)
            XCTAssertTrue(spec.text.hasPrefix("openapi: 3.1"))
        }
    }

    func testBadInputIsAlways4xxNamingTheProblem() async throws {
        try await TestApp.run(configure: { $0.maxBodyBytes = 1024 }) { api, _ in
            let s = try await api.register()
            let malformed = try await api.call(.post, "/api/v1/farms", token: s.access, raw: "{\"name\": ")
            XCTAssertEqual(malformed.status, 400)
            XCTAssertEqual(malformed.errorCode, "request.malformed_json")
            let array = try await api.call(.post, "/api/v1/farms", token: s.access, raw: "[1,2]")
            XCTAssertEqual(array.errorCode, "request.not_object")
            let empty = try await api.call(.post, "/api/v1/farms", token: s.access, raw: "")
            XCTAssertEqual(empty.errorCode, "request.body_required")
            let big = try await api.call(.post, "/api/v1/farms", token: s.access,
                                         json: .object(["name": .string(String(repeating: "ก", count: 2000))]))
            XCTAssertEqual(big.status, 413)
            XCTAssertEqual(big.errorCode, "request.body_too_large")
            let form = try await api.call(.post, "/api/v1/farms", token: s.access, raw: "name=x",
                                          headers: [.contentType: "application/x-www-form-urlencoded"])
            XCTAssertEqual(form.status, 415)
            let badId = try await api.call(.get, "/api/v1/farms/not-a-uuid", token: s.access)
            XCTAssertEqual(badId.status, 404)
            let noRoute = try await api.call(.get, "/api/v1/nothing-here", token: s.access)
            XCTAssertEqual(noRoute.status, 404)
            XCTAssertEqual(noRoute.errorCode, "route.not_found")
            let wrongType = try await api.call(.post, "/api/v1/auth/login", json: .object(["email": .bool(true), "password": .number(1)]))
            XCTAssertEqual(wrongType.status, 422)
            XCTAssertEqual(Set(wrongType.errorFields), ["email", "password"])
        }
    }

    func testRequestIdIsEchoedOrMade() async throws {
        try await TestApp.run { api, _ in
            let mine = try await api.call(.get, "/health", headers: [.init("X-Request-Id")!: "abc-123"])
            XCTAssertEqual(mine.headers[.init("X-Request-Id")!], "abc-123")
            let hostile = try await api.call(.get, "/api/v1/farms", headers: [.init("X-Request-Id")!: "bad id\" with quotes"])
            let id = hostile.headers[.init("X-Request-Id")!] ?? ""
            XCTAssertNotEqual(id, "bad id\" with quotes")
            XCTAssertEqual(hostile["error"]?.objectValue?["requestId"]?.stringValue, id)
        }
    }
}
