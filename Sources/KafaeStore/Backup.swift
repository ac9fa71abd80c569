import Foundation
import KafaeDomain
import SQLKit

/// A whole organization as JSON: its records (with ids and versions), lot links and members, for `kafae export`
/// and the owner's backup endpoint; `kafae import backup` restores it on another server.
public enum Backup {
    public static let format = "kafae-backup"
    public static let formatVersion = 1

    /// The synced entities a backup carries, parents before children.
    static var entities: [any SyncedEntity.Type] { SyncedEntities.all }

    public static func export(_ db: any Database, organizationId: UUID) async throws -> JSONValue {
        try await db.readSnapshot { sql in
            guard let org = try await AccountRepository.organization(sql, id: organizationId) else { throw KafaeError("organization.not_found") }
            var records: [String: JSONValue] = [:]
            for e in entities {
                records[e.entityName] = .array(try await all(e, sql, organizationId).map(encode))
            }
            let links = try await sql.raw("""
                SELECT child_id, parent_id, weight_kg, operation, created_at FROM lot_links
                WHERE organization_id = \(bind: organizationId.text) ORDER BY created_at, child_id, parent_id
                """).all().map { r -> JSONValue in
                    .object(["childId": .string(try r.decode(column: "child_id", as: String.self)),
                             "parentId": .string(try r.decode(column: "parent_id", as: String.self)),
                             "weightKg": .number(try r.decode(column: "weight_kg", as: Double.self)),
                             "operation": .string(try r.decode(column: "operation", as: String.self)),
                             "createdAt": .number(Double(try r.decode(column: "created_at", as: Int64.self)))])
                }
            let members = try await AccountRepository.members(sql, organizationId: organizationId).map { m -> JSONValue in
                .object(["email": .string(m.email), "name": .string(m.name), "role": .string(m.role.rawValue)])
            }
            return .object([
                "format": .string(format), "formatVersion": .number(Double(formatVersion)),
                "exportedAt": .string(Clock.iso(ms: Clock.nowMs())), "schemaVersion": .number(Double(Migrator.latestVersion)),
                "organization": .object(["id": .string(org.id.text), "name": .string(org.name), "createdAt": .number(Double(org.createdAt))]),
                "members": .array(members), "records": .object(records), "lotLinks": .array(links),
            ])
        }
    }

    static func all<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, _ org: UUID) async throws -> [StoredRecord] {
        try await sql.raw("""
            SELECT \(unsafeRaw: RecordRepository.selectColumns(e)) FROM \(ident: E.table)
            WHERE organization_id = \(bind: org.text) ORDER BY created_at, id
            """).all().map { try RecordRepository.decode(e, $0) }
    }

    static func encode(_ r: StoredRecord) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(r.id.text), "fields": .object(r.fields), "version": .number(Double(r.version)),
            "fieldVersions": .object(r.fieldVersions.mapValues { .number(Double($0)) }),
            "createdAt": .number(Double(r.createdAt)), "updatedAt": .number(Double(r.updatedAt)),
        ]
        if let d = r.deletedAt { o["deletedAt"] = .number(Double(d)) }
        if let b = r.createdBy { o["createdBy"] = .string(b) }
        if let b = r.updatedBy { o["updatedBy"] = .string(b) }
        return .object(o)
    }

    /// A whole number from a backup, or nil: a file is client data, and 1e19 or 1.5 must not trap a conversion.
    static func whole(_ v: JSONValue?) -> Int64? {
        guard let d = v?.numberValue, d.isFinite, d.rounded() == d, abs(d) < 9_007_199_254_740_992 else { return nil }
        return Int64(exactly: d)
    }

    /// What a restore did.
    public struct RestoreReport: Sendable, Equatable {
        public var organizationId: UUID
        public var records: [String: Int] = [:]
        public var membersLinked: [String] = []
        public var membersMissing: [String] = []
    }

    /// Restores a backup as a new organization (same id and name) in one transaction. `owner` becomes an owner even
    /// when the backup's members have no account here. Refuses when the organization already exists.
    public static func restore(_ db: any Database, backup: JSONValue, owner: UUID?) async throws -> RestoreReport {
        guard let root = backup.objectValue, root["format"]?.stringValue == format,
              let orgObject = root["organization"]?.objectValue, let orgId = orgObject["id"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let name = orgObject["name"]?.stringValue else {
            throw KafaeError("backup.invalid")
        }
        guard let version = Self.whole(root["formatVersion"] ?? .number(0)), version <= Int64(formatVersion) else { throw KafaeError("backup.newer") }
        return try await db.writeRecords { sql in
            if try await AccountRepository.organization(sql, id: orgId) != nil { throw KafaeError("backup.exists") }
            let now = Clock.nowMs()
            try await AccountRepository.insertOrganization(sql, id: orgId, name: name, now: Self.whole(orgObject["createdAt"]) ?? now)
            var report = RestoreReport(organizationId: orgId)
            var owners = 0
            for m in root["members"]?.arrayValue ?? [] {
                guard let o = m.objectValue, let email = o["email"]?.stringValue, let role = o["role"]?.stringValue.flatMap(Role.init) else { continue }
                guard let user = try await AccountRepository.user(sql, email: email) else {
                    report.membersMissing.append(email)
                    continue
                }
                // A member listed twice joins once.
                guard try await AccountRepository.membership(sql, organizationId: orgId, userId: user.id) == nil else { continue }
                try await AccountRepository.insertMembership(sql, organizationId: orgId, userId: user.id, role: role, now: now)
                report.membersLinked.append(email)
                if role == .owner { owners += 1 }
            }
            if let owner {
                if try await AccountRepository.membership(sql, organizationId: orgId, userId: owner) == nil {
                    try await AccountRepository.insertMembership(sql, organizationId: orgId, userId: owner, role: .owner, now: now)
                } else {
                    try await AccountRepository.setRole(sql, organizationId: orgId, userId: owner, role: .owner)
                }
                owners += 1
            }
            if owners == 0 { throw KafaeError("backup.no_owner") }
            let records = root["records"]?.objectValue ?? [:]
            for e in entities {
                report.records[e.entityName] = try await insertAll(e, sql, orgId, records[e.entityName]?.arrayValue ?? [])
            }
            for l in root["lotLinks"]?.arrayValue ?? [] {
                guard let o = l.objectValue, let child = o["childId"]?.stringValue.flatMap(UUID.init(uuidString:)),
                      let parent = o["parentId"]?.stringValue.flatMap(UUID.init(uuidString:)),
                      try await RecordRepository.find(Lot.self, sql, organizationId: orgId, id: child, includeDeleted: true) != nil,
                      try await RecordRepository.find(Lot.self, sql, organizationId: orgId, id: parent, includeDeleted: true) != nil
                else { throw KafaeError("backup.invalid") }
                try await sql.raw("""
                    INSERT INTO lot_links (child_id, parent_id, organization_id, weight_kg, operation, created_at)
                    VALUES (\(bind: child.text), \(bind: parent.text), \(bind: orgId.text), \(bind: o["weightKg"]?.numberValue ?? 0),
                            \(bind: o["operation"]?.stringValue ?? "other"), \(bind: Self.whole(o["createdAt"]) ?? now))
                    ON CONFLICT (child_id, parent_id) DO NOTHING
                    """).run()
            }
            try await AuditRepository.write(sql, organizationId: orgId, actor: owner.map { ActorRef(kind: .user, id: $0) },
                                            action: "backup.restore", entity: nil, entityId: nil, changes: nil, now: now)
            return report
        }
    }

    static func insertAll<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, _ org: UUID, _ items: [JSONValue]) async throws -> Int {
        var count = 0
        for item in items {
            guard let o = item.objectValue, let id = o["id"]?.stringValue.flatMap(UUID.init(uuidString:)),
                  let fields = o["fields"]?.objectValue else { throw KafaeError("backup.invalid") }
            // Ids are unique across the server: a record that is already here (a second restore of the same data under
            // another organization id) is refused as a whole, never half-restored.
            if try await RecordRepository.exists(e, sql, id: id) { throw KafaeError("backup.exists") }
            let known = fields.filter { E.fieldNames.contains($0.key) }
            let record = StoredRecord(
                id: id, organizationId: org, fields: known, version: max(1, Self.whole(o["version"]) ?? 1),
                fieldVersions: (o["fieldVersions"]?.objectValue ?? [:]).compactMapValues { Self.whole($0) },
                changeSeq: try await RecordRepository.nextChangeSeq(sql), deletedAt: Self.whole(o["deletedAt"]),
                createdAt: Self.whole(o["createdAt"]) ?? 0, createdBy: o["createdBy"]?.stringValue,
                updatedAt: Self.whole(o["updatedAt"]) ?? 0, updatedBy: o["updatedBy"]?.stringValue)
            try await RecordRepository.insertRow(e, sql, record)
            count += 1
        }
        return count
    }
}
