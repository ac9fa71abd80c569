/// One kind of defect: how many beans (or pieces) make one full defect, and its category.
public struct DefectType: Sendable, Codable, Hashable {
    public let key: String
    public let label: Localized
    /// Category 1 (primary) or 2 (secondary).
    public let category: Int
    /// Count that equals one full defect (full black: 1; broken: 5; slight insect damage: 10).
    public let perFullDefect: Int
}
