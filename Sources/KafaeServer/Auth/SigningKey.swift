import Foundation
import JWTKit
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The ES256 key that signs access tokens.
///
/// Production passes it in `KAFAE_JWT_PRIVATE_KEY` (from Secrets Manager); otherwise it is generated on first
/// start and kept in `<data-dir>/jwt-signing-key.pem` with mode 0600, so tokens survive restarts.
enum SigningKey {
    static let fileName = "jwt-signing-key.pem"

    static func load(config: ServerConfig, logger: Logger) throws -> ES256PrivateKey {
        if let pem = config.signingKeyPEM {
            return try ES256PrivateKey(pem: pem)
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: config.dataDir, withIntermediateDirectories: true)
        let path = (config.dataDir as NSString).appendingPathComponent(fileName)
        if let existing = try readExisting(path, logger: logger) { return existing }
        let key = ES256PrivateKey()
        if try SecretFile.createExclusive(path: path, contents: Data(key.pemRepresentation.utf8)) {
            logger.notice("generated a new token signing key", metadata: ["path": .string(path)])
            return key
        }
        // Another process started at the same moment and wrote its key first: use that one.
        guard let theirs = try readExisting(path, logger: logger) else { throw ConfigError("cannot write the signing key to \(path)") }
        return theirs
    }

    /// The key in `path`, or nil when there is no file. A key file others may read is narrowed to 0600, with a warning.
    static func readExisting(_ path: String, logger: Logger) throws -> ES256PrivateKey? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        if st.st_mode & 0o077 != 0 {
            logger.warning("the token signing key was readable by others; narrowing it to 0600",
                           metadata: ["path": .string(path), "mode": .string(String(st.st_mode & 0o777, radix: 8))])
            _ = chmod(path, 0o600)
        }
        let pem = try String(contentsOfFile: path, encoding: .utf8)
        return try ES256PrivateKey(pem: pem)
    }
}

/// Files holding secrets: never readable by anyone but this user, not even for a moment, and never half-written.
enum SecretFile {
    /// Writes `contents` to `path` unless a file is already there (returns false then).
    ///
    /// The bytes go to a temporary file in the same folder, created by `open(2)` with `O_CREAT | O_EXCL` and mode 0600
    /// (so it is private from its first instant, whatever the umask, and a planted file or link is never followed),
    /// written in full and `fsync`ed; `link(2)` then gives it its name, failing if the name is taken, so two
    /// processes starting together never replace each other's key. Where hard links are not supported, `rename(2)`.
    static func createExclusive(path: String, contents: Data) throws -> Bool {
        let dir = (path as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString.prefix(8)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw ConfigError("cannot create \(temp): \(String(cString: strerror(errno)))") }
        defer { unlink(temp) }
        var ok = true
        contents.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { ok = false; return }
                offset += n
            }
        }
        if ok { ok = fsync(fd) == 0 }
        let closed = close(fd) == 0
        guard ok, closed else { throw ConfigError("cannot write \(temp): \(String(cString: strerror(errno)))") }
        if link(temp, path) == 0 { return true }
        switch errno {
        case EEXIST:
            return false
        case EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK:
            // No hard links here: an atomic rename, after checking the name is still free.
            if access(path, F_OK) == 0 { return false }
            guard rename(temp, path) == 0 else { throw ConfigError("cannot write \(path): \(String(cString: strerror(errno)))") }
            return true
        default:
            throw ConfigError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
