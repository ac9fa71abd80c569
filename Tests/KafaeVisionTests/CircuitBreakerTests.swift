import Foundation
import XCTest
@testable import KafaeVision

final class ManualClock: @unchecked Sendable {
    var t = 1000.0
}

struct Boom: Error {}

final class CircuitBreakerTests: XCTestCase {
    func testOpensAfterFailuresFailsFastThenTriesAgain() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(failureThreshold: 3, openFor: 30, now: { clock.t })
        for _ in 0..<3 {
            do { _ = try await breaker.call { () async throws -> Int in throw Boom() } } catch is Boom {}
        }
        let open = await breaker.state
        XCTAssertEqual(open, .open(until: 1030))
        do {
            _ = try await breaker.call { 1 }
            XCTFail("an open circuit fails fast")
        } catch let e as CircuitBreaker.OpenError {
            XCTAssertEqual(e.retryAfter, 30)
        }
        clock.t = 1031
        do { _ = try await breaker.call { () async throws -> Int in throw Boom() } } catch is Boom {}
        let reopened = await breaker.state
        XCTAssertEqual(reopened, .open(until: 1061), "a failed trial call opens the circuit again")
        clock.t = 1062
        let value = try await breaker.call { 7 }
        XCTAssertEqual(value, 7)
        let closed = await breaker.state
        XCTAssertEqual(closed, .closed)
    }

    func testRetryPolicyRetriesOnlyWhatIsRetryable() async throws {
        let policy = RetryPolicy(attempts: 3, baseDelay: 0.001, maxDelay: 0.004)
        XCTAssertEqual(policy.ceiling(beforeAttempt: 1), 0.001)
        XCTAssertEqual(policy.ceiling(beforeAttempt: 5), 0.004)
        final class Counter: @unchecked Sendable { var n = 0 }
        let c = Counter()
        let v = try await policy.run(retryable: { _ in true }) { () async throws -> Int in
            c.n += 1
            if c.n < 3 { throw Boom() }
            return c.n
        }
        XCTAssertEqual(v, 3)
        let d = Counter()
        do {
            _ = try await policy.run(retryable: { _ in false }) { () async throws -> Int in d.n += 1; throw Boom() }
        } catch is Boom {}
        XCTAssertEqual(d.n, 1, "a call that is not worth retrying is tried once")
    }
}
