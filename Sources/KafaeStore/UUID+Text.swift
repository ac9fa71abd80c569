import Foundation

extension UUID {
    /// The form ids take in the database and in JSON: lower-case canonical text.
    public var text: String { uuidString.lowercased() }
}
