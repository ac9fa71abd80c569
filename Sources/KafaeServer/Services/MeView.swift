/// `GET /api/v1/me`: who is signed in, where, as what, and which other organizations they can switch to.
struct MeView: Encodable, Sendable {
    let user: UserView
    let organization: OrganizationView
    let role: String
    let permissions: [String]
    let organizations: [OrganizationView]
}
