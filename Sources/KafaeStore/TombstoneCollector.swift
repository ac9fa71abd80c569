import KafaeDomain
import SQLKit

/// Deletes tombstones older than the horizon (default 90 days) and moves the cursor horizon past them, so that a
/// device whose cursor is older must reset (410) rather than miss a deletion.
public enum TombstoneCollector {
    @discardableResult
    public static func collect(_ db: any Database, olderThan cutoff: Int64) async throws -> Int {
        try await db.writeRecords { sql in
            var removed = 0
            var highest = try await SyncRepository.horizon(sql)
            for e in SyncedEntities.all {
                let (n, top) = try await collect(e, sql, cutoff: cutoff)
                removed += n
                highest = max(highest, top)
            }
            try await sql.raw("UPDATE sync_horizon SET change_seq = \(bind: highest), collected_at = \(bind: Clock.nowMs()) WHERE id = 1").run()
            try await sql.raw("DELETE FROM sync_mutations WHERE created_at < \(bind: cutoff)").run()
            return removed
        }
    }

    static func collect<E: SyncedEntity>(_ e: E.Type, _ sql: any SQLDatabase, cutoff: Int64) async throws -> (Int, Int64) {
        let rows = try await sql.raw("""
            DELETE FROM \(ident: E.table) WHERE deleted_at IS NOT NULL AND deleted_at < \(bind: cutoff) RETURNING change_seq
            """).all()
        let seqs = try rows.map { try $0.decode(column: "change_seq", as: Int64.self) }
        return (seqs.count, seqs.max() ?? 0)
    }
}
