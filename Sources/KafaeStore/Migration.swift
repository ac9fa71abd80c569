/// One numbered schema change. Statements are written once with `{DOUBLE}` and `{BOOL}` standing for the
/// engine's column types, so both engines get the same schema.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: [String]
}
