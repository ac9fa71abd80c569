import Foundation

/// Computes roast metrics the way Artisan does, so a roaster sees the same numbers in both.
///
/// Sources: Artisan's computed profile information — turning point = the lowest BT reading between CHARGE and
/// DRY END (or first crack, or DROP), the latest of equal lows; phase RoR = ΔBT / Δt × 60 from TP to DRY END
/// (dry), DRY END to FCs (mid), FCs to DROP (finish), TP to DROP (total); DTR = (DROP − FCs) / (DROP − CHARGE) ×
/// 100 and weight loss = (green − roasted) / green × 100, both by ``RoastMetrics``.
public enum RoastAnalyzer {
    /// Seconds of samples the smoothed RoR curve fits a line through.
    public static let rorWindowS = 30.0
    /// Windows of up to this many samples (a sample every 0.24 s or slower; the real logs sample every 1.5–4.5 s) are
    /// summed afresh in sample order; larger ones (dense or equal times) use running sums, so the curve stays linear.
    static let directWindowSamples = 128

    /// Checks what the arithmetic relies on, for a profile from anywhere (``ArtisanLog`` or built in code): at most
    /// ``ArtisanLog/maxSamples`` samples, one reading per sample, finite times that never decrease, finite readings
    /// and weights within range. After this every computed figure is finite.
    static func validate(_ p: RoastProfile) throws {
        func bad(_ field: String) -> KafaeError { KafaeError("roast.bad_field", params: ["field": field]) }
        guard p.time.count <= ArtisanLog.maxSamples else { throw ArtisanLog.tooManySamples }
        var last = -ArtisanLog.maxTimeS
        for t in p.time {
            guard t.isFinite, abs(t) <= ArtisanLog.maxTimeS, t >= last else { throw bad("timex") }
            last = t
        }
        for (key, list) in [("temp1", p.et), ("temp2", p.bt)] {
            guard list.count == p.time.count else { throw bad(key) }
            for v in list { if let v, !(v.isFinite && abs(v) <= ArtisanLog.maxReading) { throw bad(key) } }
        }
        for w in [p.weightInG, p.weightOutG] {
            if let w, !(w.isFinite && w <= ArtisanLog.maxWeightG) { throw bad("weight") }
        }
    }

    public static func analyze(_ p: RoastProfile) throws -> RoastAnalysis {
        guard let charge = p.charge else { throw KafaeError("roast.no_charge") }
        guard charge >= 0, charge < p.time.count else { throw KafaeError("roast.no_samples") }
        try validate(p)
        let t0 = p.time[charge]
        func t(_ i: Int) -> Double { p.time[i] - t0 }
        func s(_ i: Int?) -> Double? { i.map { roundPlaces(t($0), 1) } }
        func b(_ i: Int?) -> Double? { i.flatMap { p.bt[$0] }.map { roundPlaces($0, 1) } }

        var a = RoastAnalysis(unit: p.unit)
        // Events after CHARGE only: a mark before it is a mistake in the log, not an event (nor is one past the end).
        func after(_ i: Int?) -> Int? { i.flatMap { $0 > charge && $0 < p.time.count ? $0 : nil } }
        var dryEnd = after(p.dryEnd)
        let fcs = after(p.firstCrack), fce = after(p.firstCrackEnd), scs = after(p.secondCrack), sce = after(p.secondCrackEnd)
        let drop = after(p.drop), cool = after(p.cool)

        let searchEnd = dryEnd ?? fcs ?? drop ?? p.time.count
        var tp: Int?
        var low = Double.infinity
        var i = searchEnd - 1
        while i >= charge {
            if let v = p.bt[i], v > 0, v < low { low = v; tp = i }
            i -= 1
        }
        if dryEnd == nil, let limit = p.dryingEndTemp, let start = tp {
            let stop = fcs ?? drop ?? p.time.count
            if start < stop, let hit = (start..<stop).first(where: { (p.bt[$0] ?? -1) >= limit }) {
                dryEnd = hit
                a.events.dryEndEstimated = true
            }
        }

        a.events.chargeS = 0
        a.events.chargeBt = b(charge)
        a.events.chargeEt = p.et[charge].map { roundPlaces($0, 1) }
        a.events.turningPointS = s(tp)
        a.events.turningPointBt = b(tp)
        a.events.dryEndS = s(dryEnd)
        a.events.dryEndBt = b(dryEnd)
        a.events.firstCrackS = s(fcs)
        a.events.firstCrackBt = b(fcs)
        a.events.firstCrackEndS = s(fce)
        a.events.firstCrackEndBt = b(fce)
        a.events.secondCrackS = s(scs)
        a.events.secondCrackBt = b(scs)
        a.events.secondCrackEndS = s(sce)
        a.events.dropS = s(drop)
        a.events.dropBt = b(drop)
        a.events.dropEt = drop.flatMap { p.et[$0] }.map { roundPlaces($0, 1) }
        a.events.coolS = s(cool)

        if let d = dryEnd { a.phases.dryingS = roundPlaces(t(d), 1) }
        if let d = dryEnd, let f = fcs, f > d { a.phases.maillardS = roundPlaces(t(f) - t(d), 1) }
        if let f = fcs, let dr = drop, dr > f { a.phases.developmentS = roundPlaces(t(dr) - t(f), 1) }
        if let dr = drop { a.phases.totalS = roundPlaces(t(dr), 1) }
        if let f = fcs, let dr = drop, dr > f, t(dr) > 0, let dtr = RoastMetrics.developmentTimeRatioPct(firstCrackS: t(f), dropS: t(dr)) {
            a.dtrPct = roundPlaces(dtr, 1)
        }

        func rate(_ from: Int?, _ to: Int?) -> Double? {
            guard let from, let to, to > from, let b1 = p.bt[from], let b2 = p.bt[to] else { return nil }
            let dt = t(to) - t(from)
            guard dt > 0 else { return nil }
            let r = (b2 - b1) / dt * 60
            return r.isFinite ? roundPlaces(r, 1) : nil
        }
        a.ror = .init(dry: rate(tp ?? charge, dryEnd), mid: rate(dryEnd, fcs), finish: rate(fcs, drop), total: rate(tp ?? charge, drop))

        a.weightInG = p.weightInG.map { roundPlaces($0, 1) }
        a.weightOutG = p.weightOutG.map { roundPlaces($0, 1) }
        if let w = p.weightInG, let r = p.weightOutG, w > 0, r > 0, r <= w, let loss = RoastMetrics.weightLossPct(greenWeight: w, roastedWeight: r) {
            a.weightLossPct = roundPlaces(loss, 1)
        }
        a.curve = curve(p, from: charge, to: drop ?? p.time.count - 1)
        return a
    }

    /// BT, ET and a smoothed RoR (least-squares slope over the last ``rorWindowS`` seconds) from CHARGE to DROP.
    ///
    /// Linear in the number of samples, whatever the times: a window of at most ``directWindowSamples`` samples is
    /// summed afresh in sample order (the same figures, bit for bit, as always for real logs); a larger one, which
    /// only dense or equal times make, uses sums kept running as samples enter and leave the window.
    static func curve(_ p: RoastProfile, from start: Int, to end: Int) -> RoastAnalysis.Curve {
        var c = RoastAnalysis.Curve()
        guard start >= 0, start <= end, end < p.time.count else { return c }
        let t0 = p.time[start]
        let count = end - start + 1
        c.timeS.reserveCapacity(count)
        c.bt.reserveCapacity(count)
        c.et.reserveCapacity(count)
        c.ror.reserveCapacity(count)
        var windowStart = start
        /// The window's sums over BT readings, in sample order from its first sample to `last`.
        func sums(to last: Int) -> WindowSums {
            var s = WindowSums()
            for j in windowStart...last {
                if let v = p.bt[j] { s.add(p.time[j] - t0, v) }
            }
            return s
        }
        // Sums kept running as samples enter and leave the window, valid while `running` is true.
        var running = false
        var kept = WindowSums()
        for i in start...end {
            c.timeS.append(roundPlaces(p.time[i] - t0, 2))
            c.bt.append(p.bt[i].map { roundPlaces($0, 2) })
            c.et.append(p.et[i].map { roundPlaces($0, 2) })
            if running, let v = p.bt[i] { kept.add(p.time[i] - t0, v) }
            while p.time[i] - p.time[windowStart] > rorWindowS {
                if running, let v = p.bt[windowStart] { kept.remove(p.time[windowStart] - t0, v) }
                windowStart += 1
            }
            let s: WindowSums
            if i - windowStart < directWindowSamples {
                running = false
                s = sums(to: i)
            } else {
                if !running {
                    // Entering a large window: sum it once, then keep the sums running.
                    kept = sums(to: i)
                    running = true
                }
                s = kept
            }
            let denominator = s.n * s.tt - s.t * s.t
            let slope = (s.n * s.tb - s.t * s.b) / denominator * 60
            if s.n >= 3, p.time[i] - p.time[windowStart] >= rorWindowS / 2, denominator > 0, slope.isFinite {
                c.ror.append(roundPlaces(slope, 1))
            } else {
                c.ror.append(nil)
            }
        }
        return c
    }

    /// The least-squares sums of the RoR window over (time from CHARGE, BT) points: n, Σx, Σbt, Σx², Σx·bt.
    struct WindowSums {
        var n = 0.0, t = 0.0, b = 0.0, tt = 0.0, tb = 0.0

        mutating func add(_ x: Double, _ v: Double) {
            n += 1; t += x; b += v; tt += x * x; tb += x * v
        }

        mutating func remove(_ x: Double, _ v: Double) {
            n -= 1; t -= x; b -= v; tt -= x * x; tb -= x * v
        }
    }
}
