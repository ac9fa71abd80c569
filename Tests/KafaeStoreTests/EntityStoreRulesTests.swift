import KafaeDomain
import KafaeStore
import XCTest

/// Every synced entity has its store rules: a new entity without them would be written with none.
final class EntityStoreRulesTests: XCTestCase {
    func testEverySyncedEntityHasStoreRules() {
        for entity in SyncedEntities.all {
            XCTAssertTrue(entity is any EntityStoreRules.Type, "\(entity.entityName) has no EntityStoreRules conformance")
        }
    }
}
