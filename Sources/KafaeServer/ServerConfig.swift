import Foundation
import KafaeStore

/// Everything the server reads from its command line and environment, with the documented defaults
/// (README "Configuration").
public struct ServerConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Holds the SQLite database, the signing key and (later) photos.
    public var dataDir = "./data"
    /// `postgres://…` for PostgreSQL; absent for SQLite in the data folder.
    public var databaseURL: String?
    /// PEM of the ES256 private key that signs access tokens; generated into the data folder when absent.
    public var signingKeyPEM: String?
    public var accessTokenTTL: TimeInterval = 15 * 60
    public var refreshTokenTTL: TimeInterval = 30 * 24 * 3600
    public var invitationTTL: TimeInterval = 14 * 24 * 3600
    public var bcryptCost: UInt8 = 12
    /// Largest JSON body accepted, in bytes.
    public var maxBodyBytes = 1 << 20
    /// Behind a load balancer: how many proxies append to `X-Forwarded-For` (0 = use the socket's address).
    public var trustedProxyHops = 0
    public var rateLimits = RateLimits()
    /// Folder holding `openapi.yaml`.
    public var docsDir = "./docs"
    /// Folder of the PWA, read once at start and served at `/` (``WebAssets``); the server starts without it.
    public var webDir = "./web"
    /// The address people reach the server at (`https://kafae.example`), for passport links and QR codes;
    /// taken from the request's Host header when absent.
    public var publicURL: String?
    /// Days a deleted record's tombstone is kept for devices to pull; older cursors must reset (0 turns collection off).
    public var tombstoneDays = 90
    /// Run migrations at start.
    public var migrateOnStart = true

    /// The longest public address whose passport links (`<address>/p/<32-character token>`) fit the largest QR code
    /// Kafae draws (version 10-M, 213 bytes).
    public static let maxPublicURLBytes = 178

    public init() {}

    public var databaseLocation: DatabaseLocation {
        DatabaseLocation.from(databaseURL: databaseURL, dataDir: dataDir)
    }

    /// Reads `KAFAE_*` variables and `DATABASE_URL` over the defaults.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerConfig {
        var c = ServerConfig()
        if let v = env["KAFAE_HOST"], !v.isEmpty { c.host = v }
        if let v = env["KAFAE_PORT"] {
            guard let p = Int(v), (0...65535).contains(p) else { throw ConfigError("KAFAE_PORT must be a port number, got \(v)") }
            c.port = p
        }
        if let v = env["KAFAE_DATA_DIR"], !v.isEmpty { c.dataDir = v }
        if let v = env["DATABASE_URL"], !v.isEmpty { c.databaseURL = v }
        if let v = env["KAFAE_JWT_PRIVATE_KEY"], !v.isEmpty { c.signingKeyPEM = v }
        if let v = env["KAFAE_DOCS_DIR"], !v.isEmpty { c.docsDir = v }
        if let v = env["KAFAE_WEB_DIR"], !v.isEmpty { c.webDir = v }
        if let v = env["KAFAE_PUBLIC_URL"], !v.isEmpty {
            guard let u = URL(string: v), u.scheme == "http" || u.scheme == "https", u.host != nil else {
                throw ConfigError("KAFAE_PUBLIC_URL must be an http(s) URL, got \(v)")
            }
            let url = v.hasSuffix("/") ? String(v.dropLast()) : v
            guard url.utf8.count <= Self.maxPublicURLBytes else {
                throw ConfigError("KAFAE_PUBLIC_URL must be at most \(Self.maxPublicURLBytes) bytes so passport links fit a QR code, got \(url.utf8.count)")
            }
            c.publicURL = url
        }
        if let v = env["KAFAE_TOMBSTONE_DAYS"] {
            guard let n = Int(v), n >= 0 else { throw ConfigError("KAFAE_TOMBSTONE_DAYS must be a number of days, got \(v)") }
            c.tombstoneDays = n
        }
        if let v = env["KAFAE_BCRYPT_COST"] {
            guard let n = UInt8(v), (4...31).contains(n) else { throw ConfigError("KAFAE_BCRYPT_COST must be 4–31, got \(v)") }
            c.bcryptCost = n
        }
        if let v = env["KAFAE_ACCESS_TOKEN_TTL"] {
            guard let n = TimeInterval(v), n > 0 else { throw ConfigError("KAFAE_ACCESS_TOKEN_TTL must be seconds, got \(v)") }
            c.accessTokenTTL = n
        }
        if let v = env["KAFAE_REFRESH_TOKEN_TTL"] {
            guard let n = TimeInterval(v), n > 0 else { throw ConfigError("KAFAE_REFRESH_TOKEN_TTL must be seconds, got \(v)") }
            c.refreshTokenTTL = n
        }
        if let v = env["KAFAE_TRUSTED_PROXY_HOPS"] {
            guard let n = Int(v), n >= 0 else { throw ConfigError("KAFAE_TRUSTED_PROXY_HOPS must be ≥ 0, got \(v)") }
            c.trustedProxyHops = n
        }
        if let v = env["KAFAE_MAX_BODY_BYTES"] {
            guard let n = Int(v), n > 0 else { throw ConfigError("KAFAE_MAX_BODY_BYTES must be a byte count, got \(v)") }
            c.maxBodyBytes = n
        }
        for (key, path) in [("KAFAE_RATE_LOGIN_IP", \RateLimits.loginPerIP), ("KAFAE_RATE_LOGIN_ACCOUNT", \RateLimits.loginPerAccount),
                            ("KAFAE_RATE_REFRESH_IP", \RateLimits.refreshPerIP), ("KAFAE_RATE_REFRESH_ACCOUNT", \RateLimits.refreshPerAccount),
                            ("KAFAE_RATE_REGISTER_IP", \RateLimits.registerPerIP), ("KAFAE_RATE_API", \RateLimits.perPrincipal)] as [(String, WritableKeyPath<RateLimits, RateLimit>)] {
            if let v = env[key] {
                guard let limit = RateLimit(parsing: v) else { throw ConfigError("\(key) must look like COUNT/SECONDS, got \(v)") }
                c.rateLimits[keyPath: path] = limit
            }
        }
        return c
    }
}
