import Foundation
import KafaeStore
import Logging
import ServiceLifecycle

/// Collects tombstones older than the configured horizon once an hour while the server runs.
public struct TombstoneService: Service {
    let db: any Database
    let horizonDays: Int
    let logger: Logger

    public init(db: any Database, horizonDays: Int, logger: Logger) {
        self.db = db
        self.horizonDays = horizonDays
        self.logger = logger
    }

    public func run() async throws {
        // Shutting down cancels the hourly sleep: that is the normal end of this service, not a failure of it.
        do {
            try await collectHourly()
        } catch is CancellationError {}
    }

    func collectHourly() async throws {
        try await cancelWhenGracefulShutdown {
            // The server migrates before it listens, while services already run: start once the schema is current.
            while !Task.isCancelled, (try? await Migrator.currentVersion(db)) != Migrator.latestVersion {
                try await Task.sleep(nanoseconds: 200_000_000)
            }
            while !Task.isCancelled {
                do {
                    let removed = try await TombstoneCollector.collect(db, olderThan: Clock.nowMs() - Int64(horizonDays) * 86_400_000)
                    if removed > 0 { logger.info("collected tombstones", metadata: ["count": .stringConvertible(removed)]) }
                } catch where Task.isCancelled || error is CancellationError {
                    // Shutdown interrupted a collection in flight: the next start collects again, nothing is lost.
                    return
                } catch {
                    logger.warning("tombstone collection failed", metadata: ["error": .string(String(describing: error))])
                }
                try await Task.sleep(nanoseconds: 3_600_000_000_000)
            }
        }
    }
}
