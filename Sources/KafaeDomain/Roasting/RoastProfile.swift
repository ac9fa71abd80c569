import Foundation

/// The parts of a roast log that Kafae computes with: the samples, the marked events and the weights.
public struct RoastProfile: Sendable, Hashable {
    /// `C` or `F`: the unit of every temperature in the profile.
    public var unit: String
    /// Sample times in seconds from the start of recording.
    public var time: [Double]
    /// Environment temperature per sample (nil: not measured).
    public var et: [Double?]
    /// Bean temperature per sample (nil: not measured).
    public var bt: [Double?]
    /// Sample indices of the marked events (nil: not marked).
    public var charge: Int?
    public var dryEnd: Int?
    public var firstCrack: Int?
    public var firstCrackEnd: Int?
    public var secondCrack: Int?
    public var secondCrackEnd: Int?
    public var drop: Int?
    public var cool: Int?
    public var weightInG: Double?
    public var weightOutG: Double?
    /// The drying phase's upper temperature, used to place DRY END when it was not marked.
    public var dryingEndTemp: Double?
    public var title: String?
    public var beans: String?
    /// When the roast started, if the log says.
    public var roastedAt: Date?
    public var roastId: String?

    public init(unit: String, time: [Double], et: [Double?], bt: [Double?], charge: Int?, dryEnd: Int? = nil,
                firstCrack: Int? = nil, firstCrackEnd: Int? = nil, secondCrack: Int? = nil, secondCrackEnd: Int? = nil,
                drop: Int? = nil, cool: Int? = nil, weightInG: Double? = nil, weightOutG: Double? = nil,
                dryingEndTemp: Double? = nil) {
        self.unit = unit
        self.time = time
        self.et = et
        self.bt = bt
        self.charge = charge
        self.dryEnd = dryEnd
        self.firstCrack = firstCrack
        self.firstCrackEnd = firstCrackEnd
        self.secondCrack = secondCrack
        self.secondCrackEnd = secondCrackEnd
        self.drop = drop
        self.cool = cool
        self.weightInG = weightInG
        self.weightOutG = weightOutG
        self.dryingEndTemp = dryingEndTemp
    }
}
