/// The languages Kafae speaks. Thai is the default.
public enum Language: String, Sendable, CaseIterable, Codable {
    case th
    case en

    /// Picks a language from an `Accept-Language` header by quality value; Thai when none matches.
    public static func negotiate(_ header: String?) -> Language {
        guard let header, !header.isEmpty else { return .th }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            var q = 1.0
            for p in pieces.dropFirst() where p.hasPrefix("q=") {
                q = Double(p.dropFirst(2)) ?? 0
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let lang = Language(rawValue: primary), q > 0 else { continue }
            if best == nil || q > best!.1 { best = (lang, q) }
        }
        return best?.0 ?? .th
    }
}

import Foundation
