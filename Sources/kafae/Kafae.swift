import ArgumentParser
import Foundation
import Hummingbird
import KafaeServer
import KafaeStore
import Logging
import ServiceLifecycle

/// The `kafae` command: run the server, migrate the database, look after users.
@main
struct Kafae: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafae",
        abstract: "Kafae — coffee quality management for Thai coffee businesses.",
        subcommands: [Serve.self, Migrate.self, UserCommand.self],
        defaultSubcommand: Serve.self
    )
}

/// Options shared by every command that opens the database.
struct CommonOptions: ParsableArguments {
    @Option(help: "Data folder: SQLite database, signing key, photos (env KAFAE_DATA_DIR, default ./data).")
    var dataDir: String?

    func config() throws -> ServerConfig {
        var c = try ServerConfig.fromEnvironment()
        if let dataDir { c.dataDir = dataDir }
        return c
    }
}

func makeLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    if let level = ProcessInfo.processInfo.environment["KAFAE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) {
        logger.logLevel = level
    }
    return logger
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the API server (SQLite in the data folder unless DATABASE_URL is set).")

    @OptionGroup var common: CommonOptions
    @Option(help: "Address to listen on (env KAFAE_HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (env KAFAE_PORT, default 8080).") var port: Int?

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var h = JSONLogHandler(label: label)
            h.logLevel = ProcessInfo.processInfo.environment["KAFAE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return h
        }
        var config = try common.config()
        if let host { config.host = host }
        if let port { config.port = port }
        let logger = makeLogger("kafae")
        let db = try await openDatabase(config.databaseLocation, logger: logger)
        var services: [any Service] = []
        if let pg = db as? PostgresDatabase { services.append(pg.client) }
        logger.notice("starting", metadata: ["host": .string(config.host), "port": .stringConvertible(config.port),
                                             "database": .string(db.engine.rawValue)])
        let app = try await KafaeApp.build(config: config, db: db, logger: logger, services: services)
        try await app.runService()
        await db.close()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = try common.config()
        let logger = makeLogger("kafae.migrate")
        let db = try await openDatabase(config.databaseLocation, logger: logger)
        try await withPool(db) {
            let applied = try await Migrator.migrate(db)
            let current = try await Migrator.currentVersion(db)
            print(applied.isEmpty ? "Schema is current (version \(current))." : "Applied \(applied.map(String.init).joined(separator: ", ")); schema version \(current).")
        }
        await db.close()
    }
}

/// Runs `body` with the PostgreSQL pool running (a no-op wrapper for SQLite).
func withPool(_ db: any Database, _ body: () async throws -> Void) async throws {
    guard let pg = db as? PostgresDatabase else { return try await body() }
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await pg.run() }
        defer { group.cancelAll() }
        try await body()
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Look after user accounts.",
                                                    subcommands: [ResetPassword.self])

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Set a user's password (read from standard input) and sign them out everywhere.")
        @OptionGroup var common: CommonOptions
        @Option(help: "The user's e-mail.") var email: String

        func run() async throws {
            let config = try common.config()
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("Type the new password on standard input.")
            }
            let db = try await openDatabase(config.databaseLocation, logger: makeLogger("kafae.user"))
            var found = false
            try await withPool(db) {
                found = try await AdminTasks.resetPassword(db: db, email: email, password: password, cost: config.bcryptCost)
            }
            await db.close()
            guard found else { throw ValidationError("No user has the e-mail \(email).") }
            print("Password changed for \(email); their sign-ins were revoked.")
        }
    }
}
