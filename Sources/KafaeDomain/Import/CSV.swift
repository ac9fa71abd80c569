/// A small RFC 4180 CSV reader: quoted fields with doubled quotes, commas and line breaks inside quotes,
/// CRLF or LF, an optional UTF-8 byte order mark. Each record keeps the line it started on, for error reports.
///
/// One pass over the text's scalars: time and memory are linear in its size, and ``parse(_:maxRecords:maxFields:)``
/// stops as soon as a cap is passed, before the rest is read into memory.
public enum CSV {
    public struct Record: Sendable, Equatable {
        /// 1-based line of the file where the record starts.
        public let line: Int
        public let fields: [String]
    }

    /// A cap of ``parse(_:maxRecords:maxFields:)`` was passed.
    public enum LimitError: Error, Sendable, Equatable {
        /// More than `max` non-empty records (the header included); `line` is where the first one too many starts.
        case tooManyRecords(max: Int, line: Int)
        /// A record with more than `max` fields, starting on `line`.
        case tooManyFields(max: Int, line: Int)
    }

    public static func parse(_ text: String) -> [Record] {
        // Without caps nothing can throw.
        (try? parse(text, maxRecords: .max, maxFields: .max)) ?? []
    }

    /// Parses at most `maxRecords` non-empty records of at most `maxFields` fields each; throws ``LimitError`` past either.
    public static func parse(_ text: String, maxRecords: Int, maxFields: Int) throws -> [Record] {
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
        func endField() throws {
            guard fields.count < maxFields else { throw LimitError.tooManyFields(max: maxFields, line: recordLine) }
            fields.append(field)
            field = ""
            atFieldStart = true
        }
        func endRecord() throws {
            try endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                guard records.count < maxRecords else { throw LimitError.tooManyRecords(max: maxRecords, line: recordLine) }
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
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
                try endField()
            case "\r":
                if let n = next(), n != "\n" { pending = n }
                try endRecord()
                line += 1
                recordLine = line
            case "\n":
                try endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
        }
        if !field.isEmpty || !fields.isEmpty { try endRecord() }
        return records
    }

    /// A header matched loosely: case, spaces, dots and other punctuation ignored (`Clean.Cup` = `clean cup`).
    public static func key(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { CharacterSetAlnum.contains($0) }.map(Character.init))
    }

    /// Quotes a field when it needs quoting.
    public static func escape(_ s: String) -> String {
        // Unicode scalars, not Characters: "\r\n" is a single Character, equal to neither "\r" nor "\n".
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

enum CharacterSetAlnum {
    static func contains(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || ("0"..."9").contains(s)
    }
}
