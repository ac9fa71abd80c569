/// One score sheet as the statistics see it: who, which sample, the final score and the attribute values.
public struct SheetScore: Sendable, Hashable {
    public let cupper: String
    public let sample: String
    public let finalScore: Double
    public let attributes: [String: Double]

    public init(cupper: String, sample: String, finalScore: Double, attributes: [String: Double]) {
        self.cupper = cupper
        self.sample = sample
        self.finalScore = finalScore
        self.attributes = attributes
    }
}
