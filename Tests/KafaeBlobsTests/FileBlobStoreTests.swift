import Foundation
import XCTest
@testable import KafaeBlobs

final class FileBlobStoreTests: XCTestCase {
    func testStoresByContentAtomicallyAndRefusesBadKeys() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kafae-blobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = FileBlobStore(root: root)
        let data = Data("green beans".utf8)
        let key = try await store.put(data)
        XCTAssertEqual(key.count, 64, "a hex SHA-256")
        XCTAssertEqual(key, FileBlobStore.key(for: data))
        let again = try await store.put(data)
        XCTAssertEqual(again, key, "the same bytes are stored once")
        let read = try await store.get(key)
        XCTAssertEqual(read, data)
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertTrue(files.isEmpty, "no temporary file is left behind")
        try await store.delete(key)
        let gone = try await store.get(key)
        XCTAssertNil(gone)
        do {
            _ = try await store.get("../../etc/passwd")
            XCTFail("a key that is not a hash must be refused")
        } catch let e as BlobError {
            XCTAssertEqual(e, .invalidKey)
        }
    }
}
