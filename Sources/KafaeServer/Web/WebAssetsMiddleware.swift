import Hummingbird

/// Answers `GET` and `HEAD` for the PWA's files (``WebAssets``) ahead of every route; any other request, and any path
/// the loaded set does not hold, goes on to the router untouched — so `/api/*`, `/p/*`, `/health` and `/ready` keep
/// their own answers and an unknown path gets the usual bilingual 404.
///
/// Why a middleware and not routes: the files are not API operations (`docs/openapi.yaml` describes the API and is
/// fuzzed as such), their paths are whatever `web/` holds, and the router's `**` wildcard at the root would compete
/// with `/api`. The public-route table declares these answers as ``PublicRoutes/webOperations``.
///
/// It sits outside ``RequestMiddleware``, so a file served writes no access-log line (a page load is dozens of
/// files; they are logged at debug here) and costs no request id or language negotiation.
struct WebAssetsMiddleware: RouterMiddleware {
    typealias Context = KafaeContext

    /// For files under the current version's prefix: their bytes can never change at that address.
    static let immutable = "public, max-age=31536000, immutable"
    /// Everything else is revalidated on every use (a `304` when nothing changed), so a deploy is seen at once.
    static let revalidate = "no-cache"
    /// The page may load only its own scripts, styles, images and connections, and may not be framed.
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; "
        + "base-uri 'self'; form-action 'self'"

    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!

    let assets: WebAssets

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, let match = assets.match(request.uri.path) else {
            return try await next(request, context)
        }
        let response = Self.response(for: match, request: request)
        context.logger.debug("web asset", metadata: [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path),
            "status": .stringConvertible(response.status.code),
        ])
        return response
    }

    /// The answer for a matched file: `304` when the client holds it, else the file (gzipped when allowed), with no
    /// body for `HEAD`.
    static func response(for match: WebAssets.Match, request: Request) -> Response {
        let asset = match.asset
        let gzip = asset.gzip.flatMap { AcceptEncoding.allowsGzip(request.headers[values: .acceptEncoding]) ? $0 : nil }
        let etag = gzip == nil ? asset.etag : asset.gzipETag
        var headers: HTTPFields = [
            .eTag: etag,
            .cacheControl: match.immutable ? immutable : revalidate,
            .xContentTypeOptions: "nosniff",
        ]
        if asset.gzip != nil { headers[.vary] = "Accept-Encoding" }
        if IfNoneMatch.matches(request.headers[values: .ifNoneMatch], etag: etag) {
            var response = Response(status: .notModified, headers: headers)
            response.headers[.contentLength] = nil
            return response
        }
        headers[.contentType] = asset.mediaType.contentType
        if gzip != nil { headers[.contentEncoding] = "gzip" }
        if asset.mediaType.isHTML {
            headers[.contentSecurityPolicy] = contentSecurityPolicy
            headers[referrerPolicy] = "same-origin"
        }
        let body = gzip ?? asset.body
        if request.method == .head {
            headers[.contentLength] = String(body.readableBytes)
            return Response(status: .ok, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
