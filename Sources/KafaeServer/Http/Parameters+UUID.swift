import Foundation
import Hummingbird
import KafaeDomain

extension Parameters {
    /// A UUID path parameter; anything else is a 404 (no such record), never a 500.
    func uuid(_ name: String) throws -> UUID {
        guard let raw = self.get(name), let id = UUID(uuidString: raw) else { throw KafaeError("request.invalid_id") }
        return id
    }
}
