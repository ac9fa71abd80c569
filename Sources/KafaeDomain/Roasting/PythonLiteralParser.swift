import Foundation

/// Reads the Python-literal dict that Artisan writes (`str(dict)`: single quotes, True/False/None, tuples)
/// and also plain JSON, into a ``JSONValue``. Non-finite numbers (nan, inf) become null.
///
/// Total on any input: time and memory are linear in the input's size, nesting is capped at ``maxDepth`` (the
/// recursion stays far from the end of a small thread stack, even in a debug build), and a container may be
/// capped at `maxItems` entries.
public struct PythonLiteralParser {
    public struct SyntaxError: Error, Sendable, Equatable {
        public let offset: Int
        public let reason: String
    }

    /// A list or dict holds more than the `maxItems` given to ``parse(_:maxItems:)``.
    public struct TooManyItems: Error, Sendable, Equatable {
        public let offset: Int
        public let max: Int
    }

    /// The deepest nesting of lists, tuples and dicts accepted (an Artisan log nests 3 deep).
    public static let maxDepth = 64
    /// The longest number accepted, in characters (a double needs at most 24).
    public static let maxNumberLength = 400

    private let bytes: [UInt8]
    private let maxItems: Int
    private var i = 0
    private var depth = 0

    /// Parses one value. Throws ``SyntaxError`` for malformed or too deeply nested text and ``TooManyItems`` when a
    /// container holds more than `maxItems` entries.
    public static func parse(_ data: Data, maxItems: Int = .max) throws -> JSONValue {
        var p = PythonLiteralParser(bytes: [UInt8](data), maxItems: maxItems)
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.bytes.count else { throw SyntaxError(offset: p.i, reason: "unexpected text after the value") }
        return v
    }

    private init(bytes: [UInt8], maxItems: Int) {
        // A UTF-8 byte order mark is allowed before the value.
        self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        self.maxItems = maxItems
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private func fail(_ reason: String) -> SyntaxError { SyntaxError(offset: i, reason: reason) }

    private mutating func value() throws -> JSONValue {
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try container(close: UInt8(ascii: "}"), dict: true)
        case UInt8(ascii: "["): return try container(close: UInt8(ascii: "]"), dict: false)
        case UInt8(ascii: "("): return try container(close: UInt8(ascii: ")"), dict: false)
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "u"), UInt8(ascii: "b"), UInt8(ascii: "r"), UInt8(ascii: "U"), UInt8(ascii: "B"), UInt8(ascii: "R"):
            if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "'") || bytes[i + 1] == UInt8(ascii: "\"") {
                let raw = bytes[i] == UInt8(ascii: "r") || bytes[i] == UInt8(ascii: "R")
                i += 1
                return .string(try string(raw: raw))
            }
            return try word()
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
            return try number()
        default:
            return try word()
        }
    }

    private mutating func container(close: UInt8, dict: Bool) throws -> JSONValue {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nested too deeply") }
        defer { depth -= 1 }
        i += 1
        var object: [String: JSONValue] = [:]
        var array: [JSONValue] = []
        var items = 0
        skipSpace()
        while true {
            guard i < bytes.count else { throw fail("unclosed container") }
            if bytes[i] == close { i += 1; break }
            items += 1
            guard items <= maxItems else { throw TooManyItems(offset: i, max: maxItems) }
            if dict {
                let key: String
                switch try value() {
                case .string(let s): key = s
                case .number(let n): key = Self.keyText(n)
                case .bool(let b): key = b ? "True" : "False"
                default: throw fail("unsupported dict key")
                }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipSpace()
                object[key] = try value()
            } else {
                array.append(try value())
            }
            skipSpace()
            guard i < bytes.count else { throw fail("unclosed container") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
            } else if bytes[i] != close {
                throw fail("expected ',' or a closing bracket")
            }
        }
        return dict ? .object(object) : .array(array)
    }

    /// A number used as a dict key, as Python's `str` writes it: `1` for a whole number, `1e+19` past Int64 and
    /// `2.5` otherwise. Never traps (no `Int(Double)` on an arbitrary value).
    static func keyText(_ n: Double) -> String {
        if let whole = Int64(exactly: n) { return String(whole) }
        return String(n)
    }

    private mutating func string(raw: Bool = false) throws -> String {
        let quote = bytes[i]
        i += 1
        var out = [UInt8]()
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let c = bytes[i]
            if c == quote { i += 1; break }
            if c == UInt8(ascii: "\\") && !raw {
                i += 1
                guard i < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "0"): out.append(0x00)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "x"): try appendScalar(hexDigits: 2, to: &out)
                case UInt8(ascii: "u"): try appendScalar(hexDigits: 4, to: &out)
                case UInt8(ascii: "U"): try appendScalar(hexDigits: 8, to: &out)
                case 0x0A: break // line continuation
                default: out.append(e) // \\ \' \" and anything else taken literally
                }
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func appendScalar(hexDigits: Int, to out: inout [UInt8]) throws {
        guard i + hexDigits <= bytes.count, let code = UInt32(String(decoding: bytes[i..<i + hexDigits], as: UTF8.self), radix: 16)
        else { throw fail("bad escape") }
        i += hexDigits
        var scalar = Unicode.Scalar(code)
        // JSON writes characters outside the BMP as two \u escapes (a surrogate pair).
        if (0xD800...0xDBFF).contains(code), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
           let low = UInt32(String(decoding: bytes[i + 2..<i + 6], as: UTF8.self), radix: 16), (0xDC00...0xDFFF).contains(low) {
            i += 6
            scalar = Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
        }
        out.append(contentsOf: Array(String(Character(scalar ?? "\u{FFFD}")).utf8))
    }

    private mutating func number() throws -> JSONValue {
        let start = i
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        // -inf, -nan, -Infinity
        if i < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[i] | 0x20) {
            _ = try word()
            return .null
        }
        scan: while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "_"):
                break
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                if i > start, bytes[i - 1] != UInt8(ascii: "e"), bytes[i - 1] != UInt8(ascii: "E") { break scan }
            default:
                break scan
            }
            i += 1
            // No program writes a number of hundreds of digits: refuse one before converting megabytes of it.
            guard i - start <= Self.maxNumberLength else { throw SyntaxError(offset: start, reason: "number too long") }
        }
        // Python allows `_` between digits (1_000).
        let text = String(decoding: bytes[start..<i].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let d = Double(text) else { throw SyntaxError(offset: start, reason: "bad number '\(text)'") }
        return d.isFinite ? .number(d) : .null
    }

    private mutating func word() throws -> JSONValue {
        let start = i
        while i < bytes.count, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[i]) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[i]) {
            i += 1
        }
        switch String(decoding: bytes[start..<i], as: UTF8.self) {
        case "True", "true": return .bool(true)
        case "False", "false": return .bool(false)
        case "None", "null": return .null
        case "nan", "NaN", "inf", "Infinity", "infinity": return .null
        default: throw SyntaxError(offset: start, reason: "unexpected text")
        }
    }
}
