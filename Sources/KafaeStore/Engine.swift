/// The SQL engine behind a ``Database``.
public enum Engine: String, Sendable {
    case sqlite
    case postgres
}
