import Foundation
import KafaeDomain
import KafaeStore
import KafaeSync
import KafaeTestSupport
import XCTest

/// Counts across tasks: the mutations a push applied before the test cuts it short.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The count after this call.
    func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}

/// One simulated phone: a local copy of the organization's farms, an outbox, a cursor.
final class Device {
    let id: String
    let userId: UUID
    var seq: Int64 = 0
    /// Mutations not yet acknowledged; `sent` ones were pushed (perhaps their answer was lost) and are resent as they are.
    var outbox: [(mutation: [String: JSONValue], sent: Bool)] = []
    /// Record id → (fields, server version) as this device last saw them.
    var local: [String: (fields: [String: JSONValue], version: Int64)] = [:]
    var cursor: String?
    var online = true
    /// Versions of records this device knows were deleted, so an old answer never brings them back.
    var tombstones: [String: Int64] = [:]
    var history: [String: [String]] = [:]
    /// Every mutation this device made, and the server's final answer to it.
    var made: [String: [String: JSONValue]] = [:]
    var answers: [String: JSONValue] = [:]

    init(id: String, userId: UUID) {
        self.id = id
        self.userId = userId
    }

    /// Takes a record state from the server unless this device already has a newer one: a resent push can
    /// answer with the record as it was when the mutation was first applied.
    func receive(_ change: [String: JSONValue]) {
        guard let id = change["id"]?.stringValue, let v = change["version"]?.numberValue.map({ Int64($0) }) else { return }
        let known = max(local[id]?.version ?? 0, tombstones[id] ?? 0)
        history[id, default: []].append("v\(v) deleted=\(change["deleted"]?.boolValue ?? false) known=\(known)")
        guard v >= known else { return }
        if change["deleted"]?.boolValue == true {
            local[id] = nil
            tombstones[id] = v
        } else {
            local[id] = (change["fields"]?.objectValue ?? [:], v)
        }
    }
}

/// DESIGN §6's proof: devices edit, go offline, lose push answers, see the server fail mid-push and roles change;
/// at the end every device equals a fresh pull, and every edit was applied or is held in a conflict record.
final class ConvergenceTests: XCTestCase {
    func testRandomizedDevicesConverge() async throws {
        let seed = ProcessInfo.processInfo.environment["KAFAE_SYNC_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max / 2)
        print("sync convergence seed: \(seed) (rerun with KAFAE_SYNC_SEED=\(seed))")
        try await TestDatabases.each { t in
            try await self.run(t.db, seed: seed, steps: 260)
        }
    }

    static let fields = ["name", "altitudeM", "owner", "district", "notes"]
    static let lotFields = ["variety", "notes", "weightKg", "process"]
    /// Which entity each record is, across all devices.
    var entityOf: [String: String] = [:]

    func value(_ field: String, _ rng: inout SeededRandom) -> JSONValue {
        switch field {
        case "weightKg": return .number(Double(Int.random(in: 1...900, using: &rng)))
        case "process": return .string(["washed", "natural", "honeyRed", "anaerobic"].randomElement(using: &rng)!)
        case "variety": return .string(["Typica", "Catimor", "Geisha", "SL28"].randomElement(using: &rng)!)
        case "altitudeM": return .number(Double(Int.random(in: 300...2200, using: &rng)))
        case "name": return .string("Farm \(Int.random(in: 1...99, using: &rng))")
        default: return Int.random(in: 0..<6, using: &rng) == 0 ? .null : .string("\(field) \(Int.random(in: 1...999, using: &rng))")
        }
    }

    func run(_ db: any Database, seed: UInt64, steps: Int) async throws {
        var rng = SeededRandom(state: seed)
        let org = UUID(), owner = UUID(), worker = UUID()
        try await db.write { sql in
            try await AccountRepository.insertOrganization(sql, id: org, name: "Co-op", now: 1)
            for (u, role) in [(owner, Role.owner), (worker, .field)] {
                try await AccountRepository.insertUser(sql, id: u, email: "\(u.text)@example.com", name: "U", passwordHash: "x", now: 1)
                try await AccountRepository.insertMembership(sql, organizationId: org, userId: u, role: role, now: 1)
            }
        }
        var roles: [UUID: Role] = [owner: .owner, worker: .field]
        let devices = [Device(id: "owner-phone", userId: owner), Device(id: "owner-tablet", userId: owner),
                       Device(id: "worker-phone", userId: worker), Device(id: "worker-old-phone", userId: worker)]
        func caller(_ d: Device) -> Caller {
            let role = roles[d.userId]!
            return Caller.member(d.userId, role: role, in: org)
        }
        // Mutations pushed while their author was a viewer: these alone may be rejected.
        var viewerMutations = Set<String>()

        func queue(_ d: Device, entity: String = "farm", op: String, record: String, fields: [String: JSONValue]) {
            // A change to a record whose earlier change has not left the phone yet is folded into it.
            if op == "upsert", let i = d.outbox.lastIndex(where: { !$0.sent && $0.mutation["recordId"]?.stringValue == record }),
               d.outbox[i].mutation["op"]?.stringValue == "upsert", case .object(var f)? = d.outbox[i].mutation["fields"] {
                for (k, v) in fields { f[k] = v }
                d.outbox[i].mutation["fields"] = .object(f)
                d.made[d.outbox[i].mutation["mutationId"]!.stringValue!] = d.outbox[i].mutation
                return
            }
            d.seq += 1
            let base: JSONValue = d.local[record].map { $0.version > 0 ? .number(Double($0.version)) : .number(1) } ?? .null
            let m: [String: JSONValue] = ["seq": .number(Double(d.seq)), "mutationId": .string(UUID().uuidString), "entity": .string(entity),
                                          "op": .string(op), "recordId": .string(record), "baseVersion": base, "fields": .object(fields)]
            d.outbox.append((m, false))
            d.made[m["mutationId"]!.stringValue!] = m
        }

        func push(_ d: Device, loseAnswer: Bool, failAfter: Int?) async throws {
            guard !d.outbox.isEmpty else { return }
            for i in d.outbox.indices { d.outbox[i].sent = true }
            if roles[d.userId] == .viewer { for o in d.outbox { viewerMutations.insert(o.mutation["mutationId"]!.stringValue!) } }
            let applied = Counter()
            let service = SyncService(db: db, beforeApply: failAfter.map { limit in { @Sendable _ in
                if applied.next() > limit { throw KafaeError("service.unavailable") }
            } })
            let body: [String: JSONValue] = ["deviceId": .string(d.id), "mutations": .array(d.outbox.map { .object($0.mutation) })]
            let response: JSONValue
            do {
                response = try await service.push(caller(d), body: body)
            } catch let e as KafaeError where e.code == "service.unavailable" {
                return // the server went down mid-push: the phone keeps its outbox and tries again later
            }
            if loseAnswer { return }
            for r in response.objectValue?["results"]?.arrayValue ?? [] {
                guard let o = r.objectValue, let id = o["mutationId"]?.stringValue ?? d.outbox.first(where: {
                    $0.mutation["seq"] == o["seq"] })?.mutation["mutationId"]?.stringValue else { continue }
                d.answers[id] = r
                if let rec = o["record"]?.objectValue { d.receive(rec) }
            }
            let last = Int64(response.objectValue?["lastMutationSeq"]?.numberValue ?? 0)
            d.outbox.removeAll { Int64($0.mutation["seq"]!.numberValue!) <= last }
        }

        func pull(_ d: Device) async throws {
            let service = SyncService(db: db)
            while true {
                let page = try await service.pull(caller(d), cursor: d.cursor, limit: Int.random(in: 1...40, using: &rng)).objectValue!
                for c in page["changes"]!.arrayValue! { d.receive(c.objectValue!) }
                d.cursor = page["cursor"]!.stringValue!
                if page["hasMore"]!.boolValue! == false { break }
            }
        }

        for _ in 0..<steps {
            let d = devices.randomElement(using: &rng)!
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<14:
                var f: [String: JSONValue] = ["name": value("name", &rng)]
                for k in Self.fields.dropFirst() where Bool.random(using: &rng) { f[k] = value(k, &rng) }
                let id = UUID().uuidString.lowercased()
                entityOf[id] = "farm"
                queue(d, op: "upsert", record: id, fields: f.filter { !$0.value.isNull })
            case 14..<20:
                var f: [String: JSONValue] = ["species": .string("arabica"), "stage": .string("green")]
                for k in Self.lotFields where Bool.random(using: &rng) { f[k] = value(k, &rng) }
                let id = UUID().uuidString.lowercased()
                entityOf[id] = "lot"
                queue(d, entity: "lot", op: "upsert", record: id, fields: f.filter { !$0.value.isNull })
            case 20..<55:
                guard let id = d.local.keys.randomElement(using: &rng) else { continue }
                let entity = entityOf[id] ?? "farm"
                var f: [String: JSONValue] = [:]
                for k in (entity == "lot" ? Self.lotFields : Self.fields) where Int.random(in: 0..<3, using: &rng) == 0 { f[k] = value(k, &rng) }
                if f.isEmpty { f["notes"] = value("notes", &rng) }
                if f["name"] == .null { f["name"] = value("name", &rng) }
                queue(d, entity: entity, op: "upsert", record: id, fields: f)
            case 55..<62:
                guard let id = d.local.keys.randomElement(using: &rng) else { continue }
                queue(d, entity: entityOf[id] ?? "farm", op: "delete", record: id, fields: [:])
                d.local[id] = nil
                d.history[id, default: []].append("local delete")
            case 62..<70:
                d.online.toggle()
            case 70..<73:
                // The owner changes the worker's role mid-stream.
                let next: Role = roles[worker] == .field ? .viewer : .field
                try await db.write { sql in try await AccountRepository.setRole(sql, organizationId: org, userId: worker, role: next) }
                roles[worker] = next
            case 73..<80:
                // Two phones push at once (concurrent transactions), a third pulls meanwhile.
                let a = devices[0], b = devices[2], c = devices[3]
                guard a.online, b.online else { continue }
                async let pa: Void = push(a, loseAnswer: false, failAfter: nil)
                async let pb: Void = push(b, loseAnswer: false, failAfter: nil)
                try await pull(c)
                _ = try await (pa, pb)
            default:
                guard d.online else { continue }
                let lose = Int.random(in: 0..<5, using: &rng) == 0
                let fail = Int.random(in: 0..<6, using: &rng) == 0 ? Int.random(in: 0...2, using: &rng) : nil
                try await push(d, loseAnswer: lose, failAfter: fail)
                try await pull(d)
            }
        }

        // Everyone comes back online with their role restored and syncs until nothing is left.
        try await db.write { sql in try await AccountRepository.setRole(sql, organizationId: org, userId: worker, role: .field) }
        roles[worker] = .field
        for d in devices { d.online = true }
        for _ in 0..<3 {
            for d in devices {
                var rounds = 0
                while !d.outbox.isEmpty && rounds < 10 {
                    try await push(d, loseAnswer: false, failAfter: nil)
                    rounds += 1
                }
                XCTAssertTrue(d.outbox.isEmpty, "\(d.id) still has \(d.outbox.count) unacknowledged mutations")
            }
        }
        for d in devices { try await pull(d) }

        // 1. Every device equals a fresh pull.
        let fresh = Device(id: "fresh", userId: owner)
        try await pull(fresh)
        for d in devices {
            XCTAssertEqual(d.local.count, fresh.local.count, "\(d.id) has \(d.local.count) records, a fresh pull \(fresh.local.count) (seed \(seed))")
            for (id, rec) in fresh.local {
                if d.local[id] == nil, ProcessInfo.processInfo.environment["KAFAE_SYNC_DEBUG"] != nil {
                    let made = devices.compactMap { dev in dev.made.values.contains { $0["recordId"]?.stringValue == id } ? dev.id : nil }
                            print("MISSING \(id) on \(d.id): made by \(made), tombstone \(d.tombstones[id] ?? -1), history \(d.history[id] ?? [])")
                }
                XCTAssertEqual(d.local[id]?.version, rec.version, "\(d.id) \(id) (seed \(seed))")
                XCTAssertEqual(d.local[id]?.fields, rec.fields, "\(d.id) \(id) (seed \(seed))")
            }
        }
        // 2. Every edit was applied, or its values are held in a conflict record; only a viewer's are rejected.
        let conflicts = try await db.read { sql in
            try await sql.raw("SELECT id, fields FROM sync_conflicts WHERE organization_id = \(bind: org.text)").all()
        }
        var held: [String: [String: JSONValue]] = [:]
        for row in conflicts {
            let f = try JSONValue.parse(Data(try row.decode(column: "fields", as: String.self).utf8)).objectValue ?? [:]
            held[try row.decode(column: "id", as: String.self)] = f
        }
        var counts: [String: Int] = [:]
        for d in devices {
            for (id, m) in d.made {
                guard let answer = d.answers[id]?.objectValue, let status = answer["status"]?.stringValue else {
                    XCTFail("\(d.id): mutation \(id) never answered (seed \(seed))"); continue
                }
                counts[status, default: 0] += 1
                let fields = m["fields"]?.objectValue ?? [:]
                switch status {
                case "applied":
                    if m["op"]?.stringValue == "upsert", let stored = answer["record"]?.objectValue?["fields"]?.objectValue {
                        for (k, v) in fields where stored[k] != nil || !v.isNull {
                            // A later change of the same mutation round may have moved on; the answer is the record at this version.
                            XCTAssertEqual(stored[k] ?? .null, v, "\(d.id) applied \(k) (seed \(seed))")
                        }
                    }
                case "merged", "conflict":
                    let cid = try XCTUnwrap(answer["conflictId"]?.stringValue, "seed \(seed)")
                    let c = try XCTUnwrap(held[cid], "conflict \(cid) is kept (seed \(seed))")
                    let stored = answer["record"]?.objectValue?["fields"]?.objectValue ?? [:]
                    for (k, v) in fields {
                        if let kept = c[k]?.objectValue?["mine"] {
                            XCTAssertEqual(kept, v, "\(d.id) held \(k) (seed \(seed))")
                        } else if m["op"]?.stringValue == "upsert", answer["record"]?.objectValue?["deleted"]?.boolValue != true {
                            XCTAssertEqual(stored[k] ?? .null, v, "\(d.id) merged \(k) (seed \(seed))")
                        }
                    }
                case "rejected":
                    XCTAssertTrue(viewerMutations.contains(id), "\(d.id) mutation rejected without reason: \(answer) (seed \(seed))")
                default:
                    XCTFail("unknown status \(status)")
                }
            }
        }
        let lots = fresh.local.keys.filter { entityOf[$0] == "lot" }.count
        print("sync convergence [\(db.engine.rawValue)]: \(counts.sorted { $0.key < $1.key }), \(fresh.local.count - lots) farms, \(lots) lots, \(held.count) conflicts")
        XCTAssertGreaterThan(lots, 0)
        XCTAssertGreaterThan(counts["applied"] ?? 0, 20)
    }
}
