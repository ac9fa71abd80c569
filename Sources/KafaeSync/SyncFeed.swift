import Foundation
import KafaeDomain
import KafaeStore
import SQLKit

/// The pull side: an opaque cursor over the commit-ordered change sequence, and conflicts for people to settle.
extension SyncService {
    /// `c1.<organization>.<schema>.<seq>`, base64url: the organization and schema let the server tell a client to
    /// start over when either changed.
    static func encodeCursor(org: UUID, seq: Int64) -> String {
        let text = "c1.\(org.text).\(Migrator.latestVersion).\(seq)"
        return Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeCursor(_ cursor: String) -> (org: String, schema: Int, seq: Int64)? {
        var b64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".")
        guard parts.count == 4, parts[0] == "c1", let schema = Int(parts[2]), let seq = Int64(parts[3]), seq >= 0 else { return nil }
        return (String(parts[1]), schema, seq)
    }

    public func pull(_ caller: SyncCaller, cursor: String?, limit: Int) async throws -> JSONValue {
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
        let (changes, horizon, current) = try await db.read { sql in
            (try await SyncRepository.changes(sql, organizationId: org, after: start, limit: limit + 1),
             try await SyncRepository.horizon(sql), try await SyncRepository.currentSeq(sql))
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

    public func conflicts(_ caller: SyncCaller, names: [String: String]) async throws -> JSONValue {
        try caller.require(.recordsRead)
        let org = caller.organizationId
        let rows = try await db.read { sql in try await SyncRepository.openConflicts(sql, organizationId: org) }
        return .object(["items": .array(rows.map { Self.render($0, names: names) })])
    }

    static func render(_ c: ConflictRow, names: [String: String]) -> JSONValue {
        let actorId = c.actor.split(separator: ":").last.map(String.init) ?? ""
        var who: [String: JSONValue] = ["actor": .string(c.actor)]
        if c.actor.hasPrefix("user:") {
            who["userId"] = .string(actorId)
            who["name"] = names[actorId].map(JSONValue.string) ?? .null
        }
        if let d = c.deviceId { who["deviceId"] = .string(d) }
        return .object([
            "id": .string(c.id.text), "entity": .string(c.entity), "recordId": .string(c.recordId.text), "kind": .string(c.kind),
            "fields": c.fields, "baseVersion": c.baseVersion.map { .number(Double($0)) } ?? .null,
            "serverVersion": .number(Double(c.serverVersion)), "who": .object(who), "when": .string(Clock.iso(ms: c.createdAt)),
            "clientTime": c.clientTime.map(JSONValue.string) ?? .null, "mutationId": c.mutationId.map(JSONValue.string) ?? .null,
        ])
    }

    /// Settles a conflict: `theirs` keeps the server's values, `mine` applies the held client values (restoring a
    /// deleted record, or deleting an edited one), `values` applies the given fields. Each is an ordinary,
    /// versioned change that every device pulls.
    public func resolve(_ caller: SyncCaller, id: UUID, body: [String: JSONValue]) async throws -> JSONValue {
        var r = FieldReader(body, allowed: ["choice", "fields"])
        let choice = r.oneOf("choice", ["mine", "theirs", "values"], required: true)
        var given: [String: JSONValue] = [:]
        if choice == "values" {
            if let f = body["fields"]?.objectValue { given = f } else { r.add(.required("fields")) }
        }
        try r.finish()
        let org = caller.organizationId
        return try await db.write { sql in
            guard let c = try await SyncRepository.conflict(sql, organizationId: org, id: id), c.resolvedAt == nil else {
                throw KafaeError("sync.conflict_not_found")
            }
            guard let entity = SyncedEntities.named(c.entity) else { throw KafaeError("sync.conflict_not_found") }
            let now = Clock.nowMs()
            let record = try await self.settle(entity, sql, caller, c, choice: choice!, given: given, now: now)
            try await SyncRepository.resolveConflict(sql, id: c.id, by: caller.actor, resolution: choice!, now: now)
            var out: [String: JSONValue] = ["id": .string(c.id.text), "resolution": .string(choice!)]
            if let record { out["record"] = Self.change(c.entity, record) }
            return .object(out)
        }
    }

    func settle<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, _ caller: SyncCaller, _ c: ConflictRow, choice: String,
                                 given: [String: JSONValue], now: Int64) async throws -> StoredRecord? {
        try caller.require(E.writePermission)
        let ctx = WriteContext(sql: sql, organizationId: caller.organizationId, actor: caller.actor, now: now)
        guard let current = try await RecordRepository.find(E.self, sql, organizationId: caller.organizationId, id: c.recordId, includeDeleted: true)
        else { return nil }
        let mine = (c.fields.objectValue ?? [:]).compactMapValues { $0.objectValue?["mine"] }
        switch (choice, c.kind) {
        case ("theirs", _):
            return current
        case ("mine", "deleteEdited"):
            return current.deletedAt == nil ? try await RecordWriter.delete(E.self, ctx, existing: current) : current
        case ("mine", "editDeleted"), ("values", "editDeleted"):
            guard current.deletedAt != nil else {
                return try await RecordWriter.update(E.self, ctx, existing: current, change: choice == "mine" ? mine : given)
            }
            return try await RecordWriter.restore(E.self, ctx, tombstone: current, change: choice == "mine" ? mine : given)
        default:
            let change = choice == "mine" ? mine : given
            guard current.deletedAt == nil else { return try await RecordWriter.restore(E.self, ctx, tombstone: current, change: change) }
            return try await RecordWriter.update(E.self, ctx, existing: current, change: change)
        }
    }
}
