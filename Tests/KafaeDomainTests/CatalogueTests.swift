import Foundation
import XCTest
@testable import KafaeDomain

/// The PWA's copy of the forms and standards (`web/js/science/catalogue.js`) equals the server's.
/// After changing a form or standard, run `KAFAE_WRITE_CATALOGUE=1 swift test --filter CatalogueTests` to rewrite it.
final class CatalogueTests: XCTestCase {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("web/js/science/catalogue.js")
    static let header = "// Generated from Sources/KafaeDomain (ScienceCatalogue.json()); CatalogueTests keeps it equal.\nexport default "

    func testPWACatalogueEqualsTheServers() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let expected = Self.header + String(decoding: try encoder.encode(ScienceCatalogue.json()), as: UTF8.self) + ";\n"
        if ProcessInfo.processInfo.environment["KAFAE_WRITE_CATALOGUE"] == "1" {
            try expected.write(to: Self.file, atomically: true, encoding: .utf8)
        }
        let actual = try String(contentsOf: Self.file, encoding: .utf8)
        XCTAssertEqual(actual, expected, "web/js/science/catalogue.js is stale: rerun with KAFAE_WRITE_CATALOGUE=1")
        XCTAssertEqual(ScienceCatalogue.json().objectValue?["forms"]?.arrayValue?.count, BuiltInForms.all.count)
    }
}
