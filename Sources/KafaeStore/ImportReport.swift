/// What an import did: rows imported, rows already there, and every row that could not be used.
public struct ImportReport: Sendable, Equatable {
    public struct RowError: Sendable, Equatable {
        public let line: Int
        public let code: String
        public let messageTh: String
        public let messageEn: String
    }

    public var imported = 0
    public var skipped = 0
    public var errors: [RowError] = []

    public init() {}
}
