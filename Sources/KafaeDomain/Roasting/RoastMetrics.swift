/// The roast formulas of DESIGN §7, written once: a roast batch (``RoastBatch``) and the analysis of an Artisan log
/// (``RoastAnalyzer``) both compute with them. Unrounded; each caller rounds and decides when a figure is known.
///
/// Sources: development time ratio as Artisan computes it in its profile information, DTR = (DROP − FCs) /
/// (DROP − CHARGE) × 100; weight loss (roast loss) = (green weight − roasted weight) / green weight × 100.
public enum RoastMetrics {
    /// Development time ratio, percent: the share of the roast (CHARGE → DROP) after first crack started.
    /// Times in seconds on one clock; by default from CHARGE (`chargeS` = 0). Nil when DROP is not after CHARGE.
    public static func developmentTimeRatioPct(firstCrackS: Double, dropS: Double, chargeS: Double = 0) -> Double? {
        let total = dropS - chargeS
        guard total > 0 else { return nil }
        return (dropS - firstCrackS) / total * 100
    }

    /// Weight loss, percent of the green weight. Weights in one unit. Nil when the green weight is not positive.
    public static func weightLossPct(greenWeight: Double, roastedWeight: Double) -> Double? {
        guard greenWeight > 0 else { return nil }
        return (greenWeight - roastedWeight) / greenWeight * 100
    }
}
