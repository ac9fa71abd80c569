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
            LogLineWriter.standardOutput.flush()
            throw error
        }
        await db.close()
        LogLineWriter.standardOutput.flush()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = try common.config()
        try await withDatabase(config, label: "kafae.migrate") { db in
            let applied = try await Migrator.migrate(db)
            let current = try await Migrator.currentVersion(db)
            print(applied.isEmpty ? "Schema is current (version \(current))." : "Applied \(applied.map(String.init).joined(separator: ", ")); schema version \(current).")
        }
    }
}

/// Opens the database, runs `body` with the PostgreSQL pool running (nothing extra for SQLite), and closes the
/// database whatever happens.
func withDatabase(_ config: ServerConfig, label: String, _ body: (any Database) async throws -> Void) async throws {
    let db = try await openDatabase(config.databaseLocation, logger: makeLogger(label))
    do {
        if let pg = db as? PostgresDatabase {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await pg.run() }
                defer { group.cancelAll() }
                try await Task.sleep(nanoseconds: 20_000_000)
                try await body(db)
            }
        } else {
            try await body(db)
        }
    } catch {
        await db.close()
        throw error
    }
    await db.close()
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
            var found = false
            try await withDatabase(config, label: "kafae.user") { db in
                found = try await AdminTasks.resetPassword(db: db, email: email, password: password, cost: config.bcryptCost)
            }
            guard found else { throw ValidationError("No user has the e-mail \(email).") }
            print("Password changed for \(email); their sign-ins were revoked.")
        }
    }
}

/// The organization a command acts on, and the owner the administrator acts as (through the same services as HTTP).
func actingOwner(_ exchange: ExchangeService, _ id: String?) async throws -> Caller {
    guard let id, let orgId = UUID(uuidString: id) else { throw ValidationError("Give --organization with the organization's id (see GET /api/v1/me).") }
    guard let owner = try await exchange.actingOwner(of: orgId) else {
        throw ValidationError("No organization \(id) with an owner on this database.")
    }
    return owner
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
            var report = ImportReport()
            try await withDatabase(config, label: "kafae.import") { db in
                try await Migrator.migrate(db)
                let exchange = ExchangeService(db: db)
                let owner = try await actingOwner(exchange, organization)
                let bar = ProgressBar()
                report = try await exchange.importCQI(owner, csv: String(decoding: data, as: UTF8.self), progress: { bar.update($0, $1) })
            }
            print("Imported \(report.imported), skipped \(report.skipped) already imported, \(report.errors.count) rows with errors.")
            for e in report.errors {
                let p = e.payload(language: .en)
                let fields = p.details.map(\.field).joined(separator: ", ")
                print("  line \(e.line): \(p.messageEn)\(fields.isEmpty ? "" : " (\(fields))") [\(p.code)]")
            }
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
            var report: Backup.RestoreReport?
            try await withDatabase(config, label: "kafae.import") { db in
                try await Migrator.migrate(db)
                do {
                    report = try await ExchangeService(db: db).restore(backup, ownerEmail: ownerEmail)
                } catch let e as KafaeError where e.code == "member.not_found" {
                    throw ValidationError("No user has the e-mail \(ownerEmail ?? "").")
                }
            }
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
        var text = ""
        try await withDatabase(config, label: "kafae.export") { db in
            let exchange = ExchangeService(db: db)
            text = try await exchange.backup(try await actingOwner(exchange, organization)).jsonString()
        }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            FileHandle.standardError.write(Data("Wrote \(output)\n".utf8))
        } else {
            print(text)
        }
    }
}
