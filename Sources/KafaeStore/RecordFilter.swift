/// A filter on a list: a column equal to a value, or a case-insensitive substring search over columns.
public enum RecordFilter: Sendable {
    case equals(column: String, value: String)
    case search(columns: [String], text: String)
    /// Lots whose latest cup score lies in a range (either end open).
    case latestCupScore(min: Double?, max: Double?)
}
