/// What a quality passport may show; the owner picks which.
public enum PassportSection: String, Sendable, CaseIterable, Codable {
    case farm, variety, process, harvest, grade, cupScore, radar, roast
}
