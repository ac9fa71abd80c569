/// A configuration value that cannot be used; the message says which and why.
public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
