import KafaeStore

/// A user as the API shows them.
struct UserView: Encodable, Sendable {
    let id: String
    let email: String
    let name: String
    let createdAt: String

    init(_ u: UserRow) {
        id = u.id.text
        email = u.email
        name = u.name
        createdAt = Clock.iso(ms: u.createdAt)
    }
}
