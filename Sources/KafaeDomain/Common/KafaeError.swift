/// The error every layer throws; the HTTP layer renders it in the single error shape of DESIGN §8.
///
/// `code` is a key of ``MessageCatalogue/errors``: it picks the HTTP status and the Thai and English text.
public struct KafaeError: Error, Sendable, Hashable {
    public var code: String
    public var params: [String: String]
    public var details: [FieldIssue]
    /// Extra response headers (e.g. `Retry-After`).
    public var headers: [String: String]

    public init(_ code: String, params: [String: String] = [:], details: [FieldIssue] = [], headers: [String: String] = [:]) {
        self.code = code
        self.params = params
        self.details = details
        self.headers = headers
    }

    /// Invalid input: the first field is named in the message, every field in `details`.
    public static func validation(_ issues: [FieldIssue]) -> KafaeError {
        KafaeError("request.invalid", params: ["field": issues.first?.field ?? ""], details: issues)
    }

    public static func notFound(_ entity: String) -> KafaeError { KafaeError("\(entity).not_found") }

    public var status: Int { MessageCatalogue.errors[code]?.status ?? 500 }
}
