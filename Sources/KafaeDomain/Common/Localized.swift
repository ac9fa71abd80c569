/// A label in Thai and English.
public struct Localized: Sendable, Hashable, Codable {
    public let th: String
    public let en: String

    public init(th: String, en: String) {
        self.th = th
        self.en = en
    }

    public func text(_ language: Language) -> String { language == .th ? th : en }
}
