/// A cupping form as data: its sections, their scales, and how a score is made of them.
///
/// The built-in forms are in ``BuiltInForms``; an organization can later define its own with the same structure.
public struct CuppingForm: Sendable, Codable, Hashable {
    public let id: String
    public let name: Localized
    /// Cups per sample on the table (5 for SCA and CQI protocols).
    public let cupsPerSample: Int
    public let sections: [FormSection]
    public let scoring: Scoring
    /// Score classes, highest first: the first whose minimum the final score reaches names it.
    public let bands: [Band]
    /// Where the form and its arithmetic come from.
    public let source: String

    /// How the score sheet turns into a number.
    public enum Scoring: Sendable, Codable, Hashable {
        /// total = Σ quality values + Σ cup counts × points; final = total − Σ deduction cups × points (SCA 2004, Fine Robusta).
        case sum
        /// total = factor × Σ quality values + offset; final = round(total − deductions, to: step) (CVA 2024 affective).
        case linear(factor: Double, offset: Double, roundTo: Double)
        /// No score: intensities and descriptors only (CVA 2024 descriptive).
        case none
        /// total = Σ quality values; final = the value of section `key` as the panel reported it (imported results).
        case reported(key: String)
    }

    public struct Band: Sendable, Codable, Hashable {
        public let key: String
        public let min: Double
        public let label: Localized
    }

    public func section(_ key: String) -> FormSection? { sections.first { $0.key == key } }
}
