import Crypto
import Foundation
import KafaeDomain

/// Random secrets and their hashes: refresh tokens, API keys and invitation tokens are stored only as SHA-256.
enum Secrets {
    /// `bytes` random bytes as base64url without padding.
    static func randomToken(bytes: Int = 32) -> String {
        var rng = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &rng) })
        return base64url(data)
    }

    static func randomHex(bytes: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &rng)) }.joined()
    }

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func base64url(_ data: Data) -> String { Base64URL.encode(data) }

    /// Compares two strings in time that depends only on their length.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
