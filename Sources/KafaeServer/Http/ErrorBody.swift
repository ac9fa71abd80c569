import Foundation
import Hummingbird
import KafaeDomain

/// The single error shape of DESIGN §8.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        let field: String
        let code: String
        let message: String
        let messageTh: String
        let messageEn: String
    }

    struct Payload: Encodable {
        let code: String
        let message: String
        let messageTh: String
        let messageEn: String
        let details: [Detail]
        let requestId: String
    }

    let error: Payload

    init(_ e: KafaeError, language: Language, requestId: String) {
        let th = MessageCatalogue.message(for: e, in: .th)
        let en = MessageCatalogue.message(for: e, in: .en)
        error = Payload(
            code: MessageCatalogue.errors[e.code] == nil ? "internal.error" : e.code,
            message: language == .th ? th : en,
            messageTh: th,
            messageEn: en,
            details: e.details.map { issue in
                let dth = MessageCatalogue.message(for: issue, in: .th)
                let den = MessageCatalogue.message(for: issue, in: .en)
                return Detail(field: issue.field, code: issue.code, message: language == .th ? dth : den, messageTh: dth, messageEn: den)
            },
            requestId: requestId
        )
    }

    func response(status: Int, headers extra: [String: String]) throws -> Response {
        var headers = HTTPFields()
        for (k, v) in extra {
            if let name = HTTPFields.Element.Name(k) { headers[name] = v }
        }
        return try JSONBody.response(self, status: .init(code: status), headers: headers)
    }
}
