import CompressNIO
import NIOCore

/// gzip (RFC 1952) of a whole file in one call, for the PWA's files compressed once at start.
///
/// Why compress-nio (adam-fowler/compress-nio 1.5.0, from the local package mirror) rather than a system-library
/// target of our own over `zlib.h`: it is already a small, maintained wrapper around the same system zlib (its only
/// dependency is swift-nio, which the server has), it writes the gzip container — header, deflate stream, CRC-32 and
/// length trailer — through zlib's own `windowBits + 16` mode, and it built cleanly in Swift 6 mode here. Our own
/// module map would be the same few lines of C glue plus the stream bookkeeping, with nothing to gain.
/// zlib leaves the header's modification time at zero, so the same input always gives the same bytes (and ETag).
enum Gzip {
    /// `bytes` gzipped at the best compression level (paid once per file at start, never per request).
    static func compress(_ bytes: ByteBuffer) throws -> ByteBuffer {
        var input = bytes
        return try input.compress(with: .gzip(configuration: .init(compressionLevel: .bestCompression)))
    }
}
