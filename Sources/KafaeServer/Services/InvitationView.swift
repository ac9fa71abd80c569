import KafaeStore

struct InvitationView: Encodable, Sendable {
    let id: String
    let email: String
    let role: String
    let createdAt: String
    let expiresAt: String
    /// Present once, in the response that creates the invitation.
    let token: String?

    init(_ i: InvitationRow, token: String? = nil) {
        id = i.id.text
        email = i.email
        role = i.role.rawValue
        createdAt = Clock.iso(ms: i.createdAt)
        expiresAt = Clock.iso(ms: i.expiresAt)
        self.token = token
    }
}
