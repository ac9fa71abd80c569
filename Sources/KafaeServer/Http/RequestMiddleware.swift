import Foundation
import Hummingbird
import KafaeDomain
import Logging

/// The outermost middleware of everything but the PWA's files (``WebAssetsMiddleware`` answers those before it): gives
/// each request its id and language, turns every error into the bilingual error shape, and writes one JSON access log
/// line.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = KafaeContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestId = Self.requestId(from: request.headers[.init("X-Request-Id")!])
        context.language = Language.negotiate(request.headers[.acceptLanguage])
        context.logger[metadataKey: "requestId"] = .string(context.requestId)
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let kafaeError = Self.kafaeError(from: error)
            if kafaeError.status >= 500 {
                context.logger.error("request failed", metadata: ["error": .string(String(reflecting: error))])
            }
            response = (try? ErrorBody(kafaeError, language: context.language, requestId: context.requestId)
                .response(status: kafaeError.status, headers: kafaeError.headers)) ?? Response(status: .internalServerError)
        }
        response.headers[.init("X-Request-Id")!] = context.requestId
        if response.headers[.contentLanguage] == nil, response.status.code >= 400 {
            response.headers[.contentLanguage] = context.language.rawValue
        }
        let elapsed = ContinuousClock.now - started
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(response.status.code),
            "ms": .stringConvertible(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000),
        ])
        return response
    }

    /// A client's `X-Request-Id` is kept when it is short and plain; otherwise a new one is made.
    static func requestId(from header: String?) -> String {
        if let h = header, (1...64).contains(h.count),
           h.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            return h
        }
        return UUID().uuidString.lowercased()
    }

    static func kafaeError(from error: any Error) -> KafaeError {
        switch error {
        case let e as KafaeError:
            return e
        case let e as HTTPError:
            switch e.status.code {
            case 404: return KafaeError("route.not_found")
            case 405: return KafaeError("route.method_not_allowed")
            case 413: return KafaeError("request.body_too_large", params: ["max": "-"])
            case 415: return KafaeError("request.unsupported_media_type")
            case 400..<500: return KafaeError("request.bad_request")
            default: return KafaeError("internal.error")
            }
        case let e as any HTTPResponseError where e.status == .notFound:
            return KafaeError("route.not_found")
        default:
            return KafaeError("internal.error")
        }
    }
}
