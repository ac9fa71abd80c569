import SQLKit

extension SQLRow {
    /// Decodes a column that may be NULL.
    func optional<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        if try decodeNil(column: column) { return nil }
        return try decode(column: column, as: T.self)
    }
}
