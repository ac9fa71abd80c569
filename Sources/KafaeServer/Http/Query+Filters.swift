import Foundation
import KafaeDomain
import KafaeStore

/// Query helpers the resources share.
extension Query {
    /// `name=value` as an equality filter on `column`, checked against `allowed` when given.
    func equals(_ name: String, column: String, allowed: [String]? = nil) throws -> RecordFilter? {
        guard let v = string(name) else { return nil }
        if let allowed, !allowed.contains(v) {
            throw KafaeError("request.invalid_query", params: ["field": name], details: [.oneOf(name, allowed)])
        }
        return .equals(column: column, value: v)
    }

    func uuidFilter(_ name: String, column: String) throws -> RecordFilter? {
        guard let v = string(name) else { return nil }
        guard let id = UUID(uuidString: v) else {
            throw KafaeError("request.invalid_query", params: ["field": name], details: [.format(name, "UUID")])
        }
        return .equals(column: column, value: id.text)
    }

    func double(_ name: String) throws -> Double? {
        guard let v = string(name) else { return nil }
        guard let d = Double(v), d.isFinite else {
            throw KafaeError("request.invalid_query", params: ["field": name], details: [.type(name, expected: "number")])
        }
        return d
    }
}
