import Foundation
import Hummingbird
import KafaeDomain

/// The single error shape of DESIGN §8 as an HTTP body: ``ErrorPayload`` in the caller's language, with the request id.
struct ErrorBody: Encodable {
    struct Payload: Encodable {
        let code: String
        let message: String?
        let messageTh: String
        let messageEn: String
        let details: [ErrorPayload.Detail]
        let requestId: String
    }

    let error: Payload

    init(_ e: KafaeError, language: Language, requestId: String) {
        let p = ErrorPayload(e, language: language)
        error = Payload(code: p.code, message: p.message, messageTh: p.messageTh, messageEn: p.messageEn, details: p.details,
                        requestId: requestId)
    }

    func response(status: Int, headers extra: [String: String]) throws -> Response {
        var headers = HTTPFields()
        for (k, v) in extra {
            if let name = HTTPFields.Element.Name(k) { headers[name] = v }
        }
        return try JSONBody.response(self, status: .init(code: status), headers: headers)
    }
}
