import Foundation
import Hummingbird
import KafaeDomain
import XCTest

final class PassportTests: XCTestCase {
    func testPublishShowsOnlyChosenSectionsAndRevokes() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let farm = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object([
                "name": .string("Doi <script>alert(1)</script> Chang"), "province": .string("Chiang Rai"), "altitudeM": .number(1400)]))
            let lot = try await api.call(.post, "/api/v1/lots", token: s.access, json: .object([
                "farmId": .string(farm.string("id")!), "species": .string("arabica"), "variety": .string("SecretVariety"),
                "process": .string("washed"), "stage": .string("green"),
            ]))
            let lotId = lot.string("id")!
            let session = try await api.call(.post, "/api/v1/cupping-sessions", token: s.access, json: .object([
                "name": .string("Q"), "protocol": .string("sca2004"), "sessionDate": .string("2026-05-01"),
                "samples": .array([.object(["lotId": .string(lotId)])]),
            ]))
            let sheet: JSONValue = .object(["fragranceAroma": .number(8.5), "flavor": .number(8.25), "aftertaste": .number(8), "acidity": .number(8),
                                            "body": .number(8), "balance": .number(8), "overall": .number(8.25), "uniformCups": .number(5),
                                            "cleanCups": .number(5), "sweetCups": .number(5)])
            let score = try await api.call(.post, "/api/v1/cupping-scores", token: s.access, json: .object([
                "sessionId": .string(session.string("id")!), "sampleCode": .string("1"), "cupperId": .string(s.userId), "scores": sheet]))
            XCTAssertEqual(score["finalScore"]?.numberValue, 87)

            let viewer = try await api.addMember(by: s, role: .viewer)
            do { let r = try await api.call(.post, "/api/v1/lots/\(lotId)/passport", token: viewer.access, json: .object([:])); XCTAssertEqual(r.status, 403) }
            let bad = try await api.call(.post, "/api/v1/lots/\(lotId)/passport", token: s.access, json: .object(["sections": .array([.string("secrets")])]))
            XCTAssertEqual(bad.errorFields, ["sections"])
            let pub = try await api.call(.post, "/api/v1/lots/\(lotId)/passport", token: s.access,
                                         json: .object(["sections": .array([.string("farm"), .string("cupScore"), .string("radar")])]))
            XCTAssertEqual(pub.status, 201, pub.text)
            let token = pub.string("token")!
            XCTAssertTrue(pub.string("url")?.hasSuffix("/p/\(token)") ?? false)

            let page = try await api.call(.get, "/p/\(token)")
            XCTAssertEqual(page.status, 200)
            XCTAssertTrue(page.headers[.contentType]?.hasPrefix("text/html") ?? false)
            XCTAssertTrue(page.text.contains("เชียงราย"))
            XCTAssertTrue(page.text.contains(">87<"), "the cup score")
            XCTAssertTrue(page.text.contains("og:title"))
            XCTAssertTrue(page.text.contains("<polygon"), "a radar chart")
            XCTAssertFalse(page.text.contains("SecretVariety"), "nothing the owner did not publish")
            XCTAssertFalse(page.text.contains("<script>"), "farm names are escaped")
            XCTAssertTrue(page.text.contains("&lt;script&gt;"))
            let qr = try await api.call(.get, "/p/\(token)/qr.svg")
            XCTAssertEqual(qr.headers[.contentType], "image/svg+xml")
            XCTAssertTrue(qr.text.hasPrefix("<svg"))

            let other = try await api.register()
            do { let r = try await api.call(.post, "/api/v1/lots/\(lotId)/passport", token: other.access, json: .object([:])); XCTAssertEqual(r.status, 404) }
            do { let r = try await api.call(.get, "/api/v1/lots/\(lotId)/passport", token: s.access); XCTAssertEqual(r.string("token"), token) }

            let again = try await api.call(.post, "/api/v1/lots/\(lotId)/passport", token: s.access, json: .object([:]))
            XCTAssertNotEqual(again.string("token"), token, "publishing again replaces the link")
            do { let r = try await api.call(.get, "/p/\(token)"); XCTAssertEqual(r.status, 404) }
            let everything = try await api.call(.get, "/p/\(again.string("token")!)")
            XCTAssertTrue(everything.text.contains("SecretVariety"))
            do { let r = try await api.call(.delete, "/api/v1/lots/\(lotId)/passport", token: s.access); XCTAssertEqual(r.status, 204) }
            do { let r = try await api.call(.get, "/p/\(again.string("token")!)"); XCTAssertEqual(r.status, 404) }
            do { let r = try await api.call(.get, "/p/..%2F..%2Fetc"); XCTAssertEqual(r.status, 404) }
        }
    }
}
