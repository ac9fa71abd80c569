import Foundation
import KafaeDomain
import KafaeStore
import KafaeTestSupport
import XCTest

final class CredentialRepositoryTests: XCTestCase {
    func testRefreshTokenRotatesOnceAndFamilyRevokes() async throws {
        try await TestDatabases.each { t in
            let org = UUID(), user = UUID(), family = UUID(), token = UUID()
            try await t.db.write { sql in
                try await AccountRepository.insertOrganization(sql, id: org, name: "O", now: 1)
                try await AccountRepository.insertUser(sql, id: user, email: "A@B.co", name: "A", passwordHash: "x", now: 1)
                try await AccountRepository.insertMembership(sql, organizationId: org, userId: user, role: .owner, now: 1)
                try await RefreshTokenRepository.insert(sql, id: token, familyId: family, userId: user, organizationId: org,
                                                        hash: "h1", expiresAt: 10_000, now: 1)
                try await RefreshTokenRepository.insert(sql, id: UUID(), familyId: family, userId: user, organizationId: org,
                                                        hash: "h2", expiresAt: 10_000, now: 2)
            }
            let user0 = try await t.db.read { sql in try await AccountRepository.user(sql, email: "a@b.CO") }
            XCTAssertEqual(user0?.email, "a@b.co", "e-mails are stored and found case-insensitively")
            let first = try await t.db.write { sql in try await RefreshTokenRepository.markRotated(sql, id: token, now: 5) }
            let second = try await t.db.write { sql in try await RefreshTokenRepository.markRotated(sql, id: token, now: 6) }
            XCTAssertTrue(first)
            XCTAssertFalse(second, "a token rotates once")
            try await t.db.write { sql in try await RefreshTokenRepository.revokeFamily(sql, familyId: family, now: 7) }
            let h2 = try await t.db.read { sql in try await RefreshTokenRepository.find(sql, hash: "h2") }
            XCTAssertEqual(h2?.revokedAt, 7, "revoking a family reaches every token in it")
        }
    }

    func testDuplicateEmailIsRejectedByTheSchema() async throws {
        try await TestDatabases.each { t in
            try await t.db.write { sql in
                try await AccountRepository.insertUser(sql, id: UUID(), email: "x@y.th", name: "X", passwordHash: "h", now: 1)
            }
            do {
                try await t.db.write { sql in
                    try await AccountRepository.insertUser(sql, id: UUID(), email: "X@Y.TH", name: "X2", passwordHash: "h", now: 1)
                }
                XCTFail("a second user with the same e-mail must fail")
            } catch {}
        }
    }
}
