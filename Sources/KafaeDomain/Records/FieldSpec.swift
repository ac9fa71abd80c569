/// One field of a synced record: its API name (camelCase) and its column (snake_case).
public struct FieldSpec: Sendable, Hashable {
    public let name: String
    public let column: String
    public let kind: FieldKind

    public init(_ name: String, _ column: String, _ kind: FieldKind) {
        self.name = name
        self.column = column
        self.kind = kind
    }
}
