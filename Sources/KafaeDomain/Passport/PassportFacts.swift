/// The facts a passport page shows, gathered from a lot's records.
public struct PassportFacts: Sendable, Equatable {
    public var lotCode: String
    public var species: String?
    public var farmName: String?
    public var provinceEn: String?
    public var provinceTh: String?
    public var country: String?
    public var altitudeM: Double?
    public var variety: String?
    public var process: String?
    public var cropYear: String?
    public var grade: String?
    public var gradeStandard: String?
    public var moisturePct: Double?
    public var cupScore: Double?
    public var cupProtocol: String?
    /// Attribute means of the latest cupping (key → mean) and the form's scale.
    public var radar: [(key: String, label: Localized, value: Double)]
    public var radarScale: ClosedRange<Double>
    public var roastDtrPct: Double?
    public var roastDevelopmentS: Double?
    public var roastWeightLossPct: Double?
    public var roastedAt: String?

    public init(lotCode: String) {
        self.lotCode = lotCode
        radar = []
        radarScale = 0...10
    }

    public static func == (a: PassportFacts, b: PassportFacts) -> Bool {
        a.lotCode == b.lotCode && a.cupScore == b.cupScore && a.grade == b.grade && a.radar.map(\.key) == b.radar.map(\.key)
    }
}
