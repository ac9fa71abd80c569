import KafaeDomain

/// What an import did: rows imported, rows already there, and every row that could not be used.
public struct ImportReport: Sendable, Equatable {
    /// A row that could not be used: its line, and the error, rendered like every other error (``ErrorPayload``) by
    /// whoever shows it: the HTTP answer, the command line.
    public struct RowError: Sendable, Equatable {
        public let line: Int
        public let error: KafaeError

        public init(line: Int, error: KafaeError) {
            self.line = line
            self.error = error
        }

        public var code: String { error.code }

        /// The error in both languages, with the field it concerns.
        public func payload(language: Language?) -> ErrorPayload { ErrorPayload(error, language: language) }
    }

    public var imported = 0
    public var skipped = 0
    public var errors: [RowError] = []

    public init() {}
}
