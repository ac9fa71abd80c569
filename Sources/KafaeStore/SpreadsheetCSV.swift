import Foundation
import KafaeDomain

/// CSV cells for files people open in a spreadsheet (OWASP "CSV injection").
public enum SpreadsheetCSV {
    /// First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (or, for tab, carriage
    /// return and line feed, hide one behind them).
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n"]

    /// A text cell: one that starts like a formula gets a leading `'` (shown as text, the rest kept as typed) and is
    /// quoted; anything else is quoted only when RFC 4180 needs it.
    public static func text(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, formulaStarts.contains(first) else { return CSV.escape(s) }
        return "\"'" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A numeric cell we formatted from a number (`-1.5`, `12`): written as is. Anything else is treated as text.
    public static func number(_ s: String) -> String {
        if s.isEmpty || Double(s) != nil, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") }) { return s }
        return text(s)
    }
}
