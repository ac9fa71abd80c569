/// One line of a form.
public struct FormSection: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable {
        /// A rated attribute on a scale.
        case quality
        /// A count of cups that pass (uniformity, clean cup, sweetness): adds `points` per cup.
        case cups
        /// A count of cups with a defect: takes `points` per cup away.
        case deduction
        /// A descriptive intensity (no score).
        case intensity
        /// Check-all-that-apply descriptors from `choices` (no score).
        case descriptors
    }

    public let key: String
    public let label: Localized
    public let kind: Kind
    public let min: Double
    public let max: Double
    public let step: Double
    /// Points per cup for `cups` and `deduction` sections.
    public let points: Double
    /// Descriptor choices for `descriptors` sections.
    public let choices: [String]
    public let required: Bool

    public static func quality(_ key: String, _ th: String, _ en: String, min: Double, max: Double, step: Double) -> FormSection {
        FormSection(key: key, label: .init(th: th, en: en), kind: .quality, min: min, max: max, step: step, points: 0, choices: [], required: true)
    }

    public static func cups(_ key: String, _ th: String, _ en: String, cups: Int, points: Double) -> FormSection {
        FormSection(key: key, label: .init(th: th, en: en), kind: .cups, min: 0, max: Double(cups), step: 1, points: points, choices: [], required: true)
    }

    public static func deduction(_ key: String, _ th: String, _ en: String, cups: Int, points: Double) -> FormSection {
        FormSection(key: key, label: .init(th: th, en: en), kind: .deduction, min: 0, max: Double(cups), step: 1, points: points, choices: [], required: false)
    }

    public static func intensity(_ key: String, _ th: String, _ en: String) -> FormSection {
        FormSection(key: key, label: .init(th: th, en: en), kind: .intensity, min: 0, max: 15, step: 1, points: 0, choices: [], required: true)
    }

    public static func descriptors(_ key: String, _ th: String, _ en: String, _ choices: [String]) -> FormSection {
        FormSection(key: key, label: .init(th: th, en: en), kind: .descriptors, min: 0, max: 0, step: 0, points: 0, choices: choices, required: false)
    }
}
