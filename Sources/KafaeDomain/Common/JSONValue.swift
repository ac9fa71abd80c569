import Foundation

/// A JSON value as it came over the wire.
///
/// Request bodies and sync mutations are first read into `JSONValue` so that validation can tell
/// an absent field from an explicit `null`, reject unknown fields and name the field at fault.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The JSON type name used in validation messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var isNull: Bool { if case .null = self { true } else { false } }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? container.decode(Double.self) {
            self = .number(n)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else if let o = try? container.decode([String: JSONValue].self) {
            self = .object(o)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n):
            // JSON has no NaN or infinity: they are written as null (as JavaScript's JSON.stringify does), never
            // an encoding error that would lose the whole value.
            if !n.isFinite {
                try container.encodeNil()
            } else if n.rounded() == n, abs(n) < 9_007_199_254_740_992, let whole = Int64(exactly: n) {
                try container.encode(whole)
            } else {
                try container.encode(n)
            }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

extension JSONValue {
    /// The deepest nesting of arrays and objects ``parse(_:)`` accepts. Foundation's decoder allows 512 levels, but
    /// decoding a `JSONValue` takes a few KiB of stack per level in a debug build: some 150 levels overflow a
    /// 512 KiB thread stack. No Kafae body nests more than 6 deep.
    public static let maxDepth = 64

    /// The text nests arrays and objects deeper than ``maxDepth``.
    public struct TooDeep: Error, Sendable, Equatable {
        public let offset: Int
    }

    /// Parses UTF-8 JSON text. Throws ``TooDeep`` past ``maxDepth`` levels (checked first, in one pass without
    /// recursion), or the decoder's error for text that is not JSON.
    public static func parse(_ data: Data) throws -> JSONValue {
        try checkDepth(data)
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Counts bracket depth outside strings; only what the decoder would accept matters, so anything odd is left to it.
    static func checkDepth(_ data: Data) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var depth = 0
            var inString = false
            var escaped = false
            for (offset, b) in bytes.enumerated() {
                if inString {
                    if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > maxDepth { throw TooDeep(offset: offset) }
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                default: break
                }
            }
        }
    }

    /// Compact JSON text with sorted keys (stable for storage and comparison).
    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self)
    }
}
