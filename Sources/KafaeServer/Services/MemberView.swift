import KafaeStore

struct MemberView: Encodable, Sendable {
    let userId: String
    let email: String
    let name: String
    let role: String
    let joinedAt: String

    init(_ m: MemberRow) {
        userId = m.userId.text
        email = m.email
        name = m.name
        role = m.role.rawValue
        joinedAt = Clock.iso(ms: m.joinedAt)
    }
}
