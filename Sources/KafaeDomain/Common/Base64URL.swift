import Foundation

/// Base64 with the URL- and filename-safe alphabet and no padding (RFC 4648 §5): tokens, cursors, anything a client
/// carries in a URL.
public enum Base64URL {
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func encode(_ text: String) -> String { encode(Data(text.utf8)) }

    /// The bytes, or nil for text that is not base64url (with or without padding).
    public static func decode(_ text: String) -> Data? {
        guard text.utf8.count <= 4096 else { return nil }
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.utf8.count % 4 != 0 { b64 += "=" }
        return Data(base64Encoded: b64)
    }

    /// The UTF-8 text, or nil.
    public static func decodeText(_ text: String) -> String? {
        decode(text).flatMap { String(data: $0, encoding: .utf8) }
    }
}
