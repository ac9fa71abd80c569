import Foundation
import XCTest
@testable import KafaeDomain

final class LocalizationTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    func testEveryErrorHasThaiAndEnglishWithMatchingPlaceholders() {
        for (code, entry) in MessageCatalogue.errors {
            XCTAssertFalse(entry.th.isEmpty, code)
            XCTAssertFalse(entry.en.isEmpty, code)
            XCTAssertNotEqual(entry.th, entry.en, "\(code): Thai text must be Thai")
            XCTAssertEqual(placeholders(entry.th), placeholders(entry.en), code)
            XCTAssertTrue((400...599).contains(entry.status), code)
        }
        for (code, texts) in MessageCatalogue.fieldIssues {
            XCTAssertEqual(placeholders(texts.th), placeholders(texts.en), code)
            XCTAssertTrue(texts.en.contains("{field}"), code)
        }
    }

    /// Every `KafaeError("…")` and `.notFound("…")` in the sources has a catalogue entry, so no error reaches a
    /// user without Thai and English text.
    func testEveryErrorCodeThrownInTheSourcesIsCatalogued() throws {
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        XCTAssertGreaterThan(files.count, 10)
        let direct = try NSRegularExpression(pattern: #"KafaeError\("([a-z_.]+)""#)
        let notFound = try NSRegularExpression(pattern: #"notFound\("([a-zA-Z]+)"\)"#)
        let issue = try NSRegularExpression(pattern: #"code: "([a-zA-Z]+)""#)
        var seen = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for m in direct.matches(in: text, range: range) {
                let code = String(text[Range(m.range(at: 1), in: text)!])
                XCTAssertNotNil(MessageCatalogue.errors[code], "\(file.lastPathComponent): \(code) has no text")
                seen += 1
            }
            for m in notFound.matches(in: text, range: range) {
                let code = String(text[Range(m.range(at: 1), in: text)!]) + ".not_found"
                XCTAssertNotNil(MessageCatalogue.errors[code], "\(file.lastPathComponent): \(code) has no text")
            }
            for m in issue.matches(in: text, range: range) {
                let code = String(text[Range(m.range(at: 1), in: text)!])
                XCTAssertNotNil(MessageCatalogue.fieldIssues[code], "\(file.lastPathComponent): field issue \(code) has no text")
            }
        }
        XCTAssertGreaterThan(seen, 20)
        // Entities build their not-found codes from their names.
        XCTAssertNotNil(MessageCatalogue.errors["\(Farm.entityName).not_found"])
    }

    func testMessagesFillPlaceholders() {
        let e = KafaeError("rate.limited", params: ["seconds": "30"])
        XCTAssertEqual(MessageCatalogue.message(for: e, in: .en), "Too many requests; try again in 30 seconds")
        XCTAssertEqual(MessageCatalogue.message(for: e, in: .th), "มีคำขอมากเกินไป กรุณาลองใหม่ใน 30 วินาที")
        let issue = FieldIssue.range("altitudeM", min: "0", max: "3000")
        XCTAssertEqual(MessageCatalogue.message(for: issue, in: .en), "altitudeM must be between 0 and 3000")
        XCTAssertEqual(KafaeError("no.such.code").status, 500)
    }

    func testAcceptLanguageNegotiation() {
        XCTAssertEqual(Language.negotiate(nil), .th)
        XCTAssertEqual(Language.negotiate(""), .th)
        XCTAssertEqual(Language.negotiate("en"), .en)
        XCTAssertEqual(Language.negotiate("en-GB,en;q=0.9"), .en)
        XCTAssertEqual(Language.negotiate("th-TH,th;q=0.9,en;q=0.8"), .th)
        XCTAssertEqual(Language.negotiate("en;q=0.5,th;q=0.9"), .th)
        XCTAssertEqual(Language.negotiate("fr,de"), .th, "unsupported languages fall back to Thai")
        XCTAssertEqual(Language.negotiate("fr,en;q=0.1"), .en)
        XCTAssertEqual(Language.negotiate("en;q=0"), .th)
    }

    private func placeholders(_ s: String) -> Set<String> {
        let re = try! NSRegularExpression(pattern: #"\{([a-zA-Z]+)\}"#)
        return Set(re.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { String(s[Range($0.range(at: 1), in: s)!]) })
    }
}
