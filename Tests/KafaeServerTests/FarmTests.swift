import Foundation
import KafaeDomain
import XCTest

final class FarmTests: XCTestCase {
    func testCreateReadUpdateDelete() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let id = UUID().uuidString.lowercased()
            let created = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object([
                "id": .string(id), "name": .string("  Pang Khon  "), "province": .string("เชียงราย"), "district": .string("Mueang"),
                "altitudeM": .number(1350), "latitude": .number(19.92), "longitude": .number(99.73), "owner": .string("Ms. Mai"),
            ]))
            XCTAssertEqual(created.status, 201, created.text)
            XCTAssertEqual(created.string("id"), id, "the client's id is kept")
            XCTAssertEqual(created.string("name"), "Pang Khon", "text is trimmed")
            XCTAssertEqual(created.string("province"), "Chiang Rai", "a Thai province is stored by its English name")
            XCTAssertEqual(created.string("provinceTh"), "เชียงราย")
            XCTAssertEqual(created.string("country"), "TH")
            XCTAssertEqual(created["version"]?.numberValue, 1)
            XCTAssertEqual(created.headers[.eTag], "\"1\"")

            let again = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object(["id": .string(id), "name": .string("X")]))
            XCTAssertEqual(again.status, 409)
            XCTAssertEqual(again.errorCode, "record.exists")

            let got = try await api.call(.get, "/api/v1/farms/\(id)", token: s.access)
            XCTAssertEqual(got.status, 200)
            XCTAssertEqual(got["altitudeM"]?.numberValue, 1350)

            let patched = try await api.call(.patch, "/api/v1/farms/\(id)", token: s.access,
                                             json: .object(["altitudeM": .number(1400), "owner": .null]))
            XCTAssertEqual(patched.status, 200, patched.text)
            XCTAssertEqual(patched["altitudeM"]?.numberValue, 1400)
            XCTAssertNil(patched["owner"], "null clears a field")
            XCTAssertEqual(patched.string("district"), "Mueang", "fields not sent are kept")
            XCTAssertEqual(patched["version"]?.numberValue, 2)

            let stale = try await api.call(.patch, "/api/v1/farms/\(id)", token: s.access, json: .object(["notes": .string("x")]),
                                           headers: [.ifMatch: "\"1\""])
            XCTAssertEqual(stale.status, 412)
            XCTAssertEqual(stale.errorCode, "request.precondition_failed")
            let fresh = try await api.call(.patch, "/api/v1/farms/\(id)", token: s.access, json: .object(["notes": .string("x")]),
                                           headers: [.ifMatch: "\"2\""])
            XCTAssertEqual(fresh.status, 200)

            let clearName = try await api.call(.patch, "/api/v1/farms/\(id)", token: s.access, json: .object(["name": .null]))
            XCTAssertEqual(clearName.status, 422)
            XCTAssertEqual(clearName.errorFields, ["name"])

            let del = try await api.call(.delete, "/api/v1/farms/\(id)", token: s.access)
            XCTAssertEqual(del.status, 204)
            do { let r = try await api.call(.get, "/api/v1/farms/\(id)", token: s.access); XCTAssertEqual(r.status, 404) }
            do { let r = try await api.call(.delete, "/api/v1/farms/\(id)", token: s.access); XCTAssertEqual(r.status, 404) }
            let list = try await api.call(.get, "/api/v1/farms", token: s.access)
            XCTAssertEqual(list["items"]?.arrayValue?.count, 0)
        }
    }

    func testAnotherOrganizationGets404() async throws {
        try await TestApp.run { api, _ in
            let a = try await api.register(org: "A")
            let b = try await api.register(org: "B")
            let farm = try await api.call(.post, "/api/v1/farms", token: a.access, json: .object(["name": .string("A's farm")]))
            let id = farm.string("id")!
            for (method, body) in [(HTTPRequestMethod.get, nil), (.patch, JSONValue.object(["name": .string("mine now")])), (.delete, nil)] {
                let r = try await api.call(method.hb, "/api/v1/farms/\(id)", token: b.access, json: body)
                XCTAssertEqual(r.status, 404, "\(method) \(r.text)")
                XCTAssertEqual(r.errorCode, "farm.not_found")
            }
            let listB = try await api.call(.get, "/api/v1/farms", token: b.access)
            XCTAssertEqual(listB["items"]?.arrayValue?.count, 0)
            let still = try await api.call(.get, "/api/v1/farms/\(id)", token: a.access)
            XCTAssertEqual(still.string("name"), "A's farm")
        }
    }

    func testViewerMayReadButNotWrite() async throws {
        try await TestApp.run { api, _ in
            let owner = try await api.register()
            let viewer = try await api.addMember(by: owner, role: .viewer)
            let farm = try await api.call(.post, "/api/v1/farms", token: owner.access, json: .object(["name": .string("Farm")]))
            let id = farm.string("id")!
            do { let r = try await api.call(.get, "/api/v1/farms/\(id)", token: viewer.access); XCTAssertEqual(r.status, 200) }
            let create = try await api.call(.post, "/api/v1/farms", token: viewer.access, json: .object(["name": .string("No")]))
            XCTAssertEqual(create.status, 403)
            XCTAssertEqual(create.errorCode, "auth.forbidden")
            XCTAssertTrue(create["error"]?.objectValue?["messageEn"]?.stringValue?.contains("viewer") ?? false)
            do { let r = try await api.call(.patch, "/api/v1/farms/\(id)", token: viewer.access, json: .object(["name": .string("No")])); XCTAssertEqual(r.status, 403) }
            do { let r = try await api.call(.delete, "/api/v1/farms/\(id)", token: viewer.access); XCTAssertEqual(r.status, 403) }

            let field = try await api.addMember(by: owner, role: .field)
            do { let r = try await api.call(.post, "/api/v1/farms", token: field.access, json: .object(["name": .string("Field's")])); XCTAssertEqual(r.status, 201) }
            let cupper = try await api.addMember(by: owner, role: .cupper)
            do { let r = try await api.call(.post, "/api/v1/farms", token: cupper.access, json: .object(["name": .string("No")])); XCTAssertEqual(r.status, 403) }
        }
    }

    func testValidationNamesEveryField() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            let r = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object([
                "name": .number(12), "province": .string("Atlantis"), "altitudeM": .number(3500),
                "latitude": .number(95), "longitude": .string("east"), "colour": .string("red"),
            ]), headers: [.acceptLanguage: "en"])
            XCTAssertEqual(r.status, 422)
            XCTAssertEqual(Set(r.errorFields), ["name", "province", "altitudeM", "latitude", "longitude", "colour"])
            XCTAssertTrue(r["error"]?.objectValue?["message"]?.stringValue?.hasPrefix("Invalid input") ?? false)

            let foreign = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object([
                "name": .string("Finca"), "country": .string("CO"), "province": .string("Huila"),
            ]))
            XCTAssertEqual(foreign.status, 201, "a foreign origin takes any region name")
            XCTAssertEqual(foreign.string("province"), "Huila")

            let half = try await api.call(.post, "/api/v1/farms", token: s.access, json: .object(["name": .string("X"), "latitude": .number(18.8)]))
            XCTAssertEqual(half.errorFields, ["latitude"], "a position needs both coordinates")
        }
    }

    func testListFiltersSearchAndPages() async throws {
        try await TestApp.run { api, _ in
            let s = try await api.register()
            for (name, province) in [("Doi Chang", "Chiang Rai"), ("Doi Saket", "Chiang Mai"), ("Pha Hee", "Chiang Rai"),
                                     ("Tha Sae", "Chumphon"), ("Mae Taeng", "Chiang Mai")] {
                let r = try await api.call(.post, "/api/v1/farms", token: s.access,
                                           json: .object(["name": .string(name), "province": .string(province)]))
                XCTAssertEqual(r.status, 201)
            }
            let cr = try await api.call(.get, "/api/v1/farms?province=%E0%B9%80%E0%B8%8A%E0%B8%B5%E0%B8%A2%E0%B8%87%E0%B8%A3%E0%B8%B2%E0%B8%A2", token: s.access)
            XCTAssertEqual(cr["items"]?.arrayValue?.count, 2, "filter by the Thai name เชียงราย")
            let doi = try await api.call(.get, "/api/v1/farms?q=doi", token: s.access)
            XCTAssertEqual(doi["items"]?.arrayValue?.count, 2)

            var names: [String] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/farms?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await api.call(.get, path, token: s.access)
                XCTAssertEqual(page.status, 200)
                names += page["items"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } ?? []
                cursor = page.string("nextCursor")
                XCTAssertNotNil(page["nextCursor"], "nextCursor is always present (null on the last page)")
            } while cursor != nil
            XCTAssertEqual(names.count, 5)
            XCTAssertEqual(names.first, "Mae Taeng", "newest first")

            do { let r = try await api.call(.get, "/api/v1/farms?limit=0", token: s.access); XCTAssertEqual(r.status, 400) }
            do { let r = try await api.call(.get, "/api/v1/farms?limit=abc", token: s.access); XCTAssertEqual(r.status, 400) }
            do { let r = try await api.call(.get, "/api/v1/farms?cursor=garbage", token: s.access); XCTAssertEqual(r.status, 400) }
        }
    }
}

/// Methods the cross-organization test loops over.
enum HTTPRequestMethod {
    case get, patch, delete
    var hb: HTTPRequest.Method {
        switch self {
        case .get: .get
        case .patch: .patch
        case .delete: .delete
        }
    }
}

import Hummingbird
