import Foundation
import KafaeDomain
import KafaeStore
import KafaeSync
import Logging

/// Sync benchmark (issue "Offline sync"): for each engine, the initial pull of 10,000 records and 1,000 mutations
/// pushed in batches of 100. Prints figures; `bench/sync/run.sh` starts PostgreSQL and builds in release mode.
@main
struct SyncBench {
    static let records = Int(ProcessInfo.processInfo.environment["KAFAE_BENCH_RECORDS"] ?? "") ?? 10_000
    static let mutations = 1_000
    static let batch = 100

    static func main() async throws {
        var logger = Logger(label: "kafae.bench")
        logger.logLevel = .error
        print(machine())
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kafae-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let sqlite = try await SQLiteDatabase.open(path: dir.appendingPathComponent("bench.sqlite").path, logger: logger)
        try await run(sqlite)
        await sqlite.close()
        try? FileManager.default.removeItem(at: dir)
        if let url = ProcessInfo.processInfo.environment["KAFAE_BENCH_DATABASE_URL"] {
            let pg = try PostgresDatabase(url: url, logger: logger)
            let task = Task { await pg.run() }
            try await Task.sleep(nanoseconds: 50_000_000)
            try await run(pg)
            task.cancel()
        } else {
            print("postgres: skipped (set KAFAE_BENCH_DATABASE_URL to an empty database, or use bench/sync/run.sh)")
        }
    }

    static func machine() -> String {
        let p = ProcessInfo.processInfo
        var cpu = ""
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            cpu = line.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        return "machine: \(p.activeProcessorCount) cores (\(cpu)), \(p.physicalMemory / 1_073_741_824) GiB, \(p.operatingSystemVersionString); \(build) build"
    }

    static func run(_ db: any Database) async throws {
        try await Migrator.migrate(db)
        let org = UUID(), user = UUID()
        try await db.write { sql in
            try await AccountRepository.insertOrganization(sql, id: org, name: "Bench", now: 1)
            try await AccountRepository.insertUser(sql, id: user, email: "\(user.text)@bench", name: "B", passwordHash: "x", now: 1)
            try await AccountRepository.insertMembership(sql, organizationId: org, userId: user, role: .owner, now: 1)
        }
        let actor = ActorRef(kind: .user, id: user)
        let caller = Caller(organizationId: org, actor: actor, role: .owner, scope: nil)
        // Seed records in transactions of 500.
        var ids: [UUID] = []
        for start in stride(from: 0, to: records, by: 500) {
            let chunk = (start..<min(start + 500, records)).map { _ in UUID() }
            ids += chunk
            try await db.write { sql in
                let ctx = WriteContext(sql: sql, organizationId: org, actor: actor, now: Clock.nowMs())
                for (i, id) in chunk.enumerated() {
                    _ = try await RecordWriter.create(Farm.self, ctx, id: id, input: [
                        "name": .string("Farm \(start + i)"), "province": .string(["Chiang Rai", "Chiang Mai", "Nan", "Chumphon"][i % 4]),
                        "altitudeM": .number(Double(800 + i % 900)), "owner": .string("Owner \(i % 97)"),
                    ])
                }
            }
        }
        let service = SyncService(db: db)
        // Initial pull, 1,000 per page.
        var cursor: String?
        var bytes = 0, pulled = 0
        let pullStart = ContinuousClock.now
        repeat {
            let page = try await service.pull(caller, cursor: cursor, limit: 1000)
            bytes += page.jsonString().utf8.count
            pulled += page.objectValue?["changes"]?.arrayValue?.count ?? 0
            cursor = page.objectValue?["cursor"]?.stringValue
            if page.objectValue?["hasMore"]?.boolValue != true { break }
        } while true
        let pullTime = ContinuousClock.now - pullStart
        // 1,000 mutations in batches of 100: edits of existing records.
        var seq = 0
        let pushStart = ContinuousClock.now
        for b in 0..<(mutations / batch) {
            var list: [JSONValue] = []
            for i in 0..<batch {
                seq += 1
                list.append(.object(["seq": .number(Double(seq)), "entity": .string("farm"), "op": .string("upsert"),
                                     "recordId": .string(ids[(b * batch + i) % ids.count].text), "baseVersion": .number(1),
                                     "fields": .object(["notes": .string("bench \(seq)")])]))
            }
            let r = try await service.push(caller, body: ["deviceId": .string("bench"), "mutations": .array(list)])
            precondition(r.objectValue?["lastMutationSeq"]?.numberValue == Double(seq))
        }
        let pushTime = ContinuousClock.now - pushStart
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        print(String(format: "%@: initial pull of %d records: %.2f s, %.1f MB (%d bytes); push of %d mutations in batches of %d: %.2f s, %.0f mutations/s",
                     db.engine.rawValue, pulled, seconds(pullTime), Double(bytes) / 1_048_576, bytes, mutations, batch,
                     seconds(pushTime), Double(mutations) / seconds(pushTime)))
    }
}
