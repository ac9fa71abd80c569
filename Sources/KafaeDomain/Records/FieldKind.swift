/// The kind of value a record field holds; decides its JSON type and its SQL column type.
public enum FieldKind: Sendable, Hashable {
    case text
    case double
    case integer
    case bool
    /// An array or object, stored as JSON text.
    case json
}
