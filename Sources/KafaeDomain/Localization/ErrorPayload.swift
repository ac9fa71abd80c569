/// An error as every answer carries it (DESIGN §8): its code, its message in Thai and English (and in the caller's
/// language when there is one), and each field issue the same way. The HTTP error body, a rejected sync mutation and
/// an import's row errors are all this one shape.
public struct ErrorPayload: Sendable, Encodable, Equatable {
    public struct Detail: Sendable, Encodable, Equatable {
        public let field: String
        public let code: String
        public let message: String?
        public let messageTh: String
        public let messageEn: String
    }

    public let code: String
    public let message: String?
    public let messageTh: String
    public let messageEn: String
    public let details: [Detail]

    /// `language` chooses `message`; without one, only `messageTh` and `messageEn` are given. A code missing from the
    /// catalogue is reported as `internal.error`.
    public init(_ e: KafaeError, language: Language?) {
        let th = MessageCatalogue.message(for: e, in: .th)
        let en = MessageCatalogue.message(for: e, in: .en)
        code = MessageCatalogue.errors[e.code] == nil ? "internal.error" : e.code
        message = language.map { $0 == .th ? th : en }
        messageTh = th
        messageEn = en
        details = e.details.map { issue in
            let dth = MessageCatalogue.message(for: issue, in: .th)
            let den = MessageCatalogue.message(for: issue, in: .en)
            return Detail(field: issue.field, code: issue.code, message: language.map { $0 == .th ? dth : den }, messageTh: dth, messageEn: den)
        }
    }

    /// The same as a ``JSONValue`` (absent `message`s left out), for answers built as JSON values.
    public var json: JSONValue {
        func detail(_ d: Detail) -> JSONValue {
            var o: [String: JSONValue] = ["field": .string(d.field), "code": .string(d.code),
                                          "messageTh": .string(d.messageTh), "messageEn": .string(d.messageEn)]
            if let m = d.message { o["message"] = .string(m) }
            return .object(o)
        }
        var o: [String: JSONValue] = ["code": .string(code), "messageTh": .string(messageTh), "messageEn": .string(messageEn),
                                      "details": .array(details.map(detail))]
        if let message { o["message"] = .string(message) }
        return .object(o)
    }
}
