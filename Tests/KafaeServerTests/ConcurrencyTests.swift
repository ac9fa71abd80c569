import Foundation
import Hummingbird
import HummingbirdTesting
import KafaeDomain
import KafaeStore
import NIOCore
import XCTest

/// One more HTTP connection to the live test server, so requests really run at the same time (one connection
/// answers its requests one after another).
struct Connection: Sendable {
    let client: TestClient
    let engine: Engine

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: JSONValue? = nil,
              headers: HTTPFields = [:]) async throws -> Reply {
        var h = headers
        h[.connection] = "keep-alive"
        if let token { h[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(string: json.jsonString())
            h[.contentType] = "application/json"
        }
        let response = try await client.execute(TestClient.Request(path, method: method, authority: "localhost", headers: h, body: body))
        let text = response.body.map { String(buffer: $0) } ?? ""
        return Reply(status: Int(response.status.code), json: (try? JSONValue.parse(Data(text.utf8))) ?? .null,
                     headers: response.headers, text: text)
    }
}

extension Api {
    /// Sends the requests at the same time, each on a connection of its own; replies in the same order.
    func concurrently(_ requests: [@Sendable (Connection) async throws -> Reply]) async throws -> [Reply] {
        guard let port = client.port else { throw XCTSkip("needs a live server") }
        let clients = requests.map { _ in TestClient(host: "127.0.0.1", port: port) }
        clients.forEach { $0.connect() }
        defer { for c in clients { Task { try? await c.shutdown() } } }
        let engine = self.engine
        return try await withThrowingTaskGroup(of: (Int, Reply).self) { group in
            for (i, request) in requests.enumerated() {
                let connection = Connection(client: clients[i], engine: engine)
                group.addTask { (i, try await request(connection)) }
            }
            var out = [Reply?](repeating: nil, count: requests.count)
            for try await (i, r) in group { out[i] = r }
            return out.map { $0! }
        }
    }
}

/// Read-then-write under many concurrent writers, on SQLite and PostgreSQL: exactly one wins, the others get
/// 412 / a conflict / 409, and nothing is silently overwritten (the hardening issue's concurrency proofs).
final class ConcurrencyTests: XCTestCase, @unchecked Sendable {
    static let writers = 12

    func farm(_ api: Api, _ s: Session) async throws -> String {
        let r = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object(["name": .string("Doi Chang"), "province": .string("Chiang Rai")]))
        XCTAssertEqual(r.status, 201, r.text)
        return r.string("id") ?? ""
    }

    func testIfMatchWritersExactlyOneWins() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let id = try await self.farm(api, s)
            let replies = try await api.concurrently((0..<Self.writers).map { i in
                { @Sendable a in
                    try await a.call(.patch, "/api/v1/farms/\(id)", token: s.access, json: .object(["notes": .string("writer \(i)")]),
                                     headers: [.ifMatch: "\"1\""])
                }
            })
            let won = replies.enumerated().filter { $0.element.status == 200 }
            XCTAssertEqual(won.count, 1, "[\(api.engine)] \(replies.map(\.status))")
            XCTAssertEqual(replies.filter { $0.status == 412 }.count, Self.writers - 1, "[\(api.engine)] \(replies.map(\.status))")
            for r in replies where r.status == 412 { XCTAssertEqual(r.errorCode, "request.precondition_failed") }
            let final = try await api.call(.get, "/api/v1/farms/\(id)", token: s.access)
            XCTAssertEqual(final["version"]?.numberValue, 2)
            XCTAssertEqual(final.string("notes"), "writer \(won.first?.offset ?? -1)")
        }
    }

    func testWritersWithoutIfMatchAreAllKeptInOrder() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let id = try await self.farm(api, s)
            let replies = try await api.concurrently((0..<Self.writers).map { i in
                { @Sendable a in
                    try await a.call(.patch, "/api/v1/farms/\(id)", token: s.access, json: .object(["altitudeM": .number(Double(1000 + i))]))
                }
            })
            XCTAssertEqual(replies.map(\.status), Array(repeating: 200, count: Self.writers))
            // Each write made its own version: none was written over a stale read.
            XCTAssertEqual(Set(replies.compactMap { $0["version"]?.numberValue }), Set((2...(Self.writers + 1)).map(Double.init)))
        }
    }

    func testSyncPushesOnOneBaseKeepEveryEdit() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let id = try await self.farm(api, s)
            let replies = try await api.concurrently((0..<Self.writers).map { i in
                { @Sendable a in
                    try await a.call(.post, "/api/v1/sync/push", token: s.access, json: .object([
                        "deviceId": .string("phone-\(i)"),
                        "mutations": .array([.object([
                            "seq": .number(1), "mutationId": .string(UUID().uuidString), "entity": .string("farm"), "op": .string("upsert"),
                            "recordId": .string(id), "baseVersion": .number(1), "fields": .object(["notes": .string("phone \(i)")]),
                        ])]),
                    ]))
                }
            })
            XCTAssertEqual(replies.map(\.status), Array(repeating: 200, count: Self.writers), "\(replies.map(\.text))")
            let statuses = replies.map { $0["results"]?.arrayValue?.first?.objectValue?["status"]?.stringValue ?? "" }
            XCTAssertEqual(statuses.filter { $0 == "applied" }.count, 1, "[\(api.engine)] \(statuses)")
            XCTAssertEqual(statuses.filter { $0 == "conflict" }.count, Self.writers - 1, "[\(api.engine)] \(statuses)")
            // Every phone's value is on the record or held in an open conflict: none vanished.
            let final = try await api.call(.get, "/api/v1/farms/\(id)", token: s.access)
            XCTAssertEqual(final["version"]?.numberValue, 2)
            let conflicts = try await api.call(.get, "/api/v1/sync/conflicts?limit=200", token: s.access)
            var seen = Set(conflicts["items"]?.arrayValue?.compactMap {
                $0.objectValue?["fields"]?.objectValue?["notes"]?.objectValue?["mine"]?.stringValue } ?? [])
            if let n = final.string("notes") { seen.insert(n) }
            XCTAssertEqual(seen, Set((0..<Self.writers).map { "phone \($0)" }))
        }
    }

    func testStockIsNeverSpentTwice() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let parent = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                "species": .string("arabica"), "stage": .string("green"), "weightKg": .number(10),
            ]))
            XCTAssertEqual(parent.status, 201, parent.text)
            let parentId = parent.string("id") ?? ""
            let replies = try await api.concurrently((0..<8).map { _ in
                { @Sendable a in
                    try await a.call(.post, "/api/v1/lots", token: s.access, json: .object([
                        "species": .string("arabica"), "stage": .string("green"), "weightKg": .number(3),
                        "parents": .array([.object(["lotId": .string(parentId), "weightKg": .number(3), "operation": .string("split")])]),
                    ]))
                }
            })
            XCTAssertEqual(replies.filter { $0.status == 201 }.count, 3, "[\(api.engine)] \(replies.map(\.status))")
            for r in replies where r.status != 201 {
                XCTAssertEqual(r.status, 409, r.text)
                XCTAssertEqual(r.errorCode, "lot.insufficient_weight")
            }
            let after = try await api.call(.get, "/api/v1/lots/\(parentId)", token: s.access)
            XCTAssertEqual(after["weightKg"]?.numberValue ?? -1, 1, accuracy: 0.0005)
            // Generated codes stayed unique under concurrent creation.
            let codes = replies.compactMap { $0.string("code") }
            XCTAssertEqual(Set(codes).count, codes.count)
        }
    }

    func testRoastsNeverSpendTheSameGreenTwice() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let lot = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                "species": .string("arabica"), "stage": .string("green"), "weightKg": .number(1),
            ]))
            let lotId = lot.string("id") ?? ""
            let replies = try await api.concurrently((0..<6).map { _ in
                { @Sendable a in
                    try await a.call(.post, "/api/v1/roast-batches", token: s.access, json: .object([
                        "lotId": .string(lotId), "greenWeightKg": .number(0.3), "roastedAt": .string("2026-11-20T08:00:00Z"),
                    ]))
                }
            })
            XCTAssertEqual(replies.filter { $0.status == 201 }.count, 3, "[\(api.engine)] \(replies.map(\.status)) \(replies.first?.text ?? "")")
            let after = try await api.call(.get, "/api/v1/lots/\(lotId)", token: s.access)
            XCTAssertEqual(after["weightKg"]?.numberValue ?? -1, 0.1, accuracy: 0.0005)
        }
    }
}
