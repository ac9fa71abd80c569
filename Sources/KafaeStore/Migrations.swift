import Foundation
import KafaeDomain
import SQLKit

/// One numbered schema change. Statements are written once with `{DOUBLE}` and `{BOOL}` standing for the
/// engine's column types, so both engines get the same schema.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: [String]
}

/// Applies the numbered migrations in order, each in its own transaction, and records them in `schema_migrations`.
public enum Migrator {
    /// Every migration, oldest first. Append only: a released migration is never edited.
    public static let all: [Migration] = [
        Migration(version: 1, name: "accounts, farms, sync counter, audit log", statements: [
            """
            CREATE TABLE organizations (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE memberships (
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (organization_id, user_id)
            )
            """,
            "CREATE INDEX memberships_user ON memberships (user_id)",
            """
            CREATE TABLE refresh_tokens (
                id TEXT PRIMARY KEY,
                family_id TEXT NOT NULL,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                token_hash TEXT NOT NULL UNIQUE,
                rotated_at BIGINT,
                revoked_at BIGINT,
                expires_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)",
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL UNIQUE,
                secret_hash TEXT NOT NULL,
                scope TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                revoked_at BIGINT
            )
            """,
            """
            CREATE TABLE invitations (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                email TEXT NOT NULL,
                role TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                invited_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                accepted_at BIGINT,
                revoked_at BIGINT
            )
            """,
            "CREATE INDEX invitations_org ON invitations (organization_id)",
            """
            CREATE TABLE sync_counter (
                id INTEGER PRIMARY KEY,
                value BIGINT NOT NULL
            )
            """,
            "INSERT INTO sync_counter (id, value) VALUES (1, 0)",
            """
            CREATE TABLE farms (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                country TEXT NOT NULL,
                province TEXT,
                district TEXT,
                altitude_m {DOUBLE},
                latitude {DOUBLE},
                longitude {DOUBLE},
                owner TEXT,
                notes TEXT,
                version BIGINT NOT NULL,
                field_versions TEXT NOT NULL,
                change_seq BIGINT NOT NULL,
                deleted_at BIGINT,
                created_at BIGINT NOT NULL,
                created_by TEXT,
                updated_at BIGINT NOT NULL,
                updated_by TEXT
            )
            """,
            "CREATE INDEX farms_org_seq ON farms (organization_id, change_seq)",
            "CREATE INDEX farms_org_created ON farms (organization_id, created_at, id)",
            """
            CREATE TABLE audit_log (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL,
                actor_type TEXT NOT NULL,
                actor_id TEXT,
                action TEXT NOT NULL,
                entity TEXT,
                entity_id TEXT,
                changes TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_org ON audit_log (organization_id, created_at)",
        ]),
    ]

    /// The newest schema version this build knows.
    public static var latestVersion: Int { all.last?.version ?? 0 }

    static func render(_ statement: String, for engine: Engine) -> String {
        statement
            .replacingOccurrences(of: "{DOUBLE}", with: engine == .postgres ? "DOUBLE PRECISION" : "REAL")
            .replacingOccurrences(of: "{BOOL}", with: engine == .postgres ? "BOOLEAN" : "INTEGER")
    }

    /// Applies every migration not yet recorded; returns the versions applied.
    @discardableResult
    public static func migrate(_ db: any Database) async throws -> [Int] {
        let engine = db.engine
        try await db.write { sql in
            try await sql.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at BIGINT NOT NULL
                )
                """).run()
        }
        var applied: [Int] = []
        for migration in all {
            let did = try await db.write { sql -> Bool in
                if engine == .postgres {
                    // Two tasks starting together must not both apply a migration.
                    try await sql.raw("LOCK TABLE schema_migrations IN EXCLUSIVE MODE").run()
                }
                let rows = try await sql.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").all()
                guard rows.isEmpty else { return false }
                for statement in migration.statements {
                    try await sql.raw(SQLQueryString(render(statement, for: engine))).run()
                }
                try await sql.raw("""
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Clock.nowMs()))
                    """).run()
                return true
            }
            if did { applied.append(migration.version) }
        }
        return applied
    }

    /// The highest applied version (0 on an empty database).
    public static func currentVersion(_ db: any Database) async throws -> Int {
        try await db.read { sql in
            let rows = try await sql.raw("SELECT MAX(version) AS v FROM schema_migrations").all()
            return try rows.first?.optional("v", as: Int.self) ?? 0
        }
    }
}
