import Foundation
import Logging

/// The PWA (DESIGN §11), loaded from `web/` once at start and served from memory by ``WebAssetsMiddleware``.
///
/// **Versioned URLs without a build step.** The app has no bundler to put hashes in file names, so the server gives
/// the whole set one ``version``: the first 12 hex digits of SHA-256 over the sorted list of (path, file hash). Every
/// file is served at `/<path>` and at `/v/<version>/<path>`. `index.html` loads `/v/__KAFAE_VERSION__/js/app.js`,
/// the server writes the version in, and the module's relative imports resolve under the same prefix — so a phone
/// may keep every versioned file for a year (`immutable`) and a deploy still reaches it: the new page names a new
/// prefix. Only `index.html` and `sw.js` are rewritten: `__KAFAE_VERSION__` becomes the version, and in `sw.js`
/// `/*__KAFAE_SHELL__*/` becomes the JSON-quoted, comma-separated list of what the service worker precaches:
/// `"/"`, `"/manifest.webmanifest"` (each when the file exists: precaching a 404 would fail the worker's install)
/// and `"/v/<version>/<path>"` for every other file, sorted. Hashes and ETags are taken after the rewrite.
///
/// An old page asking for `/v/<older version>/…` after a deploy gets today's file with `no-cache` (never
/// `immutable`: those bytes are not what that address meant), so it keeps working until it reloads.
struct WebAssets: Sendable {
    static let versionToken = "__KAFAE_VERSION__"
    static let shellToken = "/*__KAFAE_SHELL__*/"

    /// What a request path names: a file, and whether it may be cached for good.
    struct Match: Sendable {
        let asset: WebAsset
        /// True only under the current version's prefix.
        let immutable: Bool
    }

    /// Relative path → file.
    let files: [String: WebAsset]
    /// 12 hex digits naming this exact set of files.
    let version: String

    /// Builds the set from files already read (path → bytes): computes the version, rewrites `index.html` and
    /// `sw.js`, hashes and compresses everything.
    init(files raw: [String: [UInt8]]) throws {
        let version = Self.version(of: raw)
        let shell = Self.shellList(paths: raw.keys, version: version)
        var files: [String: WebAsset] = [:]
        for (path, bytes) in raw {
            guard let type = WebFolderReader.mediaType(of: path) else { continue }
            var content = bytes
            if path == "index.html" || path == "sw.js", let text = String(validating: bytes, as: UTF8.self) {
                var rewritten = text.replacingOccurrences(of: Self.versionToken, with: version)
                if path == "sw.js" { rewritten = rewritten.replacingOccurrences(of: Self.shellToken, with: shell) }
                content = Array(rewritten.utf8)
            }
            files[path] = try WebAsset(path: path, mediaType: type, bytes: content)
        }
        self.files = files
        self.version = version
    }

    private init(assets: [String: WebAsset], version: String) {
        files = assets
        self.version = version
    }

    /// The set served when there is no web folder: nothing, so `/` answers the ordinary 404.
    static let empty = WebAssets(assets: [:], version: "")

    /// Reads `directory` (see ``WebFolderReader`` for what is published) and builds the set; a missing folder is
    /// not an error — an API-only server is a normal deployment (CloudFront and S3 serve the PWA in production).
    static func load(directory: String, limits: WebFolderReader.Limits = .init(), logger: Logger) throws -> WebAssets {
        guard let raw = try WebFolderReader(root: directory, limits: limits, logger: logger).read() else {
            logger.notice("no web folder; the PWA is not served", metadata: ["webDir": .string(directory)])
            return .empty
        }
        let assets = try WebAssets(files: raw)
        logger.info("web assets loaded", metadata: [
            "webDir": .string(directory), "version": .string(assets.version), "files": .stringConvertible(assets.files.count),
            "bytes": .stringConvertible(assets.files.values.reduce(0) { $0 + $1.body.readableBytes }),
            "gzipBytes": .stringConvertible(assets.files.values.reduce(0) { $0 + ($1.gzip ?? $1.body).readableBytes }),
        ])
        return assets
    }

    /// The file a request path names, if any. `/` is `index.html`; `/<path>` and `/v/<any version>/<path>` are the
    /// file at `<path>`. Matching is exact on the raw path against names of unreserved characters only, so `..`,
    /// percent-escapes, backslashes and NUL never match anything.
    func match(_ requestPath: String) -> Match? {
        guard requestPath.hasPrefix("/") else { return nil }
        if requestPath == "/" { return files["index.html"].map { Match(asset: $0, immutable: false) } }
        let rest = requestPath.dropFirst()
        if let asset = files[String(rest)] { return Match(asset: asset, immutable: false) }
        guard rest.hasPrefix("v/") else { return nil }
        let versioned = rest.dropFirst(2)
        guard let slash = versioned.firstIndex(of: "/") else { return nil }
        let prefix = versioned[..<slash]
        guard !prefix.isEmpty, let asset = files[String(versioned[versioned.index(after: slash)...])] else { return nil }
        return Match(asset: asset, immutable: prefix == version)
    }

    /// First 12 hex digits of SHA-256 over `path NUL sha256-hex LF` for every file, sorted by path: any change to any
    /// file, or a file added or removed, gives a new version; the same files always give the same one.
    static func version(of files: [String: [UInt8]]) -> String {
        let list = files.keys.sorted().map { "\($0)\u{0}\(WebAsset.sha256Hex(files[$0]!))\n" }.joined()
        return String(WebAsset.sha256Hex(Array(list.utf8)).prefix(12))
    }

    /// The service worker's precache list, as the body of a JavaScript array. Paths hold only unreserved characters
    /// (``WebFolderReader/hasSafeCharacters(_:)``), so quoting them needs no escapes.
    static func shellList(paths: some Collection<String>, version: String) -> String {
        var urls: [String] = []
        if paths.contains("index.html") { urls.append("/") }
        if paths.contains("manifest.webmanifest") { urls.append("/manifest.webmanifest") }
        urls += paths.filter { $0 != "index.html" && $0 != "sw.js" }.sorted().map { "/v/\(version)/\($0)" }
        return urls.map { "\"\($0)\"" }.joined(separator: ",")
    }
}
