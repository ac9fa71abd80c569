import Foundation
import KafaeDomain
import KafaeStore

/// API keys for integrations: `kf_<prefix>_<secret>`, the prefix finds the key, only the secret's hash is kept.
final class ApiKeyService: Sendable {
    static let keyPrefix = "kf_"
    let db: any Database

    init(db: any Database) { self.db = db }

    /// Splits a presented key into its public prefix and its secret.
    static func parse(_ token: String) -> (prefix: String, secret: String)? {
        guard token.hasPrefix(keyPrefix) else { return nil }
        let rest = token.dropFirst(keyPrefix.count)
        guard let sep = rest.firstIndex(of: "_") else { return nil }
        let prefix = String(rest[..<sep]), secret = String(rest[rest.index(after: sep)...])
        guard prefix.count == 12, !secret.isEmpty, secret.count <= 100 else { return nil }
        return (prefix, secret)
    }

    func create(_ p: Caller, body: [String: JSONValue]) async throws -> ApiKeyView {
        try p.require(.apiKeysManage)
        let userId = try p.requireUser()
        var r = FieldReader(body, allowed: ["name", "scope"])
        let name = r.string("name", required: true, max: 100).value
        let scope = r.choice("scope", ApiKeyScope.self).value ?? .read
        try r.finish()
        let prefix = Secrets.randomHex(bytes: 6)
        let secret = Secrets.randomToken()
        let now = Clock.nowMs()
        let row = ApiKeyRow(id: UUID(), organizationId: p.organizationId, name: name!, prefix: prefix,
                            secretHash: Secrets.sha256Hex(secret), scope: scope, createdBy: userId, createdAt: now,
                            lastUsedAt: nil, revokedAt: nil)
        try await db.write { sql in
            try await ApiKeyRepository.insert(sql, row)
            try await AuditRepository.write(sql, organizationId: p.organizationId, actor: p.actor, action: "apiKey.create",
                                            entity: "apiKey", entityId: row.id,
                                            changes: .object(["name": .string(row.name), "scope": .string(scope.rawValue)]), now: now)
        }
        return ApiKeyView(row, key: "\(Self.keyPrefix)\(prefix)_\(secret)")
    }

    func list(_ p: Caller) async throws -> [ApiKeyView] {
        try p.require(.apiKeysManage)
        return try await db.read { sql in try await ApiKeyRepository.list(sql, organizationId: p.organizationId) }.map { ApiKeyView($0) }
    }

    func revoke(_ p: Caller, id: UUID) async throws {
        try p.require(.apiKeysManage)
        let now = Clock.nowMs()
        let ok = try await db.write { sql -> Bool in
            let ok = try await ApiKeyRepository.revoke(sql, organizationId: p.organizationId, id: id, now: now)
            if ok {
                try await AuditRepository.write(sql, organizationId: p.organizationId, actor: p.actor, action: "apiKey.revoke",
                                                entity: "apiKey", entityId: id, changes: nil, now: now)
            }
            return ok
        }
        if !ok { throw KafaeError("apikey.not_found") }
    }
}
