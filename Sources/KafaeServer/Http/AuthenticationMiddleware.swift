import Foundation
import Hummingbird
import KafaeDomain

/// Establishes who is calling, once, for every route of the authenticated `/api/v1` group: a bearer access token or
/// an API key, checked against the database (role, sign-in still live, token cut-off) and the per-caller rate limit.
/// A request without a valid credential never reaches a handler (`401`). Public routes are registered on another
/// group: ``PublicRoutes`` lists them.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = KafaeContext
    let auth: AuthService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = try await auth.principal(authorization: request.headers[.authorization])
        return try await next(request, context)
    }
}
