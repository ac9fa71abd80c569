/// A scored (or, for descriptive forms, checked) cupping sheet.
public struct CuppingResult: Sendable, Hashable {
    public let protocolId: String
    /// The sheet's values, normalized: numbers per section, descriptor lists apart.
    public let values: [String: Double]
    public let descriptors: [String: [String]]
    /// Sum (or scaled sum) before deductions; nil for a form without a score.
    public let total: Double?
    /// Points taken away for defective cups.
    public let defects: Double
    public let finalScore: Double?
    public let band: String?
}
