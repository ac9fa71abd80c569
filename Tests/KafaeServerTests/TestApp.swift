import Foundation
import Hummingbird
import HummingbirdTesting
import KafaeDomain
import KafaeServer
import KafaeStore
import KafaeTestSupport
import Logging
import XCTest

/// A response as tests read it.
struct Reply {
    let status: Int
    let json: JSONValue
    let headers: HTTPFields
    let text: String

    subscript(_ key: String) -> JSONValue? { json.objectValue?[key] }
    func string(_ key: String) -> String? { self[key]?.stringValue }
    var errorCode: String? { self["error"]?.objectValue?["code"]?.stringValue }
    var errorFields: [String] {
        self["error"]?.objectValue?["details"]?.arrayValue?.compactMap { $0.objectValue?["field"]?.stringValue } ?? []
    }
}

/// A thin JSON client over the live test server.
struct Api: Sendable {
    let client: any TestClientProtocol
    let engine: Engine

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: JSONValue? = nil,
              raw: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        var h = headers
        if let token { h[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(string: json.jsonString())
            if h[.contentType] == nil { h[.contentType] = "application/json" }
        } else if let raw {
            body = ByteBuffer(string: raw)
            if h[.contentType] == nil { h[.contentType] = "application/json" }
        }
        let response = try await client.execute(uri: path, method: method, headers: h, body: body)
        let text = String(buffer: response.body)
        let parsed = (try? JSONValue.parse(Data(text.utf8))) ?? .null
        return Reply(status: Int(response.status.code), json: parsed, headers: response.headers, text: text)
    }

    /// Registers a new organization and its owner; returns the auth reply.
    func register(org: String = "Doi Chang Co-op", name: String = "Somchai", email: String? = nil,
                  password: String = "arabica-1400m") async throws -> Session {
        let mail = email ?? "owner-\(UUID().uuidString.prefix(8))@example.com"
        let r = try await call(.post, "/api/v1/auth/register", json: .object([
            "organizationName": .string(org), "name": .string(name), "email": .string(mail), "password": .string(password),
        ]))
        XCTAssertEqual(r.status, 201, "[\(engine)] register: \(r.text)")
        return Session(reply: r, email: mail, password: password)
    }

    /// Invites `email` with `role` as `owner`, then registers that person through the invitation.
    func addMember(by owner: Session, role: Role, name: String = "Member") async throws -> Session {
        let email = "\(role.rawValue)-\(UUID().uuidString.prefix(8))@example.com"
        let inv = try await call(.post, "/api/v1/invitations", token: owner.access,
                                 json: .object(["email": .string(email), "role": .string(role.rawValue)]))
        XCTAssertEqual(inv.status, 201, "[\(engine)] invite: \(inv.text)")
        let r = try await call(.post, "/api/v1/auth/register", json: .object([
            "invitationToken": .string(inv.string("token") ?? ""), "name": .string(name), "email": .string(email),
            "password": .string("member-password"),
        ]))
        XCTAssertEqual(r.status, 201, "[\(engine)] register by invitation: \(r.text)")
        return Session(reply: r, email: email, password: "member-password")
    }
}

/// The tokens and ids one signed-in user holds.
struct Session {
    let access: String
    let refresh: String
    let userId: String
    let organizationId: String
    let email: String
    let password: String

    init(reply: Reply, email: String, password: String) {
        access = reply.string("accessToken") ?? ""
        refresh = reply.string("refreshToken") ?? ""
        userId = reply["user"]?.objectValue?["id"]?.stringValue ?? ""
        organizationId = reply["organization"]?.objectValue?["id"]?.stringValue ?? ""
        self.email = email
        self.password = password
    }
}

enum TestApp {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func config(_ t: TestDatabase) -> ServerConfig {
        var c = ServerConfig()
        c.dataDir = t.dataDir
        c.port = 0
        c.bcryptCost = 4
        c.docsDir = repoRoot.appendingPathComponent("docs").path
        c.tombstoneDays = 0
        return c
    }

    /// Runs `body` against a live server on loopback, once on SQLite and once on PostgreSQL.
    static func run(configure: (inout ServerConfig) -> Void = { _ in },
                    _ body: @escaping @Sendable (Api, TestDatabase) async throws -> Void) async throws {
        try await TestDatabases.each { t in
            var c = config(t)
            configure(&c)
            var logger = Logger(label: "kafae.test.server")
            logger.logLevel = .error
            let app = try await KafaeApp.build(config: c, db: t.db, logger: logger)
            try await app.test(.live) { client in
                try await body(Api(client: client, engine: t.engine), t)
            }
        }
    }
}
