import Foundation
import KafaeDomain
import KafaeStore

/// Data in and out of an organization: CQI review records in, the lot list as CSV out, the full JSON backup out and
/// back in. The HTTP routes and the `kafae` command line call these same methods, so an import or an export cannot
/// differ between the two.
public struct ExchangeService: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    /// Imports CQI rows; the caller must be allowed every write an import makes (farms, lots, gradings, cupping).
    public func importCQI(_ p: Caller, csv: String, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ImportReport {
        try checkMayImport(p)
        return try await CQIImporter.run(db, csv: csv, organizationId: p.organizationId, actor: p.actor, progress: progress)
    }

    /// Refuses a caller who may not make every write an import makes (checked before an upload is even read).
    public func checkMayImport(_ p: Caller) throws {
        for permission in [Permission.lotsWrite, .gradingsWrite, .cuppingWrite, .farmsWrite] { try p.require(permission) }
    }

    /// The organization's lots as CSV (text cells neutralised for spreadsheets).
    public func lotsCSV(_ p: Caller) async throws -> String {
        try p.require(.recordsRead)
        return try await LotExport.csv(db, organizationId: p.organizationId)
    }

    /// The organization's full JSON backup: owners only.
    public func backup(_ p: Caller) async throws -> JSONValue {
        try p.requireOwner()
        return try await Backup.export(db, organizationId: p.organizationId)
    }

    /// Restores a backup as a new organization on this server; the user with `ownerEmail`, if given, becomes its owner.
    /// For the machine's administrator (the command line), not for HTTP callers.
    public func restore(_ backup: JSONValue, ownerEmail: String?) async throws -> Backup.RestoreReport {
        var owner: UUID?
        if let ownerEmail {
            guard let user = try await db.read({ sql in try await AccountRepository.user(sql, email: ownerEmail) }) else {
                throw KafaeError("member.not_found")
            }
            owner = user.id
        }
        return try await Backup.restore(db, backup: backup, owner: owner)
    }

    /// The administrator at the command line acts as one of the organization's owners; nil when it has none here.
    public func actingOwner(of organizationId: UUID) async throws -> Caller? {
        guard let owner = try await db.read({ sql in
            try await AccountRepository.members(sql, organizationId: organizationId).first { $0.role == .owner }
        }) else { return nil }
        return .member(owner.userId, role: .owner, in: organizationId)
    }
}
