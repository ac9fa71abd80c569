import Foundation
import KafaeServer
import KafaeStore
import KafaeTestSupport
import Logging
import XCTest

/// Log lines kept in memory, so a test can say which levels a service wrote.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [(Logger.Level, String)] = []

    func append(_ level: Logger.Level, _ message: String) {
        lock.lock(); lines.append((level, message)); lock.unlock()
    }

    var warningsAndErrors: [String] {
        lock.lock(); defer { lock.unlock() }
        return lines.filter { $0.0 >= .warning }.map(\.1)
    }

    func lines(atLeast level: Logger.Level) -> [String] {
        lock.lock(); defer { lock.unlock() }
        return lines.filter { $0.0 >= level }.map(\.1)
    }

    var logger: Logger {
        Logger(label: "kafae.test.captured") { _ in CapturedLogHandler(log: self) }
    }
}

struct CapturedLogHandler: LogHandler {
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        log.append(event.level, "\(event.message) \(event.metadata ?? [:])")
    }
}

final class TombstoneServiceTests: XCTestCase {
    /// Stopping the server while a collection is in flight is a normal end, never a warning in the log.
    /// Seeded so a failing stop point can be replayed.
    func testStoppingDuringACollectionLogsNoWarning() async throws {
        var rng = SeededRandom(state: 0x70_6D_62)
        let delays = (0..<24).map { _ in UInt64.random(in: 0...15_000_000, using: &rng) }
        try await TestDatabases.each { t in
            let log = CapturedLog()
            for delay in delays {
                let service = TombstoneService(db: t.db, horizonDays: 30, logger: log.logger)
                let task = Task { try await service.run() }
                try await Task.sleep(nanoseconds: delay)
                task.cancel()
                try await task.value
            }
            XCTAssertEqual(log.warningsAndErrors, [], "[\(t.engine)]")
        }
    }
}
