import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import KafaeDomain
@testable import KafaeServer
import KafaeStore
import KafaeTestSupport
import Logging
import NIOCore
import XCTest

/// A web folder made for one test in a temporary directory: the app's files, and next to them everything that must
/// not be published (tests, `package.json`, dotfiles, unknown types, reserved names, links out of the folder).
struct WebFixture {
    let base: URL
    var root: URL { base.appendingPathComponent("web") }

    /// What the server must publish from the fixture, and nothing else.
    static let published = ["css/app.css", "i18n/th.json", "icons/icon.png", "index.html", "js/alias.js", "js/app.js",
                            "js/tiny.js", "manifest.webmanifest", "sw.js"]

    static let indexHTML = """
        <!doctype html>
        <html lang="th">
        <head>
        <link rel="manifest" href="/manifest.webmanifest">
        <link rel="stylesheet" href="/v/__KAFAE_VERSION__/css/app.css">
        <script type="module" src="/v/__KAFAE_VERSION__/js/app.js"></script>
        </head>
        <body><kafae-app>กำลังโหลด… กาแฟคุณภาพจากดอยช้าง กาแฟคุณภาพจากดอยช้าง กาแฟคุณภาพจากดอยช้าง</kafae-app></body>
        </html>

        """
    static let serviceWorker = """
        const VERSION = "__KAFAE_VERSION__";
        const SHELL = [/*__KAFAE_SHELL__*/];
        self.addEventListener("install", (event) => {
          event.waitUntil(caches.open("kafae-" + VERSION).then((cache) => cache.addAll(SHELL)));
        });
        self.addEventListener("fetch", (event) => {
          if (new URL(event.request.url).pathname.startsWith("/api/")) return;
          event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
        });

        """
    static let appJS = "import { x } from \"./tiny.js\";\n"
        + (0..<40).map { "export function score\($0)(cup) { return cup.fragrance + cup.flavor + cup.aftertaste + \($0); }\n" }.joined()
    static let css = (0..<40).map { ".cup-\($0) { padding: 0.5rem; margin: 0 auto; font-size: 1rem; }\n" }.joined()
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) }

    static func make() throws -> WebFixture {
        let fixture = WebFixture(base: FileManager.default.temporaryDirectory.appendingPathComponent("kafae-web-\(UUID().uuidString)"))
        let files: [String: [UInt8]] = [
            "index.html": Array(indexHTML.utf8),
            "sw.js": Array(serviceWorker.utf8),
            "manifest.webmanifest": Array(#"{"name":"Kafae กาแฟ","short_name":"Kafae","start_url":"/","display":"standalone","icons":[{"src":"/icons/icon.png","sizes":"192x192","type":"image/png"}]}"#.utf8),
            "css/app.css": Array(css.utf8),
            "js/app.js": Array(appJS.utf8),
            "js/tiny.js": Array("export const x = 1;\n".utf8),
            "i18n/th.json": Array(#"{"app.title":"กาแฟ","cupping.fragrance":"กลิ่นหอม","cupping.flavor":"รสชาติ","cupping.aftertaste":"รสที่ค้าง"}"#.utf8),
            "icons/icon.png": png,
            // Never published:
            "test/x.test.js": Array("import test from 'node:test';\n".utf8),
            "package.json": Array(#"{"type":"module"}"#.utf8),
            ".secret.js": Array("const key = 'x';\n".utf8),
            "js/.hidden.js": Array("const key = 'x';\n".utf8),
            "notes.md": Array("# notes\n".utf8),
            "api/v1/farms.json": Array("[]".utf8),
            "v/old/js/app.js": Array("old\n".utf8),
            "node_modules/lib/index.js": Array("module.exports = 1;\n".utf8),
            "js/bad name.js": Array("x\n".utf8),
        ]
        for (path, bytes) in files {
            let url = fixture.root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try Data("the server's secrets\n".utf8).write(to: fixture.base.appendingPathComponent("outside.js"))
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: fixture.root.appendingPathComponent("js/outside.js").path, withDestinationPath: "../../outside.js")
        try fm.createSymbolicLink(atPath: fixture.root.appendingPathComponent("js/etc.txt").path, withDestinationPath: "/etc/hostname")
        try fm.createSymbolicLink(atPath: fixture.root.appendingPathComponent("js/to-test.js").path, withDestinationPath: "../test/x.test.js")
        try fm.createSymbolicLink(atPath: fixture.root.appendingPathComponent("js/alias.js").path, withDestinationPath: "app.js")
        try fm.createSymbolicLink(atPath: fixture.root.appendingPathComponent("linked").path, withDestinationPath: fixture.base.path)
        return fixture
    }

    func remove() { try? FileManager.default.removeItem(at: base) }
}

/// `kafae serve` serves the PWA from its web folder: versioned, cache-correct, compressed, and never anything else.
final class WebAssetsTests: XCTestCase {
    var fixture: WebFixture!

    override func setUpWithError() throws { fixture = try WebFixture.make() }
    override func tearDown() { fixture?.remove() }

    /// Runs `body` against a live server on SQLite serving `webDir` (the fixture's by default).
    func withServer(webDir: String? = nil, logger: Logger? = nil,
                    _ body: @escaping @Sendable (any TestClientProtocol, WebAssets) async throws -> Void) async throws {
        let t = try await TestDatabases.make(.sqlite)
        var config = TestApp.config(t)
        config.webDir = webDir ?? fixture.root.path
        var quiet = Logger(label: "kafae.test.web")
        quiet.logLevel = .error
        let log = logger ?? quiet
        do {
            let assets = try WebAssets.load(directory: config.webDir, logger: quiet)
            let app = try await KafaeApp.build(config: config, db: t.db, logger: log)
            try await app.test(.live) { client in try await body(client, assets) }
        } catch {
            await t.cleanup()
            throw error
        }
        await t.cleanup()
    }

    static func get(_ client: any TestClientProtocol, _ path: String, method: HTTPRequest.Method = .get,
                    _ headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.execute(uri: path, method: method, headers: headers)
    }

    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    static func errorCode(_ response: TestResponse) -> String? {
        (try? JSONValue.parse(Data(bytes(response.body))))?.objectValue?["error"]?.objectValue?["code"]?.stringValue
    }

    // MARK: loading

    func testOnlyThePublishableFilesAreLoaded() throws {
        let log = CapturedLog()
        let assets = try WebAssets.load(directory: fixture.root.path, logger: log.logger)
        XCTAssertEqual(assets.files.keys.sorted(), WebFixture.published)
        XCTAssertEqual(log.warningsAndErrors, [])
        XCTAssertEqual(log.lines(atLeast: .notice).count, 4, "the three links to unpublished files and the name with a space")
        XCTAssertEqual(assets.files["js/alias.js"]?.body, assets.files["js/app.js"]?.body, "a link to a published file inside is served")
    }

    func testVersionNamesTheExactSetOfFiles() throws {
        let files: [String: [UInt8]] = ["index.html": Array("<p>a</p>".utf8), "js/app.js": Array("1".utf8)]
        let version = WebAssets.version(of: files)
        XCTAssertEqual(version.count, 12)
        XCTAssertTrue(version.allSatisfy { "0123456789abcdef".contains($0) }, version)
        XCTAssertEqual(try WebAssets(files: files).version, version, "the same files give the same version")
        var changed = files
        changed["js/app.js"] = Array("2".utf8)
        XCTAssertNotEqual(WebAssets.version(of: changed), version, "a changed file changes the version")
        var added = files
        added["css/app.css"] = []
        XCTAssertNotEqual(WebAssets.version(of: added), version, "an added file changes the version")
        var renamed = files
        renamed["js/main.js"] = renamed.removeValue(forKey: "js/app.js")
        XCTAssertNotEqual(WebAssets.version(of: renamed), version, "a renamed file changes the version")
    }

    func testFileAndTotalCaps() throws {
        var logger = Logger(label: "kafae.test.web")
        logger.logLevel = .critical
        var limits = WebFolderReader.Limits()
        limits.maxFileBytes = 1000
        let capped = try WebAssets.load(directory: fixture.root.path, limits: limits, logger: logger)
        XCTAssertEqual(capped.files.keys.sorted(), WebFixture.published.filter { path in
            (try? Data(contentsOf: fixture.root.appendingPathComponent(path)).count <= 1000) ?? false
        }, "files over the cap are left out")
        XCTAssertNil(capped.files["js/app.js"])
        limits = .init()
        limits.maxTotalBytes = 2000
        XCTAssertThrowsError(try WebAssets.load(directory: fixture.root.path, limits: limits, logger: logger)) { error in
            XCTAssertTrue(error is ConfigError, "\(error)")
        }
    }

    func testTheRepositoryWebFolderLoadsIfPresent() throws {
        let web = TestApp.repoRoot.appendingPathComponent("web")
        guard FileManager.default.fileExists(atPath: web.path) else { throw XCTSkip("no web/ folder in this checkout") }
        var quiet = Logger(label: "kafae.test.web")
        quiet.logLevel = .error
        let assets = try WebAssets.load(directory: web.path, logger: quiet)
        XCTAssertFalse(assets.files.keys.contains { $0.hasPrefix("test/") || $0 == "package.json" }, "\(assets.files.keys.sorted())")
    }

    // MARK: versioned URLs

    func testVersionIsWrittenIntoTheIndexAndTheServiceWorker() async throws {
        try await withServer { client, assets in
            let v = assets.version
            let index = try await Self.get(client, "/")
            XCTAssertEqual(index.status, .ok)
            let html = String(buffer: index.body)
            XCTAssertTrue(html.contains("lang=\"th\""))
            XCTAssertTrue(html.contains("href=\"/v/\(v)/css/app.css\""), html)
            XCTAssertTrue(html.contains("src=\"/v/\(v)/js/app.js\""), html)
            XCTAssertFalse(html.contains("__KAFAE_VERSION__"))
            let indexHTML = try await Self.get(client, "/index.html")
            XCTAssertEqual(String(buffer: indexHTML.body), html)

            let sw = String(buffer: try await Self.get(client, "/sw.js").body)
            XCTAssertTrue(sw.contains("const VERSION = \"\(v)\";"), sw)
            let shell = ["/", "/manifest.webmanifest"]
                + ["css/app.css", "i18n/th.json", "icons/icon.png", "js/alias.js", "js/app.js", "js/tiny.js", "manifest.webmanifest"]
                .map { "/v/\(v)/\($0)" }
            XCTAssertTrue(sw.contains("const SHELL = [\(shell.map { "\"\($0)\"" }.joined(separator: ","))];"), sw)
            XCTAssertFalse(sw.contains("__KAFAE"))

            // Every URL in the shell answers, and the module's relative import resolves under the same prefix.
            for url in shell {
                let r = try await Self.get(client, url)
                XCTAssertEqual(r.status, .ok, url)
            }
            let imported = try await Self.get(client, "/v/\(v)/js/tiny.js")
            XCTAssertEqual(String(buffer: imported.body), "export const x = 1;\n")

            // The validators are those of the rewritten bytes.
            XCTAssertEqual(index.headers[.eTag], "\"\(WebAsset.sha256Hex(Array(html.utf8)))\"")
        }
    }

    // MARK: caching

    func testImmutableOnlyUnderTheCurrentVersion() async throws {
        try await withServer { client, assets in
            let v = assets.version
            let immutable = "public, max-age=31536000, immutable"
            for path in ["/v/\(v)/css/app.css", "/v/\(v)/js/app.js", "/v/\(v)/icons/icon.png", "/v/\(v)/index.html"] {
                let r = try await Self.get(client, path)
                XCTAssertEqual(r.status, .ok, path)
                XCTAssertEqual(r.headers[.cacheControl], immutable, path)
            }
            let older = v == "0123456789ab" ? "ba9876543210" : "0123456789ab"
            for path in ["/", "/index.html", "/sw.js", "/manifest.webmanifest", "/css/app.css", "/js/app.js", "/i18n/th.json",
                         "/v/\(older)/css/app.css", "/v/\(older)/js/app.js"] {
                let r = try await Self.get(client, path)
                XCTAssertEqual(r.status, .ok, path)
                XCTAssertEqual(r.headers[.cacheControl], "no-cache", path)
            }
            let old = try await Self.get(client, "/v/\(older)/css/app.css")
            XCTAssertEqual(String(buffer: old.body), WebFixture.css, "an old page gets today's file")
        }
    }

    func testTypesValidatorsAndSecurityHeaders() async throws {
        try await withServer { client, assets in
            let expected: [(String, String)] = [
                ("/", "text/html; charset=utf-8"), ("/sw.js", "text/javascript; charset=utf-8"),
                ("/js/app.js", "text/javascript; charset=utf-8"), ("/css/app.css", "text/css; charset=utf-8"),
                ("/manifest.webmanifest", "application/manifest+json"), ("/i18n/th.json", "application/json"),
                ("/icons/icon.png", "image/png"),
            ]
            for (path, type) in expected {
                let r = try await Self.get(client, path)
                XCTAssertEqual(r.headers[.contentType], type, path)
                XCTAssertEqual(r.headers[.xContentTypeOptions], "nosniff", path)
                let etag = r.headers[.eTag] ?? ""
                XCTAssertTrue(etag.hasPrefix("\"") && etag.hasSuffix("\"") && !etag.hasPrefix("W/"), "strong ETag on \(path): \(etag)")
                let isHTML = path == "/"
                XCTAssertEqual(r.headers[.contentSecurityPolicy] != nil, isHTML, path)
                XCTAssertEqual(r.headers[.init("Referrer-Policy")!], isHTML ? "same-origin" : nil, path)
            }
            let page = try await Self.get(client, "/")
            XCTAssertEqual(page.headers[.contentSecurityPolicy],
                           "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                           + "connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
                           + "form-action 'self'")
            let icon = try await Self.get(client, "/icons/icon.png")
            XCTAssertEqual(Self.bytes(icon.body), WebFixture.png)
        }
    }

    func testIfNoneMatchAnswers304WithoutABody() async throws {
        try await withServer { client, assets in
            let v = assets.version
            for path in ["/", "/css/app.css", "/v/\(v)/js/app.js", "/icons/icon.png"] {
                let first = try await Self.get(client, path)
                let etag = try XCTUnwrap(first.headers[.eTag])
                for header in [etag, "W/\(etag)", "\"nope\", \(etag)", "*"] {
                    let again = try await Self.get(client, path, [.ifNoneMatch: header])
                    XCTAssertEqual(again.status, .notModified, "\(path) If-None-Match: \(header)")
                    XCTAssertEqual(again.body.readableBytes, 0, path)
                    XCTAssertEqual(again.headers[.eTag], etag, path)
                    XCTAssertEqual(again.headers[.cacheControl], first.headers[.cacheControl], path)
                    XCTAssertNil(again.headers[.contentEncoding], path)
                }
                let head = try await Self.get(client, path, method: .head, [.ifNoneMatch: etag])
                XCTAssertEqual(head.status, .notModified, path)
                let other = try await Self.get(client, path, [.ifNoneMatch: "\"0000\""])
                XCTAssertEqual(other.status, .ok, path)
                XCTAssertEqual(Self.bytes(other.body), Self.bytes(first.body), path)
            }
            // The gzip copy's tag does not validate the plain file, nor the other way round.
            let plain = try await Self.get(client, "/css/app.css")
            let gzipped = try await Self.get(client, "/css/app.css", [.acceptEncoding: "gzip"])
            XCTAssertNotEqual(plain.headers[.eTag], gzipped.headers[.eTag])
            let plainAskingWithGzipTag = try await Self.get(client, "/css/app.css", [.ifNoneMatch: gzipped.headers[.eTag]!])
            XCTAssertEqual(plainAskingWithGzipTag.status, .ok)
            let gzipAskingWithPlainTag = try await Self.get(client, "/css/app.css", [.acceptEncoding: "gzip", .ifNoneMatch: plain.headers[.eTag]!])
            XCTAssertEqual(gzipAskingWithPlainTag.status, .ok)
            let gzipAskingWithGzipTag = try await Self.get(client, "/css/app.css", [.acceptEncoding: "gzip", .ifNoneMatch: gzipped.headers[.eTag]!])
            XCTAssertEqual(gzipAskingWithGzipTag.status, .notModified)
        }
    }

    // MARK: compression

    func testGzipOnlyWhenAcceptedAndItGivesBackTheExactBytes() async throws {
        try await withServer { client, assets in
            for path in ["/", "/sw.js", "/css/app.css", "/js/app.js", "/manifest.webmanifest", "/i18n/th.json"] {
                let plain = try await Self.get(client, path)
                XCTAssertNil(plain.headers[.contentEncoding], path)
                XCTAssertEqual(plain.headers[.vary], "Accept-Encoding", path)
                let gz = try await Self.get(client, path, [.acceptEncoding: "br, gzip, deflate"])
                XCTAssertEqual(gz.headers[.contentEncoding], "gzip", path)
                XCTAssertEqual(gz.headers[.vary], "Accept-Encoding", path)
                XCTAssertEqual(gz.headers[.eTag], plain.headers[.eTag].map { String($0.dropLast()) + "-gz\"" }, path)
                XCTAssertEqual(gz.headers[.contentType], plain.headers[.contentType], path)
                XCTAssertLessThan(gz.body.readableBytes, plain.body.readableBytes, path)
                XCTAssertEqual(Int(gz.headers[.contentLength] ?? ""), gz.body.readableBytes, path)
                var compressed = gz.body
                XCTAssertEqual(Self.bytes(try compressed.decompress(with: .gzip())), Self.bytes(plain.body), path)
                if let python = try Self.pythonGunzip(Self.bytes(gz.body)) {
                    XCTAssertEqual(python, Self.bytes(plain.body), "Python's gzip.decompress of \(path)")
                }
            }
            let refusals = ["gzip;q=0", "gzip; q=0.0, deflate", "identity", "br", "gzip;q=0, *", "*;q=0", "gzip;q=oops", "gzip;q=2"]
            for header in refusals {
                let r = try await Self.get(client, "/css/app.css", [.acceptEncoding: header])
                XCTAssertNil(r.headers[.contentEncoding], "Accept-Encoding: \(header)")
                XCTAssertEqual(String(buffer: r.body), WebFixture.css, header)
            }
            for header in ["GZIP", "x-gzip", "*", "gzip;q=0.5", "deflate, gzip ; q=0.001", "*;q=0.1, br"] {
                let r = try await Self.get(client, "/css/app.css", [.acceptEncoding: header])
                XCTAssertEqual(r.headers[.contentEncoding], "gzip", "Accept-Encoding: \(header)")
            }
            // Compressed formats, and files gzip would not shrink, go out as they are and do not vary.
            for path in ["/icons/icon.png", "/js/tiny.js"] {
                let r = try await Self.get(client, path, [.acceptEncoding: "gzip"])
                XCTAssertNil(r.headers[.contentEncoding], path)
                XCTAssertNil(r.headers[.vary], path)
            }
            XCTAssertNil(assets.files["icons/icon.png"]?.gzip)
        }
    }

    /// `gzip.decompress` in Python, an implementation of the format that is not ours; nil where there is no python3.
    static func pythonGunzip(_ bytes: [UInt8]) throws -> [UInt8]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, gzip; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 { return nil }
        XCTAssertEqual(process.terminationStatus, 0, "python3 could not gunzip the server's bytes")
        return [UInt8](data)
    }

    // MARK: HEAD

    func testHeadHasTheHeadersAndNoBody() async throws {
        try await withServer { client, assets in
            for (path, headers) in [("/", HTTPFields()), ("/", [.acceptEncoding: "gzip"]), ("/v/\(assets.version)/icons/icon.png", [:])] as [(String, HTTPFields)] {
                let get = try await Self.get(client, path, headers)
                let head = try await Self.get(client, path, method: .head, headers)
                XCTAssertEqual(head.status, .ok, path)
                XCTAssertEqual(head.body.readableBytes, 0, path)
                XCTAssertEqual(head.headers[.contentLength], String(get.body.readableBytes), path)
                for name in [HTTPFields.Element.Name.eTag, .cacheControl, .contentType, .contentEncoding, .vary] {
                    XCTAssertEqual(head.headers[name], get.headers[name], "\(path) \(name)")
                }
            }
        }
    }

    // MARK: what is never served

    func testTestsPackageJsonDotfilesAndLinksOutAreNotServed() async throws {
        try await withServer { client, assets in
            let v = assets.version
            for path in ["/test/x.test.js", "/package.json", "/.secret.js", "/js/.hidden.js", "/notes.md", "/node_modules/lib/index.js",
                         "/js/outside.js", "/js/etc.txt", "/js/to-test.js", "/linked/outside.js", "/linked/web/js/app.js",
                         "/v/\(v)/test/x.test.js", "/v/\(v)/package.json", "/v/\(v)/js/outside.js", "/api/v1/farms.json",
                         "/js/bad%20name.js"] {
                let r = try await Self.get(client, path)
                XCTAssertEqual(r.status, .notFound, path)
                XCTAssertEqual(Self.errorCode(r), "route.not_found", "\(path): \(String(buffer: r.body))")
                XCTAssertFalse(String(buffer: r.body).contains("secrets"), path)
            }
            // web/v/old/js/app.js is not a file of the app: that address is today's js/app.js for a page of an older version.
            let old = try await Self.get(client, "/v/old/js/app.js")
            XCTAssertEqual(String(buffer: old.body), WebFixture.appJS)
        }
    }

    func testTraversalNeverLeavesTheLoadedSet() async throws {
        try await withServer { client, assets in
            let v = assets.version
            let attempts = [
                "/../outside.js", "/js/../../outside.js", "/js/%2e%2e/%2e%2e/outside.js", "/%2e%2e/outside.js", "/js/..%2f..%2foutside.js",
                "/js%2fapp.js", "/js%2Fapp.js", "/js%5Capp.js", "/js%5c..%5c..%5coutside.js", "/js/app.js%00", "/js/app.js%00.png", "/%00", "//etc/passwd", "/js//app.js",
                "/js/./app.js", "/./index.html", "/v/\(v)/../outside.js", "/v/\(v)/%2e%2e/outside.js", "/v/\(v)/js/../../../outside.js",
                "/v/\(v)//etc/passwd", "/v//js/app.js", "/v/\(v)/", "/v/\(v)", "/v/", "/JS/APP.JS", "/index.html/", "/css/",
                "/%69ndex.html", "/etc/passwd", "/v/\(v)/v/\(v)/js/app.js",
            ]
            for path in attempts {
                let r = try await Self.get(client, path)
                XCTAssertEqual(r.status, .notFound, path)
                XCTAssertFalse(String(buffer: r.body).contains("secrets"), path)
                XCTAssertNotEqual(r.headers[.contentType], "text/javascript; charset=utf-8", path)
            }
        }
    }

    func testTheApiKeepsItsOwnAnswers() async throws {
        try await withServer { client, _ in
            let nope = try await Self.get(client, "/api/v1/nope")
            XCTAssertEqual(nope.status, .notFound)
            XCTAssertEqual(Self.errorCode(nope), "route.not_found")
            XCTAssertEqual(nope.headers[.contentType], "application/json; charset=utf-8")
            let farm = try await Self.get(client, "/api/v1/farms/farms.json")
            XCTAssertEqual(Self.errorCode(farm), "auth.unauthenticated")
            let health = try await Self.get(client, "/health")
            XCTAssertEqual(health.status, .ok)
            XCTAssertTrue(String(buffer: health.body).contains("\"status\""))
            let ready = try await Self.get(client, "/ready")
            XCTAssertEqual(ready.status, .ok)
            let contract = try await Self.get(client, "/api/openapi.yaml")
            XCTAssertTrue(String(buffer: contract.body).hasPrefix("openapi: 3.1"))
            let passport = try await Self.get(client, "/p/abc")
            XCTAssertEqual(passport.status, .notFound)
            XCTAssertFalse(String(buffer: passport.body).contains("kafae-app"))
            // Other methods on a file's path are not the file.
            let post = try await Self.get(client, "/", method: .post)
            XCTAssertEqual(post.status, .notFound)
            XCTAssertEqual(Self.errorCode(post), "route.not_found")
        }
    }

    func testTheFilesAreDeclaredPublicAndAreNotRoutes() async throws {
        let t = try await TestDatabases.make(.sqlite)
        let served = try await AuthenticationTests.servedRoutes(t).map { "\($0.method) \($0.path)" }
        await t.cleanup()
        XCTAssertTrue(PublicRoutes.webOperations.isDisjoint(with: served), "the PWA's files are answered by WebAssetsMiddleware, not routes")
        XCTAssertTrue(PublicRoutes.webOperations.isDisjoint(with: KafaeApp.publicOperations))
        XCTAssertEqual(Set(PublicRoutes.webOperations.map { $0.split(separator: " ")[0] }), ["GET", "HEAD"])
        XCTAssertFalse(served.contains { $0.hasSuffix(" /") || $0.contains("/v/") }, "\(served)")
    }

    // MARK: start and logs

    func testMissingFolderStillStartsAndRootIs404() async throws {
        let log = CapturedLog()
        let missing = fixture.base.appendingPathComponent("no-such-folder").path
        try await withServer(webDir: missing, logger: log.logger) { client, assets in
            XCTAssertTrue(assets.files.isEmpty)
            let root = try await Self.get(client, "/")
            XCTAssertEqual(root.status, .notFound)
            XCTAssertEqual(Self.errorCode(root), "route.not_found")
            XCTAssertNotNil((try? JSONValue.parse(Data(Self.bytes(root.body))))?.objectValue?["error"]?.objectValue?["messageTh"])
            let health = try await Self.get(client, "/health")
            XCTAssertEqual(health.status, .ok)
        }
        XCTAssertEqual(log.lines(atLeast: .notice).filter { $0.contains("web") }.count, 1, "\(log.lines(atLeast: .trace))")
        XCTAssertEqual(log.lines(atLeast: .notice).filter { $0.contains("no web folder") }.count, 1)
        XCTAssertEqual(log.warningsAndErrors, [])
    }

    func testServedFilesWriteNoLogLineAboveDebug() async throws {
        let log = CapturedLog()
        try await withServer(logger: log.logger) { client, assets in
            _ = try await Self.get(client, "/")
            _ = try await Self.get(client, "/v/\(assets.version)/js/app.js", [.acceptEncoding: "gzip"])
            _ = try await Self.get(client, "/css/app.css", method: .head)
        }
        let perRequest = log.lines(atLeast: .info).filter { $0.hasPrefix("request [") || $0.hasPrefix("web asset [") }
        XCTAssertEqual(perRequest, [])
        XCTAssertEqual(log.lines(atLeast: .trace).filter { $0.hasPrefix("web asset [") }.count, 3)
    }

    // MARK: header parsing

    func testAcceptEncodingAndIfNoneMatchParsing() {
        XCTAssertTrue(AcceptEncoding.allowsGzip(["gzip"]))
        XCTAssertTrue(AcceptEncoding.allowsGzip(["deflate", "gzip;q=1.0"]))
        XCTAssertTrue(AcceptEncoding.allowsGzip(["identity;q=0, *"]))
        XCTAssertFalse(AcceptEncoding.allowsGzip([]))
        XCTAssertFalse(AcceptEncoding.allowsGzip([""]))
        XCTAssertFalse(AcceptEncoding.allowsGzip(["gzip;q=0.000"]))
        XCTAssertFalse(AcceptEncoding.allowsGzip(["*", "gzip;q=0"]))
        XCTAssertFalse(AcceptEncoding.allowsGzip(["gzipx", "xgzip"]))
        XCTAssertFalse(AcceptEncoding.allowsGzip(["gzip;q=-1"]))
        XCTAssertFalse(AcceptEncoding.allowsGzip(["gzip;q=1e0"]))
        XCTAssertTrue(IfNoneMatch.matches(["\"a\", \"b\""], etag: "\"b\""))
        XCTAssertTrue(IfNoneMatch.matches(["\"a\"", "W/\"b\""], etag: "\"b\""))
        XCTAssertFalse(IfNoneMatch.matches(["\"a\""], etag: "\"b\""))
        XCTAssertFalse(IfNoneMatch.matches(["b"], etag: "\"b\""))
        XCTAssertFalse(IfNoneMatch.matches([], etag: "\"b\""))
    }
}
