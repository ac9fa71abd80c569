import Foundation

/// Reads typed fields out of a JSON object and collects every problem, so one response names them all.
///
/// The same reader serves REST bodies and sync mutations: a field that is absent is `nil`, an explicit
/// `null` is ``Patch/clear`` and only allowed where the field is optional.
public struct FieldReader {
    public let object: [String: JSONValue]
    /// A prefix for field names in messages (`fields.` inside a sync mutation).
    public let prefix: String
    public private(set) var issues: [FieldIssue] = []

    public init(_ object: [String: JSONValue], prefix: String = "", allowed: Set<String>) {
        self.object = object
        self.prefix = prefix
        for key in object.keys.sorted() where !allowed.contains(key) {
            issues.append(.unknown(prefix + key))
        }
    }

    public mutating func add(_ issue: FieldIssue) { issues.append(issue) }
    public func name(_ key: String) -> String { prefix + key }
    public func has(_ key: String) -> Bool { object[key] != nil }

    /// Throws ``KafaeError/validation(_:)`` when anything was wrong.
    public func finish() throws {
        if !issues.isEmpty { throw KafaeError.validation(issues) }
    }

    // MARK: typed reads

    /// The value as sent: `.absent` when the key is missing, `.clear` for an explicit `null`, `.set` otherwise. A
    /// required field that is missing or `null` is reported and comes back `.absent`.
    private mutating func sent(_ key: String, required: Bool) -> Patch<JSONValue> {
        switch object[key] {
        case nil:
            if required { issues.append(.required(name(key))) }
            return .absent
        case .null?:
            if required { issues.append(.required(name(key))); return .absent }
            return .clear
        case let value?:
            return .set(value)
        }
    }

    /// A string, trimmed; blank strings are treated as absent for optional fields and rejected for required ones.
    public mutating func string(_ key: String, required: Bool = false, max: Int = 500, min: Int = 0) -> Patch<String> {
        switch sent(key, required: required) {
        case .absent: return .absent
        case .clear: return .clear
        case .set(.string(let raw)):
            let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if s.isEmpty {
                if required { issues.append(.init(field: name(key), code: "blank")); return .absent }
                return .clear
            }
            if s.count > max { issues.append(.tooLong(name(key), max: max)); return .absent }
            if s.count < min { issues.append(.tooShort(name(key), min: min)); return .absent }
            return .set(s)
        case .set:
            issues.append(.type(name(key), expected: "string"))
            return .absent
        }
    }

    /// A number within a closed range.
    public mutating func number(_ key: String, required: Bool = false, in range: ClosedRange<Double>) -> Patch<Double> {
        switch sent(key, required: required) {
        case .absent: return .absent
        case .clear: return .clear
        case .set(.number(let n)):
            guard n.isFinite, range.contains(n) else {
                issues.append(.range(name(key), min: Self.format(range.lowerBound), max: Self.format(range.upperBound)))
                return .absent
            }
            return .set(n)
        case .set:
            issues.append(.type(name(key), expected: "number"))
            return .absent
        }
    }

    /// A whole number within a closed range. Total: `Double(Int.max)` is 2⁶³, one past `Int.max`, so the
    /// conversion is checked (`Int(exactly:)`), never trapping.
    public mutating func integer(_ key: String, required: Bool = false, in range: ClosedRange<Int>) -> Patch<Int> {
        switch number(key, required: required, in: Double(range.lowerBound)...Double(range.upperBound)) {
        case .absent: return .absent
        case .clear: return .clear
        case .set(let n):
            guard n.rounded() == n else { issues.append(.type(name(key), expected: "integer")); return .absent }
            guard let i = Int(exactly: n), range.contains(i) else {
                issues.append(.range(name(key), min: String(range.lowerBound), max: String(range.upperBound)))
                return .absent
            }
            return .set(i)
        }
    }

    /// One of a fixed set of string values.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, required: Bool = false) -> Patch<T> where T.RawValue == String {
        switch string(key, required: required, max: 100) {
        case .absent: return .absent
        case .clear: return .clear
        case .set(let s):
            guard let v = T(rawValue: s) else {
                issues.append(.oneOf(name(key), T.allCases.map(\.rawValue)))
                return .absent
            }
            return .set(v)
        }
    }

    public mutating func bool(_ key: String, required: Bool = false) -> Patch<Bool> {
        switch sent(key, required: required) {
        case .absent: return .absent
        case .clear: return .clear
        case .set(.bool(let b)): return .set(b)
        case .set:
            issues.append(.type(name(key), expected: "boolean"))
            return .absent
        }
    }

    /// An e-mail address, lower-cased.
    public mutating func email(_ key: String, required: Bool = true) -> String? {
        guard case .set(let s) = string(key, required: required, max: 254) else { return nil }
        guard Self.looksLikeEmail(s) else { issues.append(.format(name(key), "e-mail")); return nil }
        return s.lowercased()
    }

    /// A UUID in canonical lower-case form.
    public mutating func uuid(_ key: String, required: Bool = false) -> Patch<UUID> {
        switch string(key, required: required, max: 36) {
        case .absent: return .absent
        case .clear: return .clear
        case .set(let s):
            guard let u = UUID(uuidString: s) else { issues.append(.format(name(key), "UUID")); return .absent }
            return .set(u)
        }
    }

    /// One of a list of strings.
    public mutating func oneOf(_ key: String, _ allowed: [String], required: Bool = false) -> String? {
        guard let s = string(key, required: required, max: 100).value else { return nil }
        guard allowed.contains(s) else { issues.append(.oneOf(name(key), allowed)); return nil }
        return s
    }

    /// A calendar date `YYYY-MM-DD`.
    public mutating func date(_ key: String, required: Bool = false) -> String? {
        guard let s = string(key, required: required, max: 10).value else { return nil }
        guard Self.isDate(s) else { issues.append(.format(name(key), "date (YYYY-MM-DD)")); return nil }
        return s
    }

    /// An instant in ISO 8601 (`2026-11-25T09:30:00Z`), returned in UTC with milliseconds.
    public mutating func dateTime(_ key: String, required: Bool = false) -> String? {
        guard let s = string(key, required: required, max: 40).value else { return nil }
        guard let d = Self.parseDateTime(s) else { issues.append(.format(name(key), "ISO 8601 date-time")); return nil }
        return Self.formatDateTime(d)
    }

    /// A UUID as lower-case text.
    public mutating func id(_ key: String, required: Bool = false) -> String? {
        uuid(key, required: required).value.map { $0.uuidString.lowercased() }
    }

    public static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        guard s.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1900...2200).contains(y), (1...12).contains(m) else { return false }
        let days = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...days[m - 1]).contains(d)
    }

    public static func parseDateTime(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }

    public static func formatDateTime(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    static func looksLikeEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !s.contains(where: { $0.isWhitespace }) else { return false }
        return true
    }

    /// A number for a message: rounded to `places` decimals, whole numbers without a decimal point. Total: numbers
    /// too large for that (and NaN, ±inf) are written as Swift writes them.
    public static func format(_ d: Double, places: Int = 3) -> String {
        guard d.isFinite, abs(d) < 1e15 else { return String(d) }
        let r = roundPlaces(d, places)
        if r.rounded() == r, let whole = Int(exactly: r) { return String(whole) }
        return String(r)
    }
}
