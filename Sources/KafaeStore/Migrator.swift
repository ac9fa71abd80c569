import Foundation
import SQLKit

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
        Migration(version: 2, name: "lots, genealogy, gradings, cupping, roast batches, passports", statements: [
            """
            CREATE TABLE lots (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                code TEXT NOT NULL,
                farm_id TEXT,
                species TEXT NOT NULL,
                variety TEXT,
                process TEXT,
                harvest_date TEXT,
                crop_year TEXT,
                stage TEXT NOT NULL,
                weight_kg {DOUBLE},
                initial_weight_kg {DOUBLE},
                parents TEXT,
                notes TEXT,
                source_ref TEXT,
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
            "CREATE INDEX lots_org_seq ON lots (organization_id, change_seq)",
            "CREATE INDEX lots_org_created ON lots (organization_id, created_at, id)",
            "CREATE UNIQUE INDEX lots_org_code ON lots (organization_id, code)",
            "CREATE UNIQUE INDEX lots_org_source ON lots (organization_id, source_ref) WHERE source_ref IS NOT NULL",
            "CREATE INDEX lots_farm ON lots (farm_id)",
            """
            CREATE TABLE lot_links (
                child_id TEXT NOT NULL REFERENCES lots(id) ON DELETE CASCADE,
                parent_id TEXT NOT NULL REFERENCES lots(id) ON DELETE CASCADE,
                organization_id TEXT NOT NULL,
                weight_kg {DOUBLE} NOT NULL,
                operation TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (child_id, parent_id)
            )
            """,
            "CREATE INDEX lot_links_parent ON lot_links (parent_id)",
            """
            CREATE TABLE gradings (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                lot_id TEXT NOT NULL,
                standard TEXT NOT NULL,
                graded_on TEXT,
                sample_g {DOUBLE},
                moisture_pct {DOUBLE},
                water_activity {DOUBLE},
                density_g_l {DOUBLE},
                screen_sizes TEXT,
                defects TEXT,
                quakers BIGINT,
                color TEXT,
                notes TEXT,
                reported_category1 BIGINT,
                reported_category2 BIGINT,
                category1 BIGINT,
                category2 BIGINT,
                total_full_defects BIGINT,
                grade TEXT,
                grade_by_defects TEXT,
                checks TEXT,
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
            "CREATE INDEX gradings_org_seq ON gradings (organization_id, change_seq)",
            "CREATE INDEX gradings_org_created ON gradings (organization_id, created_at, id)",
            "CREATE INDEX gradings_lot ON gradings (lot_id, created_at)",
            """
            CREATE TABLE cupping_sessions (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                protocol TEXT NOT NULL,
                session_date TEXT NOT NULL,
                blind {BOOL} NOT NULL,
                samples TEXT,
                cuppers TEXT,
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
            "CREATE INDEX cupping_sessions_org_seq ON cupping_sessions (organization_id, change_seq)",
            "CREATE INDEX cupping_sessions_org_created ON cupping_sessions (organization_id, created_at, id)",
            """
            CREATE TABLE cupping_scores (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                session_id TEXT NOT NULL,
                sample_code TEXT NOT NULL,
                cupper_id TEXT,
                guest_name TEXT,
                scores TEXT,
                notes TEXT,
                lot_id TEXT,
                protocol TEXT,
                total {DOUBLE},
                defects {DOUBLE},
                final_score {DOUBLE},
                band TEXT,
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
            "CREATE INDEX cupping_scores_org_seq ON cupping_scores (organization_id, change_seq)",
            "CREATE INDEX cupping_scores_org_created ON cupping_scores (organization_id, created_at, id)",
            "CREATE INDEX cupping_scores_session ON cupping_scores (session_id)",
            "CREATE INDEX cupping_scores_cupper ON cupping_scores (cupper_id)",
            "CREATE INDEX cupping_scores_lot ON cupping_scores (lot_id)",
            """
            CREATE TABLE roast_batches (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                lot_id TEXT NOT NULL,
                roasted_at TEXT,
                machine TEXT,
                operator TEXT,
                green_weight_kg {DOUBLE},
                roasted_weight_kg {DOUBLE},
                unit TEXT,
                events TEXT,
                curve TEXT,
                source_file TEXT,
                notes TEXT,
                weight_loss_pct {DOUBLE},
                dtr_pct {DOUBLE},
                development_s {DOUBLE},
                total_s {DOUBLE},
                ror TEXT,
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
            "CREATE INDEX roast_batches_org_seq ON roast_batches (organization_id, change_seq)",
            "CREATE INDEX roast_batches_org_created ON roast_batches (organization_id, created_at, id)",
            "CREATE INDEX roast_batches_lot ON roast_batches (lot_id)",
            """
            CREATE TABLE passports (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                lot_id TEXT NOT NULL,
                token TEXT NOT NULL UNIQUE,
                sections TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT
            )
            """,
            "CREATE INDEX passports_lot ON passports (organization_id, lot_id)",
        ]),
        Migration(version: 3, name: "sync: devices, mutation results, conflicts, tombstone horizon", statements: [
            """
            CREATE TABLE sync_devices (
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                device_id TEXT NOT NULL,
                user_id TEXT,
                last_seq BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (organization_id, device_id)
            )
            """,
            """
            CREATE TABLE sync_mutations (
                organization_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                mutation_id TEXT,
                result TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (organization_id, device_id, seq)
            )
            """,
            """
            CREATE TABLE sync_conflicts (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                entity TEXT NOT NULL,
                record_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                fields TEXT NOT NULL,
                base_version BIGINT,
                server_version BIGINT NOT NULL,
                device_id TEXT,
                mutation_id TEXT,
                actor TEXT NOT NULL,
                client_time TEXT,
                created_at BIGINT NOT NULL,
                resolved_at BIGINT,
                resolved_by TEXT,
                resolution TEXT
            )
            """,
            "CREATE INDEX sync_conflicts_open ON sync_conflicts (organization_id, resolved_at, created_at)",
            "CREATE INDEX sync_conflicts_record ON sync_conflicts (record_id)",
            """
            CREATE TABLE sync_horizon (
                id INTEGER PRIMARY KEY,
                change_seq BIGINT NOT NULL,
                collected_at BIGINT NOT NULL
            )
            """,
            "INSERT INTO sync_horizon (id, change_seq, collected_at) VALUES (1, 0, 0)",
        ]),
        Migration(version: 4, name: "hardening: token cut-off, device owners, indexes for hot queries", statements: [
            // Access tokens issued before this instant (ms) are refused: logout everywhere, password reset.
            "ALTER TABLE users ADD COLUMN tokens_valid_after BIGINT",
            // The actor (`user:<id>` or `apiKey:<id>`) a device id belongs to in its organization.
            "ALTER TABLE sync_devices ADD COLUMN owner TEXT",
            "UPDATE sync_devices SET owner = 'user:' || user_id WHERE user_id IS NOT NULL",
            // Devices first used by an API key were not recorded: nobody may push under them (or read their stored
            // answers) again; such a client starts a new device id.
            "UPDATE sync_devices SET owner = 'unknown' WHERE owner IS NULL",
            "CREATE INDEX refresh_tokens_user_org ON refresh_tokens (user_id, organization_id)",
            "CREATE INDEX lot_links_org ON lot_links (organization_id)",
            "CREATE INDEX cupping_sessions_org_date ON cupping_sessions (organization_id, session_date)",
            "CREATE INDEX audit_log_org_entity ON audit_log (organization_id, entity_id)",
            "CREATE INDEX sync_conflicts_org_resolved ON sync_conflicts (organization_id, resolved_at, id)",
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
