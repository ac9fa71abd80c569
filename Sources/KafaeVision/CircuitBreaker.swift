import Foundation

/// Guards calls to the inference service: after `failureThreshold` consecutive failures the circuit opens and calls
/// fail fast for `openFor` seconds; then one trial call is let through (half-open) and its outcome closes or reopens
/// the circuit.
public actor CircuitBreaker {
    public enum State: Equatable, Sendable { case closed, open(until: Double), halfOpen }

    public struct OpenError: Error, Equatable {
        /// Seconds until a call will be tried again.
        public let retryAfter: Double
    }

    public let failureThreshold: Int
    public let openFor: Double
    private let now: @Sendable () -> Double
    public private(set) var state: State = .closed
    private var failures = 0
    private var trialInFlight = false

    public init(failureThreshold: Int = 5, openFor: Double = 30, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.failureThreshold = failureThreshold
        self.openFor = openFor
        self.now = now
    }

    /// Runs `body` unless the circuit is open.
    public func call<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try admit()
        do {
            let value = try await body()
            record(success: true)
            return value
        } catch {
            record(success: false)
            throw error
        }
    }

    func admit() throws {
        switch state {
        case .closed:
            return
        case .open(let until):
            let t = now()
            guard t >= until else { throw OpenError(retryAfter: until - t) }
            state = .halfOpen
            trialInFlight = true
        case .halfOpen:
            guard !trialInFlight else { throw OpenError(retryAfter: openFor) }
            trialInFlight = true
        }
    }

    func record(success: Bool) {
        trialInFlight = false
        if success {
            failures = 0
            state = .closed
            return
        }
        failures += 1
        if state == .halfOpen || failures >= failureThreshold {
            state = .open(until: now() + openFor)
        }
    }
}

/// When to try a failed call again: exponential back-off with full jitter, capped.
public struct RetryPolicy: Sendable {
    public let attempts: Int
    public let baseDelay: Double
    public let maxDelay: Double

    public init(attempts: Int = 3, baseDelay: Double = 0.2, maxDelay: Double = 2) {
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The longest wait before attempt `n` (1-based, after the first failure).
    public func ceiling(beforeAttempt n: Int) -> Double {
        min(maxDelay, baseDelay * pow(2, Double(max(0, n - 1))))
    }

    /// Runs `body` up to `attempts` times while `retryable` says the error is worth another try.
    public func run<T: Sendable>(retryable: @Sendable (any Error) -> Bool, _ body: @Sendable () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch {
                guard attempt < attempts, retryable(error) else { throw error }
                let wait = Double.random(in: 0...ceiling(beforeAttempt: attempt))
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                attempt += 1
            }
        }
    }
}
