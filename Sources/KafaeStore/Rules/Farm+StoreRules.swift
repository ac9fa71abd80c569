import KafaeDomain

/// Farms have no rules that need the database: their own validation (`Farm.normalize`) is all.
extension Farm: EntityStoreRules {}
