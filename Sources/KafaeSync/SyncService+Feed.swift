import Foundation
import KafaeDomain
import KafaeStore
import SQLKit

/// The pull side: an opaque cursor over the commit-ordered change sequence, and conflicts for people to settle.
extension SyncService {
    /// `c1.<organization>.<schema>.<seq>`, base64url: the organization and schema let the server tell a client to
    /// start over when either changed.
    static func encodeCursor(org: UUID, seq: Int64) -> String {
        Base64URL.encode("c1.\(org.text).\(Migrator.latestVersion).\(seq)")
    }

    static func decodeCursor(_ cursor: String) -> (org: String, schema: Int, seq: Int64)? {
        guard let text = Base64URL.decodeText(cursor) else { return nil }
        let parts = text.split(separator: ".")
        guard parts.count == 4, parts[0] == "c1", let schema = Int(parts[2]), let seq = Int64(parts[3]), seq >= 0 else { return nil }
        return (String(parts[1]), schema, seq)
    }

    public func pull(_ caller: Caller, cursor: String?, limit: Int) async throws -> JSONValue {
        try caller.require(.recordsRead)
        let org = caller.organizationId
        var after: Int64 = 0
        if let cursor {
            guard let c = Self.decodeCursor(cursor) else {
                throw KafaeError("request.invalid_query", params: ["field": "cursor"], details: [.format("cursor", "cursor")])
            }
            if c.org != org.text { throw KafaeError("sync.reset", params: ["reason": "scope"]) }
            if c.schema != Migrator.latestVersion { throw KafaeError("sync.reset", params: ["reason": "schema"]) }
            after = c.seq
        }
        let start = after
        let hook = betweenPullReads
        let (changes, horizon, current) = try await db.read { sql in
            let watermark = try await SyncRepository.committedSeq(sql)
            let changes = try await SyncRepository.changes(sql, organizationId: org, after: start, upTo: watermark, limit: limit + 1,
                                                           afterTable: hook)
            // After the tables: tombstones collected while they were read have moved the horizon, and this cursor
            // must then reset rather than pass the deletions it did not see.
            let horizon = try await SyncRepository.horizon(sql)
            return (changes, horizon, watermark)
        }
        if after > 0 && after < horizon { throw KafaeError("sync.reset", params: ["reason": "expired"]) }
        if after > current { throw KafaeError("sync.reset", params: ["reason": "restored"]) }
        let page = Array(changes.prefix(limit))
        let next = page.last?.record.changeSeq ?? after
        return .object([
            "changes": .array(page.map { Self.change($0.entity, $0.record) }),
            "cursor": .string(Self.encodeCursor(org: org, seq: next)),
            "hasMore": .bool(changes.count > limit),
        ])
    }

    /// A page of conflicts (`state` open by default). Member names are given only to callers who may see members
    /// (`names` is empty otherwise); ids are always there.
    public func conflicts(_ caller: Caller, names: [String: String], state: SyncRepository.ConflictState = .open,
                          cursor: String? = nil, limit: Int = 50) async throws -> JSONValue {
        try caller.require(.recordsRead)
        let org = caller.organizationId
        let position = try ListCursor.parse(query: cursor)
        let rows = try await db.read { sql in
            try await SyncRepository.conflicts(sql, organizationId: org, state: state, after: position, limit: limit + 1)
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { ListCursor(createdAt: $0.createdAt, id: $0.id.text).encoded } : nil
        return .object(["items": .array(page.map { Self.render($0, names: names) }), "nextCursor": next.map(JSONValue.string) ?? .null])
    }

    static func who(_ actor: String, names: [String: String]) -> [String: JSONValue] {
        var who: [String: JSONValue] = ["actor": .string(actor)]
        if actor.hasPrefix("user:") {
            let id = String(actor.dropFirst("user:".count))
            who["userId"] = .string(id)
            who["name"] = names[id].map(JSONValue.string) ?? .null
        }
        return who
    }

    static func render(_ c: ConflictRow, names: [String: String]) -> JSONValue {
        var who = Self.who(c.actor, names: names)
        if let d = c.deviceId { who["deviceId"] = .string(d) }
        var out: [String: JSONValue] = [
            "id": .string(c.id.text), "entity": .string(c.entity), "recordId": .string(c.recordId.text), "kind": .string(c.kind.rawValue),
            "fields": c.fields, "baseVersion": c.baseVersion.map { .number(Double($0)) } ?? .null,
            "serverVersion": .number(Double(c.serverVersion)), "who": .object(who), "when": .string(Clock.iso(ms: c.createdAt)),
            "clientTime": c.clientTime.map(JSONValue.string) ?? .null, "mutationId": c.mutationId.map(JSONValue.string) ?? .null,
            "state": .string(c.resolvedAt == nil ? "open" : "resolved"),
        ]
        if let at = c.resolvedAt {
            out["resolvedAt"] = .string(Clock.iso(ms: at))
            out["resolution"] = c.resolution.map { .string($0.rawValue) } ?? .null
            out["resolvedBy"] = c.resolvedBy.map { .object(Self.who($0, names: names)) } ?? .null
        }
        return .object(out)
    }

    /// Settles a conflict: `theirs` keeps the server's values, `mine` applies the held client values (restoring a
    /// deleted record, or deleting an edited one), `values` applies the given fields. Each is an ordinary,
    /// versioned change that every device pulls.
    public func resolve(_ caller: Caller, id: UUID, body: [String: JSONValue]) async throws -> JSONValue {
        var r = FieldReader(body, allowed: ["choice", "fields"])
        let choice = r.oneOf("choice", ResolutionChoice.allCases.map(\.rawValue), required: true).flatMap(ResolutionChoice.init(rawValue:))
        var given: [String: JSONValue] = [:]
        if choice == .values {
            if let f = body["fields"]?.objectValue { given = f } else { r.add(.required("fields")) }
        }
        try r.finish()
        guard let choice else { throw KafaeError.validation(r.issues) }
        let org = caller.organizationId
        let values = given
        return try await db.writeRecords { sql in
            guard let c = try await SyncRepository.conflict(sql, organizationId: org, id: id), c.resolvedAt == nil else {
                throw KafaeError("sync.conflict_not_found")
            }
            guard let entity = SyncedEntities.named(c.entity) else { throw KafaeError("sync.conflict_not_found") }
            let now = Clock.nowMs()
            let record = try await self.settle(entity, sql, caller, c, choice: choice, given: values, now: now)
            let resolution = ConflictResolution(choice)
            try await SyncRepository.resolveConflict(sql, id: c.id, by: caller.actor, resolution: resolution, now: now)
            var out: [String: JSONValue] = ["id": .string(c.id.text), "resolution": .string(resolution.rawValue)]
            if let record { out["record"] = Self.change(c.entity, record) }
            return .object(out)
        }
    }

    func settle<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, _ caller: Caller, _ c: ConflictRow, choice: ResolutionChoice,
                                 given: [String: JSONValue], now: Int64) async throws -> StoredRecord? {
        try caller.require(E.writePermission)
        let ctx = WriteContext(sql: sql, organizationId: caller.organizationId, actor: caller.actor, now: now)
        guard let current = try await RecordRepository.find(E.self, sql, organizationId: caller.organizationId, id: c.recordId, includeDeleted: true)
        else { return nil }
        let mine = (c.fields.objectValue ?? [:]).compactMapValues { $0.objectValue?["mine"] }
        switch (choice, c.kind) {
        case (.theirs, _):
            return current
        case (.mine, .deleteEdited):
            return current.deletedAt == nil ? try await RecordWriter.delete(E.self, ctx, existing: current) : current
        case (.mine, .editDeleted), (.values, .editDeleted):
            let change = choice == .mine ? mine : given
            guard current.deletedAt != nil else { return try await RecordWriter.update(E.self, ctx, existing: current, change: change) }
            return try await RecordWriter.restore(E.self, ctx, tombstone: current, change: change)
        case (.mine, .field), (.values, .field), (.values, .deleteEdited):
            let change = choice == .mine ? mine : given
            guard current.deletedAt == nil else { return try await RecordWriter.restore(E.self, ctx, tombstone: current, change: change) }
            return try await RecordWriter.update(E.self, ctx, existing: current, change: change)
        }
    }
}
