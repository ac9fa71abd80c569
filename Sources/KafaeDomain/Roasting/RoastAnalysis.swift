import Foundation

/// What Kafae reports about a roast: events, phases, development time ratio, weight loss, rate of rise.
/// Times are seconds from CHARGE; an unknown value is nil, never a sentinel.
public struct RoastAnalysis: Sendable, Hashable {
    public struct Events: Sendable, Hashable {
        public var chargeS: Double?
        public var chargeBt: Double?
        public var chargeEt: Double?
        public var turningPointS: Double?
        public var turningPointBt: Double?
        public var dryEndS: Double?
        public var dryEndBt: Double?
        /// True when DRY END was not marked and was placed where BT reached the drying phase's end temperature.
        public var dryEndEstimated = false
        public var firstCrackS: Double?
        public var firstCrackBt: Double?
        public var firstCrackEndS: Double?
        public var firstCrackEndBt: Double?
        public var secondCrackS: Double?
        public var secondCrackBt: Double?
        public var secondCrackEndS: Double?
        public var dropS: Double?
        public var dropBt: Double?
        public var dropEt: Double?
        public var coolS: Double?
    }

    public struct Phases: Sendable, Hashable {
        /// CHARGE → DRY END.
        public var dryingS: Double?
        /// DRY END → first crack.
        public var maillardS: Double?
        /// First crack → DROP.
        public var developmentS: Double?
        /// CHARGE → DROP.
        public var totalS: Double?
    }

    /// Mean rate of rise per phase, degrees per minute.
    public struct RateOfRise: Sendable, Hashable {
        public var dry: Double?
        public var mid: Double?
        public var finish: Double?
        public var total: Double?
    }

    public struct Curve: Sendable, Hashable {
        public var timeS: [Double] = []
        public var bt: [Double?] = []
        public var et: [Double?] = []
        public var ror: [Double?] = []
    }

    public var unit: String
    public var events = Events()
    public var phases = Phases()
    public var dtrPct: Double?
    public var weightInG: Double?
    public var weightOutG: Double?
    public var weightLossPct: Double?
    public var ror = RateOfRise()
    public var curve = Curve()
}
