/// One grade and the limits that admit a sample to it. A nil limit does not apply.
public struct GradeClass: Sendable, Codable, Hashable {
    public let key: String
    public let label: Localized
    public let maxCategory1: Int?
    public let maxCategory2: Int?
    public let maxTotal: Int?
    public let maxQuakers: Int?
    /// The sample's moisture and water activity must pass (when measured).
    public let requiresPhysicalChecks: Bool
}
