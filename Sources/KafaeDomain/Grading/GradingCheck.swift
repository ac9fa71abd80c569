/// One physical or procedural check on a graded sample, and what it did to the grade.
public struct GradingCheck: Sendable, Hashable {
    public enum Status: String, Sendable { case pass, fail, warn }
    /// `moisture`, `waterActivity`, `quakers` or `sampleWeight`.
    public let key: String
    public let status: Status
    public let value: Double
    public let message: Localized

    /// The check as the API shows it, in gradings and in the grading calculator alike.
    public var json: JSONValue {
        .object(["key": .string(key), "status": .string(status.rawValue), "value": .number(value),
                 "messageTh": .string(message.th), "messageEn": .string(message.en)])
    }
}
