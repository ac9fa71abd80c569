import KafaeDomain

/// The entities sync carries, by their sync names, parents before children (the order a backup restores them in).
public enum SyncedEntities {
    public static let all: [any SyncedEntity.Type] = [Farm.self, Lot.self, Grading.self, CuppingSession.self, CuppingScore.self, RoastBatch.self]

    public static func named(_ name: String) -> (any SyncedEntity.Type)? { all.first { $0.entityName == name } }
}
