import KafaeStore

/// An organization as one member sees it.
struct OrganizationView: Encodable, Sendable {
    let id: String
    let name: String
    let role: String
    let createdAt: String

    init(_ m: MembershipRow) {
        id = m.organization.id.text
        name = m.organization.name
        role = m.role.rawValue
        createdAt = Clock.iso(ms: m.organization.createdAt)
    }
}
