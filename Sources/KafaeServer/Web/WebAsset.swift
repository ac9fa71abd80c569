import Crypto
import NIOCore

/// One file of the PWA as the server sends it, built once at start: its bytes, its type, its strong ETag, and a gzip
/// copy when that is smaller.
///
/// Everything a request needs is computed here, so answering one is a dictionary lookup and a few headers: no disk,
/// no hashing, no compression per request.
struct WebAsset: Sendable {
    /// Relative to the web folder, `/`-separated: `css/app.css`.
    let path: String
    let mediaType: WebMediaType
    let body: ByteBuffer
    /// SHA-256 of ``body`` in hex (after the version substitution, for `index.html` and `sw.js`).
    let sha256: String
    /// ``body`` gzipped, kept only for compressible types and only when smaller.
    let gzip: ByteBuffer?

    init(path: String, mediaType: WebMediaType, bytes: [UInt8]) throws {
        self.path = path
        self.mediaType = mediaType
        body = ByteBuffer(bytes: bytes)
        sha256 = Self.sha256Hex(bytes)
        if mediaType.compressible, !bytes.isEmpty {
            let compressed = try Gzip.compress(body)
            gzip = compressed.readableBytes < bytes.count ? compressed : nil
        } else {
            gzip = nil
        }
    }

    /// The strong validator of the unencoded file: its quoted hash.
    var etag: String { "\"\(sha256)\"" }

    /// The gzip copy is another representation with other bytes, so it gets its own strong validator: a cache that
    /// stored one must never be told by a `304` that it holds the other.
    var gzipETag: String { "\"\(sha256)-gz\"" }

    /// Lower-case hex SHA-256.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(SHA256.hash(data: bytes).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }
}
