import Foundation
import KafaeDomain
import XCTest

final class MemberTests: XCTestCase {
    func testInvitationRolesAndOwnerRules() async throws {
        try await TestApp.run { api, _ in
            let owner = try await api.register()
            let manager = try await api.addMember(by: owner, role: .manager)
            let cupper = try await api.addMember(by: manager, role: .cupper)

            let members = try await api.call(.get, "/api/v1/members", token: cupper.access)
            XCTAssertEqual(members.status, 200)
            XCTAssertEqual(members["items"]?.arrayValue?.count, 3)

            // A cupper cannot manage members.
            let denied = try await api.call(.patch, "/api/v1/members/\(manager.userId)", token: cupper.access,
                                            json: .object(["role": .string("viewer")]))
            XCTAssertEqual(denied.status, 403)

            // A manager can change a cupper's role, but cannot grant or touch the owner role.
            let toField = try await api.call(.patch, "/api/v1/members/\(cupper.userId)", token: manager.access,
                                             json: .object(["role": .string("field")]))
            XCTAssertEqual(toField.status, 200, toField.text)
            XCTAssertEqual(toField.string("role"), "field")
            let grantOwner = try await api.call(.patch, "/api/v1/members/\(cupper.userId)", token: manager.access,
                                                json: .object(["role": .string("owner")]))
            XCTAssertEqual(grantOwner.errorCode, "member.owner_only")
            let demoteOwner = try await api.call(.patch, "/api/v1/members/\(owner.userId)", token: manager.access,
                                                 json: .object(["role": .string("viewer")]))
            XCTAssertEqual(demoteOwner.errorCode, "member.owner_only")

            // The last owner can neither demote nor remove themselves.
            let lastOwner = try await api.call(.patch, "/api/v1/members/\(owner.userId)", token: owner.access,
                                               json: .object(["role": .string("manager")]))
            XCTAssertEqual(lastOwner.status, 409)
            XCTAssertEqual(lastOwner.errorCode, "member.last_owner")
            do { let r = try await api.call(.delete, "/api/v1/members/\(owner.userId)", token: owner.access); XCTAssertEqual(r.errorCode, "member.last_owner") }

            let badRole = try await api.call(.patch, "/api/v1/members/\(cupper.userId)", token: owner.access,
                                             json: .object(["role": .string("boss")]))
            XCTAssertEqual(badRole.status, 422)
            XCTAssertEqual(badRole.errorFields, ["role"])

            // A role change takes effect on the next request, without a new token.
            _ = try await api.call(.patch, "/api/v1/members/\(cupper.userId)", token: owner.access, json: .object(["role": .string("viewer")]))
            let write = try await api.call(.post, "/api/v1/farms", token: cupper.access, json: .object(["name": .string("X")]))
            XCTAssertEqual(write.status, 403)

            // Removal cuts access at once and revokes the member's refresh tokens.
            do { let r = try await api.call(.delete, "/api/v1/members/\(cupper.userId)", token: owner.access); XCTAssertEqual(r.status, 204) }
            do { let r = try await api.call(.get, "/api/v1/farms", token: cupper.access); XCTAssertEqual(r.status, 401) }
            let refresh = try await api.call(.post, "/api/v1/auth/refresh", json: .object(["refreshToken": .string(cupper.refresh)]))
            XCTAssertEqual(refresh.status, 401)
        }
    }

    func testInvitationChecks() async throws {
        try await TestApp.run { api, _ in
            let owner = try await api.register()
            let inv = try await api.call(.post, "/api/v1/invitations", token: owner.access,
                                         json: .object(["email": .string("guest@example.com"), "role": .string("cupper")]))
            XCTAssertEqual(inv.status, 201)
            XCTAssertNotNil(inv.string("token"), "the token is shown once")
            let list = try await api.call(.get, "/api/v1/invitations", token: owner.access)
            XCTAssertEqual(list["items"]?.arrayValue?.count, 1)
            XCTAssertNil(list["items"]?.arrayValue?.first?.objectValue?["token"], "and never again")

            let wrongMail = try await api.call(.post, "/api/v1/auth/register", json: .object([
                "invitationToken": .string(inv.string("token")!), "name": .string("Eve"), "email": .string("eve@example.com"),
                "password": .string("eve-password"),
            ]))
            XCTAssertEqual(wrongMail.errorCode, "invitation.email_mismatch")

            // An existing user accepts with their own account.
            let guest = try await api.register(org: "Guest's roastery", email: "guest@example.com")
            let accepted = try await api.call(.post, "/api/v1/invitations/accept", token: guest.access,
                                              json: .object(["token": .string(inv.string("token")!)]))
            XCTAssertEqual(accepted.status, 200, accepted.text)
            XCTAssertEqual(accepted.string("role"), "cupper")
            let reuse = try await api.call(.post, "/api/v1/invitations/accept", token: guest.access,
                                           json: .object(["token": .string(inv.string("token")!)]))
            XCTAssertEqual(reuse.status, 404)

            let revoked = try await api.call(.post, "/api/v1/invitations", token: owner.access,
                                             json: .object(["email": .string("late@example.com"), "role": .string("viewer")]))
            do { let r = try await api.call(.delete, "/api/v1/invitations/\(revoked.string("id")!)", token: owner.access); XCTAssertEqual(r.status, 204) }
            let tooLate = try await api.call(.post, "/api/v1/auth/register", json: .object([
                "invitationToken": .string(revoked.string("token")!), "name": .string("Late"), "email": .string("late@example.com"),
                "password": .string("late-password"),
            ]))
            XCTAssertEqual(tooLate.errorCode, "invitation.not_found")
        }
    }

    func testApiKeys() async throws {
        try await TestApp.run { api, _ in
            let owner = try await api.register()
            let read = try await api.call(.post, "/api/v1/api-keys", token: owner.access, json: .object(["name": .string("Dashboard")]))
            XCTAssertEqual(read.status, 201, read.text)
            XCTAssertEqual(read.string("scope"), "read")
            let readKey = read.string("key")!
            XCTAssertTrue(readKey.hasPrefix("kf_"))
            let rw = try await api.call(.post, "/api/v1/api-keys", token: owner.access,
                                        json: .object(["name": .string("ERP"), "scope": .string("readWrite")]))
            let rwKey = rw.string("key")!

            do { let r = try await api.call(.get, "/api/v1/farms", token: readKey); XCTAssertEqual(r.status, 200) }
            let denied = try await api.call(.post, "/api/v1/farms", token: readKey, json: .object(["name": .string("X")]))
            XCTAssertEqual(denied.status, 403)
            XCTAssertEqual(denied.errorCode, "auth.api_key_forbidden")
            let made = try await api.call(.post, "/api/v1/farms", token: rwKey, json: .object(["name": .string("From ERP")]))
            XCTAssertEqual(made.status, 201)
            XCTAssertTrue(made.string("createdBy")?.hasPrefix("apiKey:") ?? false)
            do { let r = try await api.call(.get, "/api/v1/api-keys", token: rwKey); XCTAssertEqual(r.status, 403, "keys never manage keys") }
            do { let r = try await api.call(.get, "/api/v1/me", token: rwKey); XCTAssertEqual(r.status, 403) }

            let list = try await api.call(.get, "/api/v1/api-keys", token: owner.access)
            XCTAssertEqual(list["items"]?.arrayValue?.count, 2)
            XCTAssertNil(list["items"]?.arrayValue?.first?.objectValue?["key"], "the secret is shown only once")

            do { let r = try await api.call(.delete, "/api/v1/api-keys/\(read.string("id")!)", token: owner.access); XCTAssertEqual(r.status, 204) }
            do { let r = try await api.call(.get, "/api/v1/farms", token: readKey); XCTAssertEqual(r.status, 401) }
            let tampered = String(rwKey.dropLast()) + (rwKey.hasSuffix("A") ? "B" : "A")
            do { let r = try await api.call(.get, "/api/v1/farms", token: tampered); XCTAssertEqual(r.status, 401) }

            let other = try await api.register()
            do { let r = try await api.call(.delete, "/api/v1/api-keys/\(rw.string("id")!)", token: other.access); XCTAssertEqual(r.status, 404) }
            let cupper = try await api.addMember(by: owner, role: .cupper)
            do { let r = try await api.call(.post, "/api/v1/api-keys", token: cupper.access, json: .object(["name": .string("x")])); XCTAssertEqual(r.status, 403) }
        }
    }
}
