import Foundation
import KafaeDomain
import SQLKit

/// Organizations, users and memberships.
public enum AccountRepository {
    public static func insertOrganization(_ sql: any SQLDatabase, id: UUID, name: String, now: Int64) async throws {
        try await sql.raw("INSERT INTO organizations (id, name, created_at) VALUES (\(bind: id.text), \(bind: name), \(bind: now))").run()
    }

    public static func organization(_ sql: any SQLDatabase, id: UUID) async throws -> OrganizationRow? {
        try await sql.raw("SELECT id, name, created_at FROM organizations WHERE id = \(bind: id.text)").first().map(organizationRow)
    }

    public static func renameOrganization(_ sql: any SQLDatabase, id: UUID, name: String) async throws {
        try await sql.raw("UPDATE organizations SET name = \(bind: name) WHERE id = \(bind: id.text)").run()
    }

    public static func insertUser(_ sql: any SQLDatabase, id: UUID, email: String, name: String, passwordHash: String, now: Int64) async throws {
        try await sql.raw("""
            INSERT INTO users (id, email, name, password_hash, created_at)
            VALUES (\(bind: id.text), \(bind: email.lowercased()), \(bind: name), \(bind: passwordHash), \(bind: now))
            """).run()
    }

    /// Inserts a user unless the e-mail is taken; false when it is (also when another transaction took it a moment
    /// ago: the unique index decides, so two sign-ups with one e-mail at once give one account and one refusal, never
    /// an error).
    public static func insertUserIfNew(_ sql: any SQLDatabase, id: UUID, email: String, name: String, passwordHash: String,
                                       now: Int64) async throws -> Bool {
        !(try await sql.raw("""
            INSERT INTO users (id, email, name, password_hash, created_at)
            VALUES (\(bind: id.text), \(bind: email.lowercased()), \(bind: name), \(bind: passwordHash), \(bind: now))
            ON CONFLICT (email) DO NOTHING
            RETURNING id
            """).all()).isEmpty
    }

    public static func user(_ sql: any SQLDatabase, email: String) async throws -> UserRow? {
        try await sql.raw("SELECT \(unsafeRaw: userColumns) FROM users WHERE email = \(bind: email.lowercased())")
            .first().map(userRow)
    }

    public static func user(_ sql: any SQLDatabase, id: UUID) async throws -> UserRow? {
        try await sql.raw("SELECT \(unsafeRaw: userColumns) FROM users WHERE id = \(bind: id.text)")
            .first().map(userRow)
    }

    /// A user, read for a sign-in being recorded: on PostgreSQL the row is held (`FOR SHARE`) until the transaction
    /// ends, so a password reset or a sign-out everywhere (which update it first) waits for the sign-in and then ends
    /// it too, or has already committed and is seen here. SQLite's writers are serialized already.
    public static func userForSignIn(_ sql: any SQLDatabase, id: UUID) async throws -> UserRow? {
        let lock = sql.isPostgres ? " FOR SHARE" : ""
        return try await sql.raw("SELECT \(unsafeRaw: userColumns) FROM users WHERE id = \(bind: id.text)\(unsafeRaw: lock)")
            .first().map(userRow)
    }

    static let userColumns = "id, email, name, password_hash, created_at, tokens_valid_after"

    /// Sets a user's password, refuses every access token issued until now and revokes every refresh token of the
    /// user in every organization (`kafae user reset-password`, and any future password change).
    public static func setPassword(_ sql: any SQLDatabase, userId: UUID, passwordHash: String, now: Int64) async throws {
        try await sql.raw("UPDATE users SET password_hash = \(bind: passwordHash) WHERE id = \(bind: userId.text)").run()
        try await signOutEverywhere(sql, userId: userId, now: now)
    }

    /// Ends every sign-in of a user: access tokens issued before `now` are refused from the next request on, and
    /// every refresh token is revoked.
    public static func signOutEverywhere(_ sql: any SQLDatabase, userId: UUID, now: Int64) async throws {
        try await sql.raw("""
            UPDATE users SET tokens_valid_after = CASE
                WHEN tokens_valid_after IS NULL OR tokens_valid_after < \(bind: now) THEN \(bind: now) ELSE tokens_valid_after END
            WHERE id = \(bind: userId.text)
            """).run()
        try await RefreshTokenRepository.revokeAllOfUser(sql, userId: userId, now: now)
    }

    /// What the per-request check of an access token needs, read in one query: the member's role, the user's
    /// token cut-off, and whether the token's sign-in (its refresh-token family) is still live. Nil when the user is
    /// not (or no longer) a member.
    public static func accessGrant(_ sql: any SQLDatabase, organizationId: UUID, userId: UUID, familyId: UUID?) async throws -> AccessGrant? {
        // A live family has a token not revoked (every token of a revoked family is revoked at once).
        let family: SQLQueryString = familyId.map { f -> SQLQueryString in
            "EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = \(bind: f.text) AND r.revoked_at IS NULL)"
        } ?? "1 = 1"
        guard let row = try await sql.raw("""
            SELECT m.role, u.tokens_valid_after, CASE WHEN \(family) THEN 1 ELSE 0 END AS family_live
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = \(bind: organizationId.text) AND m.user_id = \(bind: userId.text)
            """).first() else { return nil }
        return AccessGrant(
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer,
            tokensValidAfter: try row.optional("tokens_valid_after"),
            signInLive: try row.decode(column: "family_live", as: Int.self) == 1
        )
    }

    /// Locks the organization's row until the transaction ends, so that read-then-write rules over its members (an
    /// organization keeps an owner) see every committed change and no concurrent one. On PostgreSQL
    /// `SELECT … FOR NO KEY UPDATE` (which, unlike `FOR UPDATE`, does not block inserts of rows referencing the
    /// organization); SQLite needs nothing, its writers are serialized by `BEGIN IMMEDIATE`.
    public static func lockOrganization(_ sql: any SQLDatabase, id: UUID) async throws {
        guard sql.isPostgres else { return }
        try await sql.raw("SELECT id FROM organizations WHERE id = \(bind: id.text) FOR NO KEY UPDATE").run()
    }

    public static func insertMembership(_ sql: any SQLDatabase, organizationId: UUID, userId: UUID, role: Role, now: Int64) async throws {
        try await sql.raw("""
            INSERT INTO memberships (organization_id, user_id, role, created_at)
            VALUES (\(bind: organizationId.text), \(bind: userId.text), \(bind: role.rawValue), \(bind: now))
            """).run()
    }

    public static func membership(_ sql: any SQLDatabase, organizationId: UUID, userId: UUID) async throws -> MembershipRow? {
        try await sql.raw("""
            SELECT o.id, o.name, o.created_at, m.user_id, m.role, m.created_at AS joined_at
            FROM memberships m JOIN organizations o ON o.id = m.organization_id
            WHERE m.organization_id = \(bind: organizationId.text) AND m.user_id = \(bind: userId.text)
            """).first().map(membershipRow)
    }

    /// Every organization a user belongs to, oldest membership first.
    public static func memberships(_ sql: any SQLDatabase, userId: UUID) async throws -> [MembershipRow] {
        try await sql.raw("""
            SELECT o.id, o.name, o.created_at, m.user_id, m.role, m.created_at AS joined_at
            FROM memberships m JOIN organizations o ON o.id = m.organization_id
            WHERE m.user_id = \(bind: userId.text)
            ORDER BY m.created_at, o.id
            """).all().map(membershipRow)
    }

    public static func members(_ sql: any SQLDatabase, organizationId: UUID) async throws -> [MemberRow] {
        try await sql.raw("""
            SELECT u.id, u.email, u.name, m.role, m.created_at
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = \(bind: organizationId.text)
            ORDER BY m.created_at, u.id
            """).all().map { row in
                MemberRow(
                    userId: UUID(uuidString: try row.decode(column: "id", as: String.self))!,
                    email: try row.decode(column: "email", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer,
                    joinedAt: try row.decode(column: "created_at", as: Int64.self)
                )
            }
    }

    public static func setRole(_ sql: any SQLDatabase, organizationId: UUID, userId: UUID, role: Role) async throws {
        try await sql.raw("""
            UPDATE memberships SET role = \(bind: role.rawValue)
            WHERE organization_id = \(bind: organizationId.text) AND user_id = \(bind: userId.text)
            """).run()
    }

    public static func deleteMembership(_ sql: any SQLDatabase, organizationId: UUID, userId: UUID) async throws {
        try await sql.raw("""
            DELETE FROM memberships WHERE organization_id = \(bind: organizationId.text) AND user_id = \(bind: userId.text)
            """).run()
    }

    public static func ownerCount(_ sql: any SQLDatabase, organizationId: UUID) async throws -> Int {
        let row = try await sql.raw("""
            SELECT COUNT(*) AS n FROM memberships WHERE organization_id = \(bind: organizationId.text) AND role = 'owner'
            """).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    static func organizationRow(_ row: any SQLRow) throws -> OrganizationRow {
        OrganizationRow(
            id: UUID(uuidString: try row.decode(column: "id", as: String.self))!,
            name: try row.decode(column: "name", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self)
        )
    }

    static func userRow(_ row: any SQLRow) throws -> UserRow {
        UserRow(
            id: UUID(uuidString: try row.decode(column: "id", as: String.self))!,
            email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            tokensValidAfter: try row.optional("tokens_valid_after")
        )
    }

    static func membershipRow(_ row: any SQLRow) throws -> MembershipRow {
        MembershipRow(
            organization: try organizationRow(row),
            userId: UUID(uuidString: try row.decode(column: "user_id", as: String.self))!,
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer,
            createdAt: try row.decode(column: "joined_at", as: Int64.self)
        )
    }
}
