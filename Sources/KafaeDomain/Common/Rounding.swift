/// Rounds half away from zero to a multiple of `step` (e.g. 0.25, 0.1), the way a person rounds on paper.
/// Works in integer steps so binary fractions do not push a tie the wrong way.
public func roundToStep(_ value: Double, _ step: Double) -> Double {
    let scaled = value / step
    let nudged = scaled + (scaled >= 0 ? 1e-9 : -1e-9)
    return nudged.rounded(.toNearestOrAwayFromZero) * step
}

/// Rounds to `places` decimal places, half away from zero, and cleans binary noise (12.300000000000001 → 12.3).
public func roundPlaces(_ value: Double, _ places: Int) -> Double {
    var p = 1.0
    for _ in 0..<places { p *= 10 }
    return (value * p + (value >= 0 ? 1e-9 : -1e-9)).rounded(.toNearestOrAwayFromZero) / p
}
