import SQLKit

extension SQLDatabase {
    /// Whether this connection speaks PostgreSQL (row locks, `FOR UPDATE`) rather than SQLite.
    public var isPostgres: Bool { dialect.name == "postgresql" }
}
