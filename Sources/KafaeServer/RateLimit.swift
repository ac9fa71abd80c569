/// At most `count` requests per `seconds`.
public struct RateLimit: Sendable, Equatable {
    public var count: Int
    public var seconds: Double

    public init(count: Int, seconds: Double) {
        self.count = count
        self.seconds = seconds
    }

    /// Parses `COUNT/SECONDS`, e.g. `10/60`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let c = Int(parts[0]), let s = Double(parts[1]), c > 0, s > 0 else { return nil }
        self.init(count: c, seconds: s)
    }
}
