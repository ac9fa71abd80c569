import Foundation
import KafaeDomain
import KafaeStore
import KafaeTestSupport
import Logging
import XCTest

/// Store side of the "Hardening" issue: the organization lock behind the last-owner rule, the token cut-off and
/// sign-in liveness read per request, and formula-safe CSV cells.
final class AccountHardeningTests: XCTestCase {
    actor Signal {
        private var fired = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        func fire() { fired = true; waiters.forEach { $0.resume() }; waiters = [] }
        func wait() async { if fired { return }; await withCheckedContinuation { waiters.append($0) } }
    }

    /// Two transactions that check "more than one owner?" and then demote: the second, started while the first holds
    /// the organization lock, must count after the first commits (on PostgreSQL's READ COMMITTED a plain SELECT
    /// would still see two owners and both demotions would pass).
    func testOrganizationLockMakesTheOwnerCountFresh() async throws {
        try await TestDatabases.each { t in
            let org = UUID(), a = UUID(), b = UUID()
            try await t.db.write { sql in
                try await AccountRepository.insertOrganization(sql, id: org, name: "O", now: 1)
                for (u, mail) in [(a, "a@x.th"), (b, "b@x.th")] {
                    try await AccountRepository.insertUser(sql, id: u, email: mail, name: mail, passwordHash: "h", now: 1)
                    try await AccountRepository.insertMembership(sql, organizationId: org, userId: u, role: .owner, now: 1)
                }
            }
            let locked = Signal()
            async let first: Int = t.db.write { sql in
                try await AccountRepository.lockOrganization(sql, id: org)
                let n = try await AccountRepository.ownerCount(sql, organizationId: org)
                await locked.fire()
                try await Task.sleep(nanoseconds: 400_000_000)
                try await AccountRepository.setRole(sql, organizationId: org, userId: b, role: .manager)
                return n
            }
            await locked.wait()
            let second: Int = try await t.db.write { sql in
                try await AccountRepository.lockOrganization(sql, id: org)
                return try await AccountRepository.ownerCount(sql, organizationId: org)
            }
            let firstCount = try await first
            XCTAssertEqual(firstCount, 2)
            XCTAssertEqual(second, 1, "[\(t.engine)] the second writer waits for the first and sees its demotion")

            // The lock does not hold up writes that only reference the organization (FOR NO KEY UPDATE).
            let held = Signal()
            async let holder: Void = t.db.write { sql in
                try await AccountRepository.lockOrganization(sql, id: org)
                await held.fire()
                try await Task.sleep(nanoseconds: 200_000_000)
            }
            await held.wait()
            if t.engine == .postgres, let url = t.url {
                // A second pool on the same database: an insert referencing the organization is not blocked.
                let other = try PostgresDatabase(url: url, logger: .init(label: "t"), maxConnections: 1)
                let run = Task { await other.run() }
                let started = Date()
                try await other.write { sql in
                    try await AccountRepository.insertUser(sql, id: UUID(), email: "c@x.th", name: "c", passwordHash: "h", now: 1)
                }
                XCTAssertLessThan(Date().timeIntervalSince(started), 0.15, "an unrelated write goes on while the organization is locked")
                run.cancel()
                await run.value
            }
            try await holder
        }
    }

    func testSetPasswordCutsTokensAndRevokesEverySignIn() async throws {
        try await TestDatabases.each { t in
            let org1 = UUID(), org2 = UUID(), user = UUID(), f1 = UUID(), f2 = UUID()
            try await t.db.write { sql in
                try await AccountRepository.insertUser(sql, id: user, email: "u@x.th", name: "U", passwordHash: "old", now: 1)
                for (org, family) in [(org1, f1), (org2, f2)] {
                    try await AccountRepository.insertOrganization(sql, id: org, name: "O", now: 1)
                    try await AccountRepository.insertMembership(sql, organizationId: org, userId: user, role: .field, now: 1)
                    try await RefreshTokenRepository.insert(sql, id: UUID(), familyId: family, userId: user, organizationId: org,
                                                            hash: "h-\(family)", expiresAt: .max / 2, now: 1)
                }
            }
            let before = try await t.db.read { sql in
                try await AccountRepository.accessGrant(sql, organizationId: org1, userId: user, familyId: f1)
            }
            XCTAssertEqual(before, AccessGrant(role: .field, tokensValidAfter: nil, signInLive: true))

            try await t.db.write { sql in try await AccountRepository.setPassword(sql, userId: user, passwordHash: "new", now: 5_000) }
            let row = try await t.db.read { sql in try await AccountRepository.user(sql, id: user) }
            XCTAssertEqual(row?.passwordHash, "new")
            XCTAssertEqual(row?.tokensValidAfter, 5_000)
            for (org, family) in [(org1, f1), (org2, f2)] {
                let g = try await t.db.read { sql in try await AccountRepository.accessGrant(sql, organizationId: org, userId: user, familyId: family) }
                XCTAssertEqual(g?.tokensValidAfter, 5_000)
                XCTAssertEqual(g?.signInLive, false, "[\(t.engine)] every refresh token of the user is revoked")
                let token = try await t.db.read { sql in try await RefreshTokenRepository.find(sql, hash: "h-\(family)") }
                XCTAssertEqual(token?.revokedAt, 5_000)
            }
            // The cut-off never moves back.
            try await t.db.write { sql in try await AccountRepository.signOutEverywhere(sql, userId: user, now: 4_000) }
            let after = try await t.db.read { sql in try await AccountRepository.user(sql, id: user) }
            XCTAssertEqual(after?.tokensValidAfter, 5_000)

            // No family (an older token): only membership and cut-off count. Not a member: nil.
            let noFamily = try await t.db.read { sql in try await AccountRepository.accessGrant(sql, organizationId: org1, userId: user, familyId: nil) }
            XCTAssertEqual(noFamily?.signInLive, true)
            let stranger = try await t.db.read { sql in try await AccountRepository.accessGrant(sql, organizationId: org1, userId: UUID(), familyId: nil) }
            XCTAssertNil(stranger)
        }
    }

    func testSpreadsheetCells() {
        for (input, expected) in [
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("+1", "\"'+1\""), ("@SUM(A1)", "\"'@SUM(A1)\""), ("-2+3", "\"'-2+3\""),
            ("\tx", "\"'\tx\""), ("\rx", "\"'\rx\""), ("\nx", "\"'\nx\""),
            ("Doi Chang", "Doi Chang"), ("a,b", "\"a,b\""), ("x=1", "x=1"), ("", ""),
            ("ดอยช้าง", "ดอยช้าง"),
        ] {
            XCTAssertEqual(SpreadsheetCSV.text(input), expected, "cell \(input.debugDescription)")
        }
        XCTAssertEqual(SpreadsheetCSV.number("-1.5"), "-1.5", "our negative numbers stay numbers")
        XCTAssertEqual(SpreadsheetCSV.number("12"), "12")
        XCTAssertEqual(SpreadsheetCSV.number(""), "")
        XCTAssertEqual(SpreadsheetCSV.number("-1+1"), "\"'-1+1\"", "only a real number passes as one")
    }

    func testLotExportNeutralisesEveryTextCell() async throws {
        try await TestDatabases.each { t in
            let org = UUID(), user = UUID()
            try await t.db.write { sql in
                try await AccountRepository.insertOrganization(sql, id: org, name: "O", now: 1)
                try await AccountRepository.insertUser(sql, id: user, email: "u@x.th", name: "U", passwordHash: "h", now: 1)
            }
            let nasty = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(A1)", "-2+3", "\tx", "\rx"]
            for (i, value) in nasty.enumerated() {
                let id = UUID()
                try await t.db.writeRecords { sql in
                    _ = try await RecordWriter.create(Lot.self, WriteContext(sql: sql, organizationId: org, actor: ActorRef(kind: .user, id: user), now: 10),
                                                      id: id, input: ["code": .string("L\(i)"), "species": .string("arabica"), "stage": .string("green"),
                                                                      "weightKg": .number(5)])
                    // As a sync client or an import could leave them, untrimmed.
                    try await sql.raw("""
                        UPDATE lots SET code = \(bind: value), variety = \(bind: value), crop_year = \(bind: value), weight_kg = \(bind: -1.5)
                        WHERE id = \(bind: id.text)
                        """).run()
                }
            }
            let csv = try await LotExport.csv(t.db, organizationId: org)
            let rows = CSV.parse(csv).dropFirst().map(\.fields)
            XCTAssertEqual(rows.count, nasty.count)
            for row in rows {
                for (i, cell) in row.enumerated() where i != 7 {
                    XCTAssertFalse(cell.first.map { "=+-@\t\r\n".contains($0) } ?? false, "[\(t.engine)] \(LotExport.header[i]): \(cell.debugDescription)")
                }
                XCTAssertEqual(row[7], "-1.5", "a weight we write is a number, sign and all")
            }
            XCTAssertEqual(Set(rows.map { $0[0] }), Set(nasty.map { "'" + $0 }))
        }
    }
}
