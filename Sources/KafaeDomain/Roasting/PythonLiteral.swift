import Foundation

/// Reads the Python-literal dict that Artisan writes (`str(dict)`: single quotes, True/False/None, tuples)
/// and also plain JSON, into a ``JSONValue``. Non-finite numbers (nan, inf) become null.
public struct PythonLiteralParser {
    public struct SyntaxError: Error, Sendable, Equatable {
        public let offset: Int
        public let reason: String
    }

    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0

    public static func parse(_ data: Data) throws -> JSONValue {
        var p = PythonLiteralParser(bytes: [UInt8](data))
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.bytes.count else { throw SyntaxError(offset: p.i, reason: "unexpected text after the value") }
        return v
    }

    private init(bytes: [UInt8]) {
        // A UTF-8 byte order mark is allowed before the value.
        self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
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
        guard depth < 200 else { throw fail("nested too deeply") }
        defer { depth -= 1 }
        i += 1
        var object: [String: JSONValue] = [:]
        var array: [JSONValue] = []
        skipSpace()
        while true {
            guard i < bytes.count else { throw fail("unclosed container") }
            if bytes[i] == close { i += 1; break }
            if dict {
                let key: String
                switch try value() {
                case .string(let s): key = s
                case .number(let n): key = n.rounded() == n ? String(Int(n)) : String(n)
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
        while i < bytes.count, "0123456789.eE+-_".utf8.contains(bytes[i]) {
            if (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")), i > start,
               bytes[i - 1] != UInt8(ascii: "e"), bytes[i - 1] != UInt8(ascii: "E") { break }
            i += 1
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self).replacingOccurrences(of: "_", with: "")
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
