import KafaeDomain

/// A page of a list: `{items, nextCursor}` (DESIGN §10).
struct Page: Encodable, Sendable {
    let items: [JSONValue]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(nextCursor, forKey: .nextCursor)
    }
}
