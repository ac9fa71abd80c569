import Foundation
import KafaeDomain
import KafaeStore
import SQLKit

/// The offline sync protocol of DESIGN §6: an idempotent, gapless per-device mutation log applied with a
/// field-aware three-way merge, and a commit-ordered change feed.
public final class SyncService: Sendable {
    public static let maxMutations = 500
    public static let maxPullLimit = 1000
    let db: any Database
    /// Called before each new mutation is applied, with its seq; a test throws from it to cut a push short
    /// (as a crash or a lost connection would).
    let beforeApply: (@Sendable (Int64) throws -> Void)?
    /// Called by a pull after it reads each entity's table; a test commits other changes from it.
    let betweenPullReads: (@Sendable (String) async throws -> Void)?

    public init(db: any Database, beforeApply: (@Sendable (Int64) throws -> Void)? = nil,
                betweenPullReads: (@Sendable (String) async throws -> Void)? = nil) {
        self.db = db
        self.beforeApply = beforeApply
        self.betweenPullReads = betweenPullReads
    }

    /// One mutation as sent.
    struct Mutation {
        let index: Int
        let seq: Int64
        let mutationId: String?
        let entity: String
        let op: SyncOp
        let recordId: UUID
        let baseVersion: Int64?
        let fields: [String: JSONValue]
        let clientTime: String?
    }

    // MARK: push

    public func push(_ caller: Caller, body: [String: JSONValue]) async throws -> JSONValue {
        var r = FieldReader(body, allowed: ["deviceId", "mutations"])
        let deviceId = r.string("deviceId", required: true, max: 100).value
        var mutations: [Mutation] = []
        switch body["mutations"] {
        case .array(let list)?:
            if list.count > Self.maxMutations {
                throw KafaeError("sync.too_many_mutations", params: ["max": String(Self.maxMutations), "count": String(list.count)])
            }
            for (i, item) in list.enumerated() {
                let at = "mutations[\(i)]"
                guard case .object(let o) = item else { r.add(.type(at, expected: "object")); continue }
                var mr = FieldReader(o, prefix: at + ".", allowed: ["seq", "mutationId", "entity", "op", "recordId", "baseVersion", "fields", "clientTime"])
                let seq = mr.integer("seq", required: true, in: 1...Int(Int32.max))
                let mutationId = mr.string("mutationId", max: 100).value
                let entity = mr.oneOf("entity", SyncedEntities.all.map { $0.entityName }, required: true)
                let op = mr.oneOf("op", SyncOp.allCases.map(\.rawValue), required: true).flatMap(SyncOp.init(rawValue:))
                let recordId = mr.uuid("recordId", required: true).value
                let base = mr.integer("baseVersion", in: 0...Int(Int32.max)).value
                let clientTime = mr.string("clientTime", max: 40).value
                var fields: [String: JSONValue] = [:]
                switch o["fields"] {
                case nil, .null?: break
                case .object(let f)?: fields = f
                case .some: mr.add(.type(mr.name("fields"), expected: "object"))
                }
                mr.issues.forEach { r.add($0) }
                if let seq = seq.value, let entity, let op, let recordId {
                    mutations.append(Mutation(index: i, seq: Int64(seq), mutationId: mutationId, entity: entity, op: op, recordId: recordId,
                                              baseVersion: base.map(Int64.init), fields: fields, clientTime: clientTime))
                }
            }
        case nil, .null?: r.add(.required("mutations"))
        case .some: r.add(.type("mutations", expected: "array"))
        }
        try r.finish()
        guard let deviceId else { throw KafaeError.validation(r.issues) }
        for (a, b) in zip(mutations, mutations.dropFirst()) where b.seq != a.seq + 1 {
            throw KafaeError("sync.batch_not_consecutive", details: [.init(field: "mutations[\(b.index)].seq", code: "format",
                                                                              params: ["format": "seq \(a.seq + 1)"])])
        }
        let org = caller.organizationId
        let device = try await db.read { sql in try await SyncRepository.device(sql, organizationId: org, deviceId: deviceId) }
        // A device id belongs to whoever first pushed under it: another member pushing under it would advance its
        // seq and the real device's mutations would then get junk answers and be lost.
        if let owner = device?.owner, owner != caller.actor.text { throw KafaeError("sync.device_taken") }
        let last = device?.lastSeq ?? 0
        if let first = mutations.first(where: { $0.seq > last }), first.seq != last + 1 {
            throw KafaeError("sync.seq_gap", params: ["expected": String(last + 1), "got": String(first.seq)],
                             headers: ["X-Expected-Seq": String(last + 1)])
        }

        var results: [JSONValue] = []
        var lastSeq = last
        for m in mutations {
            if m.seq <= last {
                let stored = try await db.read { sql in try await SyncRepository.result(sql, organizationId: org, deviceId: deviceId, seq: m.seq) }
                results.append(stored ?? .object(["seq": .number(Double(m.seq)), "status": .string("applied")]))
                continue
            }
            try beforeApply?(m.seq)
            let result = try await applyOnce(caller, deviceId: deviceId, m)
            results.append(result)
            lastSeq = m.seq
        }
        return .object(["results": .array(results), "lastMutationSeq": .number(Double(lastSeq))])
    }

    /// Applies one new mutation in its own transaction, advancing the device and storing the result with it.
    /// A rejected mutation rolls back to a savepoint and still advances (a poison mutation must not wedge the queue).
    func applyOnce(_ caller: Caller, deviceId: String, _ m: Mutation) async throws -> JSONValue {
        let org = caller.organizationId
        let userId = caller.actor.kind == .user ? caller.actor.id : nil
        let outcome = try await db.writeRecords { sql -> JSONValue? in
            let now = Clock.nowMs()
            switch try await SyncRepository.advance(sql, organizationId: org, deviceId: deviceId, owner: caller.actor.text, userId: userId,
                                                     to: m.seq, now: now) {
            case .advanced: break
            case .alreadyApplied: return nil
            case .foreignDevice: throw KafaeError("sync.device_taken")
            }
            try await sql.raw("SAVEPOINT kafae_mutation").run()
            var result: JSONValue
            do {
                result = try await self.apply(sql, caller, deviceId: deviceId, m, now: now)
                try await sql.raw("RELEASE SAVEPOINT kafae_mutation").run()
            } catch let e as KafaeError where e.status < 500 {
                try await sql.raw("ROLLBACK TO SAVEPOINT kafae_mutation").run()
                try await sql.raw("RELEASE SAVEPOINT kafae_mutation").run()
                var o: [String: JSONValue] = ["seq": .number(Double(m.seq)), "status": .string("rejected"), "error": Self.errorJSON(e),
                                              "version": .null]
                // The record as the server has it, so the device can undo its own optimistic change.
                if let entity = SyncedEntities.named(m.entity), let current = try await Self.current(entity, sql, org, m.recordId) {
                    o["version"] = .number(Double(current.version))
                    o["record"] = Self.change(m.entity, current)
                }
                result = .object(o)
            }
            if case .object(var o) = result, let id = m.mutationId { o["mutationId"] = .string(id); result = .object(o) }
            try await SyncRepository.storeResult(sql, organizationId: org, deviceId: deviceId, seq: m.seq, mutationId: m.mutationId,
                                                 result: result, now: now)
            return result
        }
        if let outcome { return outcome }
        // Another request from the same device applied it first: answer with what it stored.
        return try await db.read { sql in
            try await SyncRepository.result(sql, organizationId: org, deviceId: deviceId, seq: m.seq)
        } ?? .object(["seq": .number(Double(m.seq)), "status": .string("applied")])
    }

    static func current<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, _ org: UUID, _ id: UUID) async throws -> StoredRecord? {
        try await RecordRepository.find(E.self, sql, organizationId: org, id: id, includeDeleted: true)
    }

    static func errorJSON(_ e: KafaeError) -> JSONValue { ErrorPayload(e, language: nil).json }

    func apply(_ sql: any SQLDatabase, _ caller: Caller, deviceId: String, _ m: Mutation, now: Int64) async throws -> JSONValue {
        guard let entity = SyncedEntities.named(m.entity) else { throw KafaeError.validation([.oneOf("entity", SyncedEntities.all.map { $0.entityName })]) }
        return try await apply(entity, sql, caller, deviceId: deviceId, m, now: now)
    }

    func apply<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, _ caller: Caller, deviceId: String, _ m: Mutation, now: Int64) async throws -> JSONValue {
        try caller.require(E.writePermission)
        let ctx = WriteContext(sql: sql, organizationId: caller.organizationId, actor: caller.actor, now: now)
        let existing = try await RecordRepository.find(E.self, sql, organizationId: caller.organizationId, id: m.recordId, includeDeleted: true)
        func result(_ status: String, _ record: StoredRecord?, conflict: UUID? = nil) -> JSONValue {
            var o: [String: JSONValue] = ["seq": .number(Double(m.seq)), "status": .string(status)]
            if let record {
                o["version"] = .number(Double(record.version))
                o["record"] = Self.change(E.entityName, record)
            } else {
                o["version"] = .null
            }
            if let conflict { o["conflictId"] = .string(conflict.text) }
            return .object(o)
        }
        func conflict(_ kind: ConflictKind, _ held: [String: SyncMerge.Held], on record: StoredRecord) async throws -> UUID {
            let id = UUID()
            try await SyncRepository.insertConflict(sql, organizationId: caller.organizationId, ConflictRow(
                id: id, entity: E.entityName, recordId: record.id, kind: kind, fields: .object(held.mapValues(\.json)),
                baseVersion: m.baseVersion, serverVersion: record.version, deviceId: deviceId, mutationId: m.mutationId,
                actor: caller.actor.text, clientTime: m.clientTime, createdAt: now, resolvedAt: nil))
            return id
        }

        let change = m.op == .upsert ? E.clientInput(m.fields) : [:]
        let server = existing.map {
            SyncMerge.Record(fields: $0.fields, fieldVersions: $0.fieldVersions, version: $0.version, deleted: $0.deletedAt != nil)
        }
        switch (SyncMerge.decide(server: server, op: m.op, base: m.baseVersion, change: change), existing) {
        case (.nothing, _):
            return result("applied", existing)
        case (.create(let fields), _):
            if try await RecordRepository.exists(E.self, sql, id: m.recordId) { throw KafaeError("record.exists") }
            let created = try await RecordWriter.create(E.self, ctx, id: m.recordId, input: fields, prefix: "fields.")
            return result("applied", created)
        case (.delete, let existing?):
            let deleted = try await RecordWriter.delete(E.self, ctx, existing: existing)
            return result("applied", deleted)
        case (.applyAll(let fields), let existing?):
            let updated = try await RecordWriter.update(E.self, ctx, existing: existing, change: fields, prefix: "fields.")
            try await closeCovered(sql, caller, record: existing.id, fields: Set(fields.keys), now: now)
            return result("applied", updated)
        case (.merge(let take, let held), let existing?):
            let updated = try await RecordWriter.update(E.self, ctx, existing: existing, change: take, prefix: "fields.")
            guard !held.isEmpty else { return result("applied", updated) }
            let id = try await conflict(.field, held, on: updated)
            return result("merged", updated, conflict: id)
        case (.conflict(let kind, let held), let existing?):
            let id = try await conflict(kind, held, on: existing)
            return result("conflict", existing, conflict: id)
        case (.delete, nil), (.applyAll, nil), (.merge, nil), (.conflict, nil):
            // decide answers only .create or .nothing when there is no record.
            throw KafaeError("internal.error")
        }
    }

    /// An ordinary change on the current version that sets every field of an open conflict settles it.
    func closeCovered(_ sql: any SQLDatabase, _ caller: Caller, record: UUID, fields: Set<String>, now: Int64) async throws {
        for c in try await SyncRepository.openConflicts(sql, organizationId: caller.organizationId, recordId: record) where c.kind == .field {
            let keys = Set(c.fields.objectValue?.keys.map { $0 } ?? [])
            if !keys.isEmpty, keys.isSubset(of: fields) {
                try await SyncRepository.resolveConflict(sql, id: c.id, by: caller.actor, resolution: .superseded, now: now)
            }
        }
    }

    /// A record as the feed and push results carry it.
    static func change(_ entity: String, _ r: StoredRecord) -> JSONValue {
        var fields = r.fields
        if let e = SyncedEntities.named(entity) { for (k, v) in e.derived(r.fields) { fields[k] = v } }
        return .object([
            "entity": .string(entity), "id": .string(r.id.text), "version": .number(Double(r.version)),
            "deleted": .bool(r.deletedAt != nil), "fields": r.deletedAt == nil ? .object(fields) : .object([:]),
            "updatedAt": .string(Clock.iso(ms: r.updatedAt)), "updatedBy": r.updatedBy.map(JSONValue.string) ?? .null,
        ])
    }
}
