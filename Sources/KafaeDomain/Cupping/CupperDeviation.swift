/// How one cupper compares with the panel.
public struct CupperDeviation: Sendable, Hashable {
    public let cupper: String
    /// Samples scored that at least one other cupper scored too.
    public let samples: Int
    /// Mean |cupper − panel mean| of final scores: the calibration figure (lower is better).
    public let meanAbsoluteDeviation: Double?
    /// Mean (cupper − panel mean): positive scores high, negative scores low.
    public let bias: Double?
    /// Per attribute, mean |cupper − panel mean|.
    public let attributeDeviation: [String: Double]
}
