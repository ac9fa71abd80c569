import KafaeStore

struct ApiKeyView: Encodable, Sendable {
    let id: String
    let name: String
    let scope: String
    let prefix: String
    let createdAt: String
    let lastUsedAt: String?
    /// The whole key, present once in the response that creates it.
    let key: String?

    init(_ k: ApiKeyRow, key: String? = nil) {
        id = k.id.text
        name = k.name
        scope = k.scope.rawValue
        prefix = k.prefix
        createdAt = Clock.iso(ms: k.createdAt)
        lastUsedAt = k.lastUsedAt.map(Clock.iso(ms:))
        self.key = key
    }
}
