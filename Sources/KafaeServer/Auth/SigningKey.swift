import Foundation
import JWTKit
import Logging

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
        if fm.fileExists(atPath: path) {
            let pem = try String(contentsOfFile: path, encoding: .utf8)
            return try ES256PrivateKey(pem: pem)
        }
        let key = ES256PrivateKey()
        // Create with 0600 from the start: the key is never readable by others, not even briefly.
        guard fm.createFile(atPath: path, contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError("cannot write the signing key to \(path)")
        }
        logger.notice("generated a new token signing key", metadata: ["path": .string(path)])
        return key
    }
}
