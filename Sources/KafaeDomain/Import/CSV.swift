/// A small RFC 4180 CSV reader: quoted fields with doubled quotes, commas and line breaks inside quotes,
/// CRLF or LF, an optional UTF-8 byte order mark. Each record keeps the line it started on, for error reports.
public enum CSV {
    public struct Record: Sendable, Equatable {
        /// 1-based line of the file where the record starts.
        public let line: Int
        public let fields: [String]
    }

    public static func parse(_ text: String) -> [Record] {
        var records: [Record] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        var first = true

        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            atFieldStart = true
        }
        while let c = next() {
            if first { first = false; if c == "\u{FEFF}" { continue } }
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart:
                inQuotes = true
                atFieldStart = false
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                if let n = next(), n != "\n" { pending = n }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// A header matched loosely: case, spaces, dots and other punctuation ignored (`Clean.Cup` = `clean cup`).
    public static func key(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { CharacterSetAlnum.contains($0) }.map(Character.init))
    }

    /// Quotes a field when it needs quoting.
    public static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

enum CharacterSetAlnum {
    static func contains(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || ("0"..."9").contains(s)
    }
}
