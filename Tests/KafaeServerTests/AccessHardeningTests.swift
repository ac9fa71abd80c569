import Foundation
import KafaeDomain
@testable import KafaeServer
import KafaeStore
import KafaeTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The "Hardening" issue, organization side: the last-owner rule under concurrent writers, member names only for
/// callers who may see members, passport links from a hostile Host header, spreadsheet formulas in the lot CSV.
final class AccessHardeningTests: XCTestCase {
    // MARK: 2. last owner

    /// An organization whose members are all owners, made in the store; a principal per member, as the request
    /// middleware would have read it when the requests began (every one still an owner).
    static func ownersOrganization(_ db: any Database, count: Int) async throws -> (org: UUID, principals: [Caller]) {
        let org = UUID()
        let users = (0..<count).map { _ in UUID() }
        try await db.write { sql in
            try await AccountRepository.insertOrganization(sql, id: org, name: "Co-op", now: 1)
            for (i, u) in users.enumerated() {
                try await AccountRepository.insertUser(sql, id: u, email: "owner\(i)-\(u.text.prefix(8))@example.com", name: "Owner \(i)",
                                                       passwordHash: "h", now: 1)
                try await AccountRepository.insertMembership(sql, organizationId: org, userId: u, role: .owner, now: Int64(i))
            }
        }
        return (org, users.map { Caller(organizationId: org, actor: ActorRef(kind: .user, id: $0), role: .owner, scope: nil) })
    }

    static func ownerIds(_ db: any Database, _ org: UUID) async throws -> [UUID] {
        try await db.read { sql in try await AccountRepository.members(sql, organizationId: org) }.filter { $0.role == .owner }.map(\.userId)
    }

    /// Runs the calls at the same time; returns nil for a success and the error code for a failure, in order.
    static func concurrently(_ calls: [@Sendable () async throws -> Void]) async -> [String?] {
        await withTaskGroup(of: (Int, String?).self) { group in
            for (i, call) in calls.enumerated() {
                group.addTask {
                    do { try await call(); return (i, nil) } catch let e as KafaeError { return (i, e.code) } catch { return (i, "\(error)") }
                }
            }
            var out = [String?](repeating: nil, count: calls.count)
            for await (i, r) in group { out[i] = r }
            return out
        }
    }

    func testTwoOwnersDemotingEachOtherAtOnceLeaveOne() async throws {
        try await TestDatabases.each { t in
            let service = MemberService(db: t.db, config: ServerConfig())
            let demote: [String: JSONValue] = ["role": .string("manager")]
            for round in 0..<10 {
                let (org, p) = try await Self.ownersOrganization(t.db, count: 2)
                let (a, b) = (p[0], p[1])
                let results = await Self.concurrently([
                    { _ = try await service.changeRole(a, userId: b.userId!, body: demote) },
                    { _ = try await service.changeRole(b, userId: a.userId!, body: demote) },
                ])
                XCTAssertEqual(results.compactMap { $0 }, ["member.last_owner"], "[\(t.engine)] round \(round): one wins, one is refused")
                let owners = try await Self.ownerIds(t.db, org)
                XCTAssertEqual(owners.count, 1, "[\(t.engine)] round \(round): owners left \(owners)")
            }
        }
    }

    func testTwoOwnersRemovingEachOtherAtOnceLeaveOne() async throws {
        try await TestDatabases.each { t in
            let service = MemberService(db: t.db, config: ServerConfig())
            for round in 0..<10 {
                let (org, p) = try await Self.ownersOrganization(t.db, count: 2)
                let (a, b) = (p[0], p[1])
                let results = await Self.concurrently([
                    { try await service.remove(a, userId: b.userId!) },
                    { try await service.remove(b, userId: a.userId!) },
                ])
                XCTAssertEqual(results.compactMap { $0 }, ["member.last_owner"], "[\(t.engine)] round \(round)")
                let owners = try await Self.ownerIds(t.db, org)
                XCTAssertEqual(owners.count, 1, "[\(t.engine)] round \(round)")
            }
        }
    }

    func testFiveOwnersDemotingThemselvesAtOnceLeaveOne() async throws {
        try await TestDatabases.each { t in
            let service = MemberService(db: t.db, config: ServerConfig())
            for round in 0..<5 {
                let (org, p) = try await Self.ownersOrganization(t.db, count: 5)
                let results = await Self.concurrently(p.map { me in
                    { _ = try await service.changeRole(me, userId: me.userId!, body: ["role": .string("viewer")]) }
                })
                XCTAssertEqual(results.compactMap { $0 }, ["member.last_owner"], "[\(t.engine)] round \(round): four step down, the last may not")
                let owners = try await Self.ownerIds(t.db, org)
                XCTAssertEqual(owners.count, 1, "[\(t.engine)] round \(round)")
            }
        }
    }

    /// The same race over HTTP, each request on its own connection: the organization always keeps an owner, and the
    /// loser is refused (409 when both requests were authorized before either wrote, 403 when the loser was
    /// already demoted by the time its request was read).
    func testOwnersDemotingEachOtherOverHTTPLeaveOne() async throws {
        try await TestApp.run { api, t in
            let a = try await api.register()
            let b = try await api.addMember(by: a, role: .owner)
            guard let port = api.client.port else { throw XCTSkip("needs a live server") }
            for round in 0..<5 {
                async let ab = Self.rawJSON(port: port, "PATCH", "/api/v1/members/\(b.userId)", token: a.access, body: #"{"role":"manager"}"#)
                async let ba = Self.rawJSON(port: port, "PATCH", "/api/v1/members/\(a.userId)", token: b.access, body: #"{"role":"manager"}"#)
                let replies = try await [ab, ba]
                XCTAssertEqual(replies.filter { $0.status == 200 }.count, 1, "[\(t.engine)] round \(round): \(replies)")
                XCTAssertTrue(replies.allSatisfy { [200, 403, 409].contains($0.status) }, "\(replies)")
                let owners = try await Self.ownerIds(t.db, UUID(uuidString: a.organizationId)!)
                XCTAssertEqual(owners.count, 1, "[\(t.engine)] round \(round)")
                guard let winner = owners.first?.text else { return }
                let (owner, other) = winner == a.userId ? (a, b) : (b, a)
                let back = try await api.call(.patch, "/api/v1/members/\(other.userId)", token: owner.access, json: .object(["role": .string("owner")]))
                XCTAssertEqual(back.status, 200, back.text)
            }
        }
    }

    /// One JSON request on a connection of its own, so that several run really at the same time.
    static func rawJSON(port: Int, _ method: String, _ path: String, token: String?, body: String) async throws -> (status: Int, body: String) {
        let auth = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        return try await Task.detached {
            try Self.rawRequest(port: port, """
                \(method) \(path) HTTP/1.1\r\nHost: localhost\r\n\(auth)Content-Type: application/json\r\n\
                Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)
                """)
        }.value
    }

    // MARK: 8. member names

    func testCupperNamesOnlyForCallersWhoMaySeeMembers() async throws {
        try await TestApp.run { api, t in
            let owner = try await api.register(name: "Somchai")
            let manager = try await api.addMember(by: owner, role: .manager, name: "Malee")
            let viewer = try await api.addMember(by: owner, role: .viewer, name: "Viewer")
            let key = try await api.call(.post, "/api/v1/api-keys", token: owner.access, json: .object(["name": .string("Dashboard")]))
            let readKey = key.string("key")!
            let lot = try await api.call(.post, "/api/v1/lots", token: owner.access,
                                         json: .object(["species": .string("arabica"), "stage": .string("green")]))
            let session = try await api.call(.post, "/api/v1/cupping-sessions", token: owner.access, json: .object([
                "name": .string("Q"), "protocol": .string("sca2004"), "sessionDate": .string("2026-05-01"),
                "samples": .array([.object(["lotId": .string(lot.string("id")!)])]),
            ]))
            XCTAssertEqual(session.status, 201, session.text)
            let sessionId = session.string("id")!
            for (s, flavor) in [(owner, 8.5), (manager, 7.5)] {
                let sheet: JSONValue = .object(["fragranceAroma": .number(8), "flavor": .number(flavor), "aftertaste": .number(8),
                                                "acidity": .number(8), "body": .number(8), "balance": .number(8), "overall": .number(8),
                                                "uniformCups": .number(5), "cleanCups": .number(5), "sweetCups": .number(5)])
                let r = try await api.call(.post, "/api/v1/cupping-scores", token: s.access, json: .object([
                    "sessionId": .string(sessionId), "sampleCode": .string("1"), "cupperId": .string(s.userId), "scores": sheet]))
                XCTAssertEqual(r.status, 201, r.text)
            }
            func cupperNames(_ token: String) async throws -> [String: JSONValue] {
                let r = try await api.call(.get, "/api/v1/cupping-sessions/\(sessionId)/results", token: token)
                XCTAssertEqual(r.status, 200, r.text)
                var out: [String: JSONValue] = [:]
                for c in r["cuppers"]?.arrayValue?.compactMap(\.objectValue) ?? [] { out[c["cupperId"]?.stringValue ?? "?"] = c["name"] ?? .null }
                return out
            }
            for token in [manager.access, viewer.access] {
                let names = try await cupperNames(token)
                XCTAssertEqual(names, [owner.userId: .string("Somchai"), manager.userId: .string("Malee")], "[\(t.engine)] members may see members")
            }
            let keyNames = try await cupperNames(readKey)
            XCTAssertEqual(keyNames, [owner.userId: .null, manager.userId: .null], "[\(t.engine)] an API key (no membersRead) gets ids only")

            let calManager = try await api.call(.get, "/api/v1/cuppers/\(owner.userId)/calibration", token: manager.access)
            XCTAssertEqual(calManager.string("name"), "Somchai")
            let calKey = try await api.call(.get, "/api/v1/cuppers/\(owner.userId)/calibration", token: readKey)
            XCTAssertEqual(calKey.status, 200, calKey.text)
            XCTAssertEqual(calKey["name"], .null)
            XCTAssertEqual(calKey.string("cupperId"), owner.userId)
            XCTAssertFalse(calKey.text.contains("Somchai"))
        }
    }

    // MARK: 7. passport links from the Host header

    /// One HTTP/1.1 request over a plain socket, for headers the test client will not send (a hostile Host).
    static func rawRequest(port: Int, _ head: String) throws -> (status: Int, body: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(head.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw POSIXError(.EPIPE) }
            sent += n
        }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }

    func testHostileHostHeaderIsA400NeverA500() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            let lot = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object(["species": .string("robusta"), "stage": .string("green")]))
            let pub = try await api.call(.post, "/api/v1/lots/\(lot.string("id")!)/passport", token: s.access, json: .object([:]))
            XCTAssertEqual(pub.status, 201, pub.text)
            let token = pub.string("token")!
            guard let port = api.client.port else { throw XCTSkip("needs a live server") }
            func get(_ path: String, host: String) throws -> (status: Int, body: String) {
                try Self.rawRequest(port: port, "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nAccept-Language: en\r\nConnection: close\r\n\r\n")
            }
            // The issue's case: 6,000 bytes of Host.
            let huge = String(repeating: "a", count: 6000)
            for path in ["/p/\(token)/qr.svg", "/p/\(token)"] {
                let r = try get(path, host: huge)
                XCTAssertEqual(r.status, 400, "[\(t.engine)] \(path): \(r.body.prefix(300))")
                XCTAssertTrue(r.body.contains("request.invalid_host"), r.body)
            }
            for bad in ["evil.example/<script>", "a b", "example.com:99999", "x.example:80:80", "[::1", "-bad-.example", "a..b"] {
                let r = try get("/p/\(token)/qr.svg", host: bad)
                XCTAssertEqual(r.status, 400, "Host \(bad): \(r.body.prefix(200))")
            }
            // A valid name too long for the QR code: a clear 400 in both languages.
            let label = String(repeating: "b", count: 60)
            let long = [label, label, label, "example"].joined(separator: ".")
            let tooLong = try get("/p/\(token)/qr.svg", host: long)
            XCTAssertEqual(tooLong.status, 400, tooLong.body)
            let error = (try? JSONValue.parse(Data(tooLong.body.utf8)))?.objectValue?["error"]?.objectValue
            XCTAssertEqual(error?["code"]?.stringValue, "passport.link_too_long")
            XCTAssertTrue(error?["messageTh"]?.stringValue?.contains("คิวอาร์โค้ด") ?? false)
            XCTAssertTrue(error?["messageEn"]?.stringValue?.contains("QR code") ?? false)
            // Ordinary hosts still work.
            for good in ["kafae.example", "kafae.example:8443", "127.0.0.1:8080", "[::1]:8080", "localhost"] {
                let r = try get("/p/\(token)/qr.svg", host: good)
                XCTAssertEqual(r.status, 200, "Host \(good): \(r.body.prefix(200))")
            }
        }
    }

    func testPublicAddressChecks() throws {
        XCTAssertTrue(PublicAddress.isValidAuthority("kafae.example"))
        XCTAssertTrue(PublicAddress.isValidAuthority("Kafae-1.example:443"))
        XCTAssertTrue(PublicAddress.isValidAuthority("[2001:db8::1]:8080"))
        XCTAssertFalse(PublicAddress.isValidAuthority(String(repeating: "a", count: 254)))
        XCTAssertFalse(PublicAddress.isValidAuthority("a/b"))
        XCTAssertFalse(PublicAddress.isValidAuthority("a:0"))
        XCTAssertFalse(PublicAddress.isValidAuthority("[zz]:1"))
        XCTAssertFalse(PublicAddress.isValidAuthority("a\"b"))
        XCTAssertEqual(PublicAddress.forwardedScheme("http"), "http")
        XCTAssertEqual(PublicAddress.forwardedScheme("javascript:alert(1)//"), "https")
        XCTAssertEqual(PublicAddress.forwardedScheme(nil), "https")
        XCTAssertThrowsError(try PassportService.qrSVG("https://" + String(repeating: "a", count: 300))) { error in
            XCTAssertEqual((error as? KafaeError)?.code, "passport.link_too_long")
        }
        XCTAssertTrue(try PassportService.qrSVG("https://kafae.example/p/abc").hasPrefix("<svg"))

        var env = ["KAFAE_PUBLIC_URL": "https://" + String(repeating: "a", count: 200) + ".example"]
        XCTAssertThrowsError(try ServerConfig.fromEnvironment(env), "a public address too long for QR links is refused at start")
        env["KAFAE_PUBLIC_URL"] = "https://kafae.example/"
        XCTAssertEqual(try ServerConfig.fromEnvironment(env).publicURL, "https://kafae.example")
        XCTAssertEqual(try ServerConfig.fromEnvironment(["KAFAE_RATE_REGISTER_IP": "5/60"]).rateLimits.registerPerIP, RateLimit(count: 5, seconds: 60))
        XCTAssertEqual(ServerConfig().rateLimits.registerPerIP, RateLimit(count: 10, seconds: 3600))
        XCTAssertThrowsError(try ServerConfig.fromEnvironment(["KAFAE_RATE_REGISTER_IP": "lots"]))
    }

    // MARK: 6. spreadsheet formulas in the lot CSV

    func testLotCSVNeutralisesFormulas() async throws {
        try await TestApp.run { api, t in
            let s = try await api.register()
            let farm = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object(["name": .string("@SUM(A1)")]))
            XCTAssertEqual(farm.status, 201, farm.text)
            let codes = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(A1)", "-2+3"]
            for (i, code) in codes.enumerated() {
                let r = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                    "code": .string(code), "species": .string("arabica"), "stage": .string("green"), "farmId": .string(farm.string("id")!),
                    "variety": .string(i == 0 ? "=1+1" : "Catimor"), "weightKg": .number(12.5),
                ]))
                XCTAssertEqual(r.status, 201, "[\(t.engine)] \(r.text)")
            }
            let csv = try await api.call(.get, "/api/v1/export/lots.csv", token: s.access)
            XCTAssertEqual(csv.status, 200)
            let rows = CSV.parse(csv.text).dropFirst().map(\.fields)
            XCTAssertEqual(rows.count, 4)
            for row in rows {
                for (column, cell) in row.enumerated() {
                    XCTAssertFalse(cell.first.map { "=+-@\t\r".contains($0) } ?? false,
                                   "[\(t.engine)] column \(LotExport.header[column]) opens as a formula: \(cell)")
                }
                XCTAssertEqual(row[7], "12.5", "numbers stay numbers")
                XCTAssertEqual(row[8], "'@SUM(A1)")
            }
            XCTAssertEqual(Set(rows.map { $0[0] }), Set(codes.map { "'" + $0 }), "the text is kept after the quote mark")
            XCTAssertTrue(csv.text.contains(",\"'=1+1\","))
            XCTAssertTrue(csv.text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""))
        }
    }
}
