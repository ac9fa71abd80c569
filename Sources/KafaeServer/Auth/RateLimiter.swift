import Foundation
import KafaeDomain

/// Token buckets per key, kept in this process (DESIGN §2: limits are per task while there is no shared cache).
///
/// A bucket holds `count` tokens and refills continuously over `seconds`; each request takes one.
///
/// Memory is bounded: a bucket that has refilled completely carries no information (a new one starts full), so
/// it is dropped by a sweep every `sweepInterval` seconds; and the table never holds more than `maxKeys` buckets.
/// When it is full, the fullest buckets go first: the ones still limiting someone (nearly empty) are kept, so an
/// attacker rotating addresses or e-mails cannot flush the bucket of the account they are guessing at.
public final class RateLimiter: @unchecked Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: TimeInterval
        let capacity: Double
        /// Tokens per second.
        let rate: Double

        /// The tokens the bucket holds at `t`.
        func level(at t: TimeInterval) -> Double {
            min(capacity, tokens + max(0, t - updated) * rate)
        }

        func isFull(at t: TimeInterval) -> Bool { level(at: t) >= capacity }
    }

    /// The default bound on the bucket table (about 10 MB at most).
    public static let defaultMaxKeys = 100_000

    private var buckets: [String: Bucket] = [:]
    private let lock = NSLock()
    private var lastSweep: TimeInterval
    private let now: @Sendable () -> TimeInterval
    public let maxKeys: Int
    private let sweepInterval: TimeInterval

    public init(maxKeys: Int = RateLimiter.defaultMaxKeys, sweepInterval: TimeInterval = 60,
                now: @escaping @Sendable () -> TimeInterval = { Date().timeIntervalSince1970 }) {
        self.now = now
        self.maxKeys = max(1, maxKeys)
        self.sweepInterval = sweepInterval
        self.lastSweep = now()
    }

    /// How many buckets are held now.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return buckets.count
    }

    /// Takes a token for `key`, or throws `rate.limited` with the seconds until one is free (`Retry-After`).
    public func take(_ key: String, _ limit: RateLimit) throws {
        if let wait = acquire(key, limit) {
            let seconds = String(max(1, Int(wait.rounded(.up))))
            throw KafaeError("rate.limited", params: ["seconds": seconds], headers: ["Retry-After": seconds])
        }
    }

    /// Returns nil when a token was taken, else the seconds to wait.
    func acquire(_ key: String, _ limit: RateLimit) -> Double? {
        let t = now()
        let capacity = Double(limit.count)
        let rate = capacity / limit.seconds
        lock.lock()
        defer { lock.unlock() }
        if t - lastSweep >= sweepInterval || t < lastSweep { sweep(t) }
        var bucket: Bucket
        if let existing = buckets[key] {
            bucket = existing
        } else {
            if buckets.count >= maxKeys { makeRoom(t) }
            bucket = Bucket(tokens: capacity, updated: t, capacity: capacity, rate: rate)
        }
        bucket.tokens = bucket.level(at: t)
        bucket.updated = t
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            buckets[key] = bucket
            return nil
        }
        buckets[key] = bucket
        return (1 - bucket.tokens) / rate
    }

    /// Drops the buckets that have refilled: forgetting them changes nothing.
    private func sweep(_ t: TimeInterval) {
        lastSweep = t
        buckets = buckets.filter { !$0.value.isFull(at: t) }
    }

    /// Frees a tenth of the table for new keys: full buckets first, then the fullest ones.
    private func makeRoom(_ t: TimeInterval) {
        sweep(t)
        let target = maxKeys - max(1, maxKeys / 10)
        guard buckets.count > target else { return }
        let victims = buckets
            .map { (key: $0.key, fill: $0.value.level(at: t) / $0.value.capacity, updated: $0.value.updated) }
            .sorted { ($0.fill, -$0.updated) > ($1.fill, -$1.updated) }
            .prefix(buckets.count - target)
        for v in victims { buckets[v.key] = nil }
    }
}
