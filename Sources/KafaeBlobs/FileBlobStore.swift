import Crypto
import Foundation

/// Where photos and other files live: content-addressed by SHA-256, so the same bytes are stored once.
public protocol BlobStore: Sendable {
    /// Stores bytes and returns their key (the lower-case hex SHA-256).
    func put(_ data: Data) async throws -> String
    /// The bytes of a key, or nil when there are none.
    func get(_ key: String) async throws -> Data?
    func delete(_ key: String) async throws
}

/// Blobs on local disk under `<root>/ab/cd/<sha256>`: written to a temporary file and renamed into place, so a
/// reader never sees half a file and a crash leaves nothing half-written.
public struct FileBlobStore: BlobStore {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public static func key(for data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func path(_ key: String) throws -> URL {
        guard key.count == 64, key.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { throw BlobError.invalidKey }
        return root.appendingPathComponent(String(key.prefix(2))).appendingPathComponent(String(key.dropFirst(2).prefix(2)))
            .appendingPathComponent(key)
    }

    public func put(_ data: Data) async throws -> String {
        let key = Self.key(for: data)
        let target = try path(key)
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path) { return key }
        try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temp = target.deletingLastPathComponent().appendingPathComponent(".\(key).\(UUID().uuidString).tmp")
        try data.write(to: temp)
        if rename(temp.path, target.path) != 0 {
            try? fm.removeItem(at: temp)
            throw BlobError.writeFailed
        }
        return key
    }

    public func get(_ key: String) async throws -> Data? {
        FileManager.default.contents(atPath: try path(key).path)
    }

    public func delete(_ key: String) async throws {
        let p = try path(key)
        if FileManager.default.fileExists(atPath: p.path) { try FileManager.default.removeItem(at: p) }
    }
}

public enum BlobError: Error, Equatable {
    case invalidKey
    case writeFailed
}
