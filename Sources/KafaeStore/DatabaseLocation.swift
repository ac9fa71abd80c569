import Foundation

/// Where the database is, read from `DATABASE_URL` or the data folder.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// `postgres://` or `postgresql://` URLs pick PostgreSQL; `sqlite:PATH` or no URL picks SQLite.
    public static func from(databaseURL: String?, dataDir: String) -> DatabaseLocation {
        if let url = databaseURL, !url.isEmpty {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return .postgres(url: url) }
            // `sqlite:` with no path would give every connection a private temporary database: the data folder's file then.
            if url.hasPrefix("sqlite:"), url.count > "sqlite:".count { return .sqlite(path: String(url.dropFirst("sqlite:".count))) }
        }
        return .sqlite(path: (dataDir as NSString).appendingPathComponent("kafae.sqlite"))
    }
}
