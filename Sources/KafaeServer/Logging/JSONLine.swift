import Logging

/// One log line as JSON bytes: objects with keys in sorted order (lines compare and grep the same way every time),
/// strings escaped as RFC 8259 requires, nothing else.
struct JSONLine {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(256) }

    mutating func object(_ fields: Logger.Metadata) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for key in fields.keys.sorted() {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            string(key)
            bytes.append(UInt8(ascii: ":"))
            value(fields[key]!)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func value(_ v: Logger.Metadata.Value) {
        switch v {
        case .string(let s): string(s)
        case .stringConvertible(let c): string(c.description)
        case .dictionary(let d): object(d)
        case .array(let a):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in a.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func newline() { bytes.append(0x0A) }
}
