/// Reads a request's `Accept-Encoding` (RFC 9110 §12.5.3) for the one question the server asks: may it send gzip?
///
/// gzip is sent only when the client names it (or its old alias `x-gzip`) with a weight above zero, or accepts `*`
/// with a weight above zero without naming gzip. `gzip;q=0` is a refusal, and so is anything unreadable: identity is
/// always acceptable, so when in doubt the plain file goes out.
enum AcceptEncoding {
    static func allowsGzip(_ fieldValues: [String]) -> Bool {
        var gzip: Double?, any: Double?
        for field in fieldValues {
            for member in field.split(separator: ",") {
                let parts = member.split(separator: ";", omittingEmptySubsequences: false)
                let coding = parts[0].trimmingASCIISpaces().lowercased()
                guard let weight = Self.weight(parts.dropFirst()) else { continue }
                switch coding {
                case "gzip", "x-gzip": gzip = max(gzip ?? 0, weight)
                case "*": any = max(any ?? 0, weight)
                default: break
                }
            }
        }
        if let gzip { return gzip > 0 }
        return (any ?? 0) > 0
    }

    /// The `q` parameter (1 when absent); nil when it is malformed or outside 0…1.
    private static func weight(_ parameters: ArraySlice<Substring>) -> Double? {
        for parameter in parameters {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingASCIISpaces() }
            guard pair.count == 2, pair[0].lowercased() == "q" else { continue }
            guard pair[1].count <= 5, pair[1].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let q = Double(pair[1]), (0...1).contains(q) else { return nil }
            return q
        }
        return 1
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    fileprivate func trimmingASCIISpaces() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
