import Foundation
import KafaeDomain
import SQLKit

/// Position in a newest-first list: the last item's creation time and id.
public struct ListCursor: Sendable, Equatable {
    public let createdAt: Int64
    public let id: String

    public init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// Opaque text for clients (base64url of `createdAt:id`).
    public var encoded: String { Base64URL.encode("\(createdAt):\(id)") }

    public init?(encoded: String) {
        guard let text = Base64URL.decodeText(encoded) else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let t = Int64(parts[0]), UUID(uuidString: String(parts[1])) != nil else { return nil }
        self.createdAt = t
        self.id = String(parts[1]).lowercased()
    }

    /// The position a client's `cursor` query names: nil without one, `400 request.invalid_query` for one that is not ours.
    public static func parse(query cursor: String?) throws -> ListCursor? {
        guard let cursor else { return nil }
        guard let c = ListCursor(encoded: cursor) else {
            throw KafaeError("request.invalid_query", params: ["field": "cursor"], details: [.format("cursor", "cursor")])
        }
        return c
    }

    /// Continues a list ordered by `(created_at, id)` after this position: ` AND (created_at < t OR (created_at = t
    /// AND id < i))`, with `>` for an ascending list.
    func appendCondition(to query: inout SQLQueryString, ascending: Bool = false) {
        let op = ascending ? ">" : "<"
        query.appendInterpolation(unsafeRaw: " AND (created_at \(op) ")
        query.appendInterpolation(bind: createdAt)
        query.appendInterpolation(unsafeRaw: " OR (created_at = ")
        query.appendInterpolation(bind: createdAt)
        query.appendInterpolation(unsafeRaw: " AND id \(op) ")
        query.appendInterpolation(bind: id)
        query.appendInterpolation(unsafeRaw: "))")
    }
}
