import Foundation
import Logging

/// Writes one JSON object per log line to standard output: time, level, label, message and metadata
/// (including `requestId`), ready for CloudWatch Logs Insights.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    private static let lock = NSLock()

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "time": ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withInternetDateTime, .withFractionalSeconds]),
            "level": event.level.rawValue,
            "logger": label,
            "message": event.message.description,
        ]
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        for (k, v) in all { object[k] = Self.plain(v) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        Self.lock.lock()
        FileHandle.standardOutput.write(data + Data([0x0A]))
        Self.lock.unlock()
    }

    static func plain(_ v: Logger.Metadata.Value) -> Any {
        switch v {
        case .string(let s): return s
        case .stringConvertible(let c): return c.description
        case .array(let a): return a.map(plain)
        case .dictionary(let d): return d.mapValues(plain)
        }
    }
}
