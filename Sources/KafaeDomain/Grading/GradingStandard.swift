/// A green-coffee grading standard as data: defect types with their full-defect equivalents, grade classes
/// and the physical checks (moisture, water activity, quakers).
public struct GradingStandard: Sendable, Codable, Hashable {
    public let id: String
    public let name: Localized
    /// The sample the counts are made on, in grams.
    public let sampleG: Double
    public let defects: [DefectType]
    /// Grades, best first. A sample gets the first whose limits it meets.
    public let grades: [GradeClass]
    /// Moisture range (percent, wet basis) a specialty-class coffee must fall in.
    public let moistureRange: ClosedRange<Double>
    /// Water activity a specialty-class coffee must stay below.
    public let waterActivityBelow: Double
    public let source: String

    public func defect(_ key: String) -> DefectType? { defects.first { $0.key == key } }
}
