/// A graded green sample.
public struct GradingResult: Sendable, Hashable {
    public let standard: String
    public let sampleG: Double
    public let counts: [String: Int]
    /// Full defects per type: count ÷ equivalent, rounded down, per type.
    public let fullDefects: [String: Int]
    public let category1: Int
    public let category2: Int
    public let totalFullDefects: Int
    /// The grade the defects alone allow.
    public let gradeByDefects: String
    /// The grade after quakers, moisture and water activity.
    public let grade: String
    public let quakers: Int?
    public let moisturePct: Double?
    public let waterActivity: Double?
    public let checks: [GradingCheck]
}
