import Foundation
import XCTest
@testable import KafaeDomain

/// Replays every input kept in `Tests/fuzz-regressions/` (written there by `scripts/fuzz_parsers.py` when the running
/// server failed on it, or added by hand) through the domain code that parses it: each must give a result or a
/// ``KafaeError`` with catalogue text and a 4xx status, never a crash.
///
/// Folders: `alog/` (Artisan logs, `POST /api/v1/calc/roast`), `roastbatch/` (the same, stored as a roast batch by
/// `POST /api/v1/roast-batches/import`), `csv/` (CQI files, `POST /api/v1/import/cqi`), and the JSON bodies of
/// `cupping/`, `grading/` (calculators), `farms/` and `lots/` (records).
final class FuzzRegressionTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz-regressions")

    static func inputs(_ target: String) -> [URL] {
        let dir = folder.appendingPathComponent(target)
        let files = (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []
        return files.filter { !$0.lastPathComponent.hasPrefix(".") && $0.lastPathComponent != "README.md" }
            .sorted { $0.path < $1.path }
    }

    /// Runs `body`; passes on a result or a catalogued 4xx KafaeError.
    func expectResultOrKafaeError(_ url: URL, _ body: () throws -> Void) {
        let name = "\(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent)"
        do {
            try body()
        } catch let e as KafaeError {
            XCTAssertNotNil(MessageCatalogue.errors[e.code], "\(name): \(e.code) has no catalogue text")
            XCTAssertTrue((400..<500).contains(e.status), "\(name): \(e.code) is \(e.status)")
        } catch {
            XCTFail("\(name): not a KafaeError: \(error)")
        }
    }

    func testTheFolderIsThere() {
        XCTAssertTrue(FileManager.default.fileExists(atPath: Self.folder.path), Self.folder.path)
        XCTAssertFalse(Self.inputs("alog").isEmpty)
        XCTAssertFalse(Self.inputs("csv").isEmpty)
    }

    func testArtisanLogs() throws {
        for url in Self.inputs("alog") + Self.inputs("roastbatch") {
            let data = try Data(contentsOf: url)
            expectResultOrKafaeError(url) {
                let analysis = try RoastAnalyzer.analyze(ArtisanLog.parse(data))
                // As the import stores it: the batch's own checks apply to the log's figures.
                let fields = RoastBatch.fields(from: analysis, lotId: UUID().uuidString.lowercased(), sourceFile: url.lastPathComponent)
                _ = JSONValue.object(try RoastBatch.normalize(fields, prefix: "")).jsonString()
            }
        }
    }

    func testCQIFiles() throws {
        for url in Self.inputs("csv") {
            // As the import route reads its body.
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            expectResultOrKafaeError(url) {
                let r = try CQIRecord.read(text, maxRows: CQIRecord.maxRows)
                for e in r.errors { XCTAssertNotNil(MessageCatalogue.errors[e.code], "\(url.lastPathComponent): \(e.code)") }
            }
            _ = CQIRecord.read(text)
        }
    }

    /// The JSON bodies: a body the server's JSON reader refuses is a 400 there; the others go through the domain.
    func testJSONBodies() throws {
        let targets: [(String, ([String: JSONValue]) throws -> Void)] = [
            ("cupping", { body in
                guard let id = body["protocol"]?.stringValue, let form = BuiltInForms.form(id) else { return }
                _ = try CuppingScorer.score(form, body["scores"]?.objectValue ?? [:], prefix: "scores.")
            }),
            ("grading", { body in
                guard let id = body["standard"]?.stringValue, let standard = GradingStandards.standard(id) else { return }
                _ = try GreenGrader.grade(standard, body)
            }),
            ("farms", { body in _ = try Farm.normalize(body, prefix: "") }),
            ("lots", { body in _ = try Lot.normalize(body, prefix: "") }),
        ]
        for (target, run) in targets {
            for url in Self.inputs(target) {
                let data = try Data(contentsOf: url)
                guard let value = try? JSONValue.parse(data), case .object(let body) = value else { continue }
                expectResultOrKafaeError(url) { try run(body) }
                _ = JSONValue.object(body).jsonString()
            }
        }
    }
}
