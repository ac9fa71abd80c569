import Hummingbird

extension Response {
    /// `204 No Content`.
    static func noContent() -> Response { Response(status: .noContent) }
}
