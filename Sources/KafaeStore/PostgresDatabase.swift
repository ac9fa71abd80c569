import Foundation
import KafaeDomain
import Logging
import PostgresKit
import PostgresNIO
import NIOSSL
import SQLKit

/// The production engine: PostgreSQL through PostgresNIO's pooled client.
///
/// The client's pool runs as a service (`run()`); the server adds it to its service group, tests run it in a task.
public final class PostgresDatabase: Database, @unchecked Sendable {
    public let engine = Engine.postgres
    public let client: PostgresClient
    private let logger: Logger

    public init(url: String, logger: Logger, maxConnections: Int = 10) throws {
        self.client = PostgresClient(configuration: try Self.configuration(url: url, maxConnections: maxConnections),
                                     backgroundLogger: logger)
        self.logger = logger
    }

    /// Reads `postgres://user:password@host:port/database?sslmode=…&sslrootcert=PATH`.
    ///
    /// `sslmode` means what it means to libpq, and defaults to `prefer` as libpq's does: `disable` (plain), `allow` and
    /// `prefer` (TLS when the server offers it, certificate not checked), `require` (TLS, certificate not checked),
    /// `verify-ca` (TLS, certificate chain checked), `verify-full` (chain and host name checked). Production uses
    /// `verify-full` with `sslrootcert` naming the provider's CA bundle (Aurora: the RDS global bundle).
    static func configuration(url: String, maxConnections: Int) throws -> PostgresClient.Configuration {
        guard let c = URLComponents(string: url), let host = c.host, let user = c.user else {
            throw KafaeError("service.unavailable", params: ["reason": "DATABASE_URL is not a valid PostgreSQL URL"])
        }
        let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        let sslmode = c.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        var tlsConfig = TLSConfiguration.makeClientConfiguration()
        if let rootCert = c.queryItems?.first(where: { $0.name == "sslrootcert" })?.value, !rootCert.isEmpty {
            tlsConfig.trustRoots = .file(rootCert)
        }
        let tls: PostgresClient.Configuration.TLS
        switch sslmode {
        case "disable":
            tls = .disable
        case "allow", "prefer":
            tlsConfig.certificateVerification = .none
            tls = .prefer(tlsConfig)
        case "require":
            tlsConfig.certificateVerification = .none
            tls = .require(tlsConfig)
        case "verify-ca":
            tlsConfig.certificateVerification = .noHostnameVerification
            tls = .require(tlsConfig)
        case "verify-full":
            tlsConfig.certificateVerification = .fullVerification
            tls = .require(tlsConfig)
        default:
            throw KafaeError("service.unavailable", params: ["reason": "DATABASE_URL sslmode must be disable, allow, prefer, require, verify-ca or verify-full"])
        }
        var config = PostgresClient.Configuration(
            host: host, port: c.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: c.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: tls)
        config.options.maximumConnections = maxConnections
        config.options.minimumConnections = 0
        return config
    }

    /// Runs the connection pool until the task is cancelled.
    public func run() async {
        await client.run()
    }

    public func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await Self.mapTransient {
            try await client.withConnection { conn in
                try await body(conn.sql(queryLogLevel: .trace))
            }
        }
    }

    public func readSnapshot<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await Self.mapTransient {
            try await client.withTransaction(logger: logger) { conn in
                let sql = conn.sql(queryLogLevel: .trace)
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
                return try await body(sql)
            }
        }
    }

    public func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await Self.mapTransient {
            try await client.withTransaction(logger: logger) { conn in
                try await body(conn.sql(queryLogLevel: .trace))
            }
        }
    }

    public func close() async {}

    /// Connection-level failures become `service.unavailable` (503: retry later, nothing was applied).
    static func mapTransient<R>(_ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .queryCancelled:
                throw KafaeError("service.unavailable")
            default:
                if let sqlState = error.serverInfo?[.sqlState], sqlState.hasPrefix("40") || sqlState.hasPrefix("08") || sqlState.hasPrefix("57") {
                    throw KafaeError("service.unavailable")
                }
                throw error
            }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError { throw inner }
            throw KafaeError("service.unavailable")
        }
    }
}
