import Foundation
import KafaeDomain
import SQLKit

extension UUID {
    /// The form ids take in the database and in JSON: lower-case canonical text.
    public var text: String { uuidString.lowercased() }
}

public struct OrganizationRow: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let createdAt: Int64
}

public struct UserRow: Sendable, Equatable {
    public let id: UUID
    public let email: String
    public let name: String
    public let passwordHash: String
    public let createdAt: Int64
}

/// A user's place in one organization.
public struct MembershipRow: Sendable, Equatable {
    public let organization: OrganizationRow
    public let userId: UUID
    public let role: Role
    public let createdAt: Int64
}

/// A member as the organization sees them.
public struct MemberRow: Sendable, Equatable {
    public let userId: UUID
    public let email: String
    public let name: String
    public let role: Role
    public let joinedAt: Int64
}

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

    public static func user(_ sql: any SQLDatabase, email: String) async throws -> UserRow? {
        try await sql.raw("SELECT id, email, name, password_hash, created_at FROM users WHERE email = \(bind: email.lowercased())")
            .first().map(userRow)
    }

    public static func user(_ sql: any SQLDatabase, id: UUID) async throws -> UserRow? {
        try await sql.raw("SELECT id, email, name, password_hash, created_at FROM users WHERE id = \(bind: id.text)")
            .first().map(userRow)
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
            createdAt: try row.decode(column: "created_at", as: Int64.self)
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
