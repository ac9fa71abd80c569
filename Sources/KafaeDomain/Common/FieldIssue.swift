/// One problem with one input field, reported inside an error's `details`.
public struct FieldIssue: Sendable, Hashable, Codable {
    /// The field at fault, as a JSON path (`name`, `defects.fullBlack`, `mutations[3].fields.name`).
    public var field: String
    /// What is wrong: a key of ``MessageCatalogue/fieldIssues``.
    public var code: String
    /// Values for the message's placeholders (`{max}`, `{type}`...).
    public var params: [String: String]

    public init(field: String, code: String, params: [String: String] = [:]) {
        self.field = field
        self.code = code
        self.params = params
    }

    public static func required(_ field: String) -> FieldIssue { .init(field: field, code: "required") }
    public static func unknown(_ field: String) -> FieldIssue { .init(field: field, code: "unknown") }
    public static func type(_ field: String, expected: String) -> FieldIssue {
        .init(field: field, code: "type", params: ["type": expected])
    }
    public static func range(_ field: String, min: String, max: String) -> FieldIssue {
        .init(field: field, code: "range", params: ["min": min, "max": max])
    }
    public static func tooLong(_ field: String, max: Int) -> FieldIssue {
        .init(field: field, code: "tooLong", params: ["max": String(max)])
    }
    public static func tooShort(_ field: String, min: Int) -> FieldIssue {
        .init(field: field, code: "tooShort", params: ["min": String(min)])
    }
    public static func oneOf(_ field: String, _ allowed: [String]) -> FieldIssue {
        .init(field: field, code: "oneOf", params: ["allowed": allowed.joined(separator: ", ")])
    }
    public static func format(_ field: String, _ format: String) -> FieldIssue {
        .init(field: field, code: "format", params: ["format": format])
    }
}
