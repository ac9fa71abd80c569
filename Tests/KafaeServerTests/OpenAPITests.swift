import Foundation
import Hummingbird
import KafaeServer
import KafaeStore
import KafaeTestSupport
import Logging
import XCTest

/// The OpenAPI document is the contract: every route the server answers is in it, and nothing more.
final class OpenAPITests: XCTestCase {
    /// `METHOD /path` for every operation in docs/openapi.yaml (read line by line: paths at two spaces, methods at four).
    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOf: TestApp.repoRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        var ops = Set<String>()
        var inPaths = false
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, !line.hasPrefix(" "), !line.isEmpty { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                current = String(line.dropFirst(2).dropLast())
            } else if let current, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(String(key)) {
                    ops.insert("\(key.uppercased()) \(current)")
                }
            }
        }
        return ops
    }

    func testEveryRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let t = try await TestDatabases.make(.sqlite)
        var logger = Logger(label: "kafae.test")
        logger.logLevel = .error
        let router = try await KafaeApp.buildRouter(config: TestApp.config(t), db: t.db, logger: logger)
        await t.cleanup()
        let served = Set(router.routes.map { route -> String in
            let path = route.path.description.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            return "\(route.method.rawValue) /\(path)"
        })
        let documented = try Self.documentedOperations()
        XCTAssertGreaterThan(documented.count, 20)
        XCTAssertEqual(served.subtracting(documented).sorted(), [], "routes missing from docs/openapi.yaml")
        XCTAssertEqual(documented.subtracting(served).sorted(), [], "documented routes the server does not answer")
    }
}
