/// What sign-in, refresh and switching return.
struct TokenPair: Encodable, Sendable {
    let accessToken: String
    let refreshToken: String
    let tokenType = "Bearer"
    let expiresIn: Int
    let refreshExpiresIn: Int
    let user: UserView
    let organization: OrganizationView
}
