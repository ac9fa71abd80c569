/// Summary of one sample's sheets.
public struct SampleSummary: Sendable, Hashable {
    public let sample: String
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (n − 1); 0 for a single sheet.
    public let standardDeviation: Double
    public let min: Double
    public let max: Double
    public let attributeMeans: [String: Double]
}
