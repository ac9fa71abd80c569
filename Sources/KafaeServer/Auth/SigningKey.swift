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
