import Foundation
import Hummingbird
import KafaeDomain

/// Typed reads of query parameters, failing with `request.invalid_query` naming the parameter.
struct Query {
    let params: [String: String]

    init(_ request: Request) {
        var p: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { p[String(k)] = String(v) }
        params = p
    }

    func string(_ name: String) -> String? {
        guard let v = params[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        return v
    }

    func int(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = string(name) else { return value }
        guard let n = Int(raw), range.contains(n) else {
            throw KafaeError("request.invalid_query", params: ["field": name],
                             details: [.range(name, min: String(range.lowerBound), max: String(range.upperBound))])
        }
        return n
    }
}
