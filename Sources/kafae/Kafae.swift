import ArgumentParser
import Foundation
import Hummingbird
import KafaeServer
import KafaeDomain
import KafaeStore
import Logging
import ServiceLifecycle

/// The `kafae` command: run the server, migrate the database, look after users.
@main
struct Kafae: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafae",
        abstract: "Kafae — coffee quality management for Thai coffee businesses.",
        subcommands: [Serve.self, Migrate.self, UserCommand.self, ImportCommand.self, ExportCommand.self],
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
        do {
            let app = try await KafaeApp.build(config: config, db: db, logger: logger, services: services)
            try await app.runService()
        } catch {
            await db.close()
            throw error
        }
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
        try await Task.sleep(nanoseconds: 20_000_000)
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

/// Finds the organization a command acts on, and an owner to act as.
func organizationAndOwner(_ db: any Database, _ id: String?) async throws -> (UUID, ActorRef) {
    guard let id, let orgId = UUID(uuidString: id) else { throw ValidationError("Give --organization with the organization's id (see GET /api/v1/me).") }
    guard let owner = try await db.read({ sql in
        try await AccountRepository.members(sql, organizationId: orgId).first { $0.role == .owner }
    }) else { throw ValidationError("No organization \(id) with an owner on this database.") }
    return (orgId, ActorRef(kind: .user, id: owner.userId))
}

/// Draws `[#####-----] 120/1311` on standard error, in place.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var last = -1

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let width = 30
        let filled = total == 0 ? width : done * width / total
        guard filled != last || done == total else { return }
        last = filled
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Bring data in.",
                                                    subcommands: [CQI.self, BackupRestore.self])

    struct CQI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cqi", abstract: "Import Coffee Quality Institute review records (CSV) into an organization.")
        @OptionGroup var common: CommonOptions
        @Option(help: "The organization's id.") var organization: String
        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let config = try common.config()
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
            let db = try await openDatabase(config.databaseLocation, logger: makeLogger("kafae.import"))
            var report = ImportReport()
            try await withPool(db) {
                try await Migrator.migrate(db)
                let (org, actor) = try await organizationAndOwner(db, organization)
                let bar = ProgressBar()
                report = try await CQIImporter.run(db, csv: String(decoding: data, as: UTF8.self), organizationId: org, actor: actor,
                                                   progress: { bar.update($0, $1) })
            }
            await db.close()
            print("Imported \(report.imported), skipped \(report.skipped) already imported, \(report.errors.count) rows with errors.")
            for e in report.errors { print("  line \(e.line): \(e.messageEn) [\(e.code)]") }
        }
    }

    struct BackupRestore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup", abstract: "Restore an organization from a JSON backup (kafae export).")
        @OptionGroup var common: CommonOptions
        @Option(help: "E-mail of a user here who becomes an owner of the restored organization.") var ownerEmail: String?
        @Argument(help: "The backup file.") var file: String

        func run() async throws {
            let config = try common.config()
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
            let backup = try JSONValue.parse(data)
            let db = try await openDatabase(config.databaseLocation, logger: makeLogger("kafae.import"))
            var report: Backup.RestoreReport?
            try await withPool(db) {
                try await Migrator.migrate(db)
                var owner: UUID?
                if let ownerEmail {
                    guard let user = try await db.read({ sql in try await AccountRepository.user(sql, email: ownerEmail) }) else {
                        throw ValidationError("No user has the e-mail \(ownerEmail).")
                    }
                    owner = user.id
                }
                report = try await Backup.restore(db, backup: backup, owner: owner)
            }
            await db.close()
            guard let report else { return }
            print("Restored organization \(report.organizationId.text): " + report.records.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            if !report.membersMissing.isEmpty { print("Members without an account here (invite them again): \(report.membersMissing.joined(separator: ", "))") }
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write an organization's full JSON backup.")
    @OptionGroup var common: CommonOptions
    @Option(help: "The organization's id.") var organization: String
    @Option(help: "File to write (standard output when absent).") var output: String?

    func run() async throws {
        let config = try common.config()
        let db = try await openDatabase(config.databaseLocation, logger: makeLogger("kafae.export"))
        var text = ""
        try await withPool(db) {
            let (org, _) = try await organizationAndOwner(db, organization)
            text = try await Backup.export(db, organizationId: org).jsonString()
        }
        await db.close()
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            FileHandle.standardError.write(Data("Wrote \(output)\n".utf8))
        } else {
            print(text)
        }
    }
}
