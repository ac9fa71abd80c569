import Foundation
import KafaeDomain

/// Token buckets per key, kept in this process (DESIGN §2: limits are per task while there is no shared cache).
///
/// A bucket holds `count` tokens and refills continuously over `seconds`; each request takes one.
public final class RateLimiter: @unchecked Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: TimeInterval
    }

    private var buckets: [String: Bucket] = [:]
    private let lock = NSLock()
    private var lastSweep: TimeInterval = 0
    private let now: @Sendable () -> TimeInterval

    public init(now: @escaping @Sendable () -> TimeInterval = { Date().timeIntervalSince1970 }) {
        self.now = now
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
        let rate = Double(limit.count) / limit.seconds
        lock.lock()
        defer { lock.unlock() }
        sweep(t)
        var bucket = buckets[key] ?? Bucket(tokens: Double(limit.count), updated: t)
        bucket.tokens = min(Double(limit.count), bucket.tokens + (t - bucket.updated) * rate)
        bucket.updated = t
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            buckets[key] = bucket
            return nil
        }
        buckets[key] = bucket
        return (1 - bucket.tokens) / rate
    }

    /// Drops buckets idle for ten minutes so memory stays bounded.
    private func sweep(_ t: TimeInterval) {
        guard t - lastSweep > 60 else { return }
        lastSweep = t
        buckets = buckets.filter { t - $0.value.updated < 600 }
    }
}
