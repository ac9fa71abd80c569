import Foundation
import Logging
import XCTest
@testable import KafaeServer

/// The access log is written by hand for speed: every line must still be one valid JSON object, in order, with
/// nothing lost and errors out at once.
final class JSONLogHandlerTests: XCTestCase {
    /// A file the writer appends to (a pipe would fill up and block a test that reads only at the end).
    private var files: [FileHandle] = []

    private func writerAndReader() throws -> (LogLineWriter, FileHandle) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kafae-log-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let out = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        let back = try XCTUnwrap(FileHandle(forReadingAtPath: path))
        files += [out, back]
        try FileManager.default.removeItem(atPath: path)
        return (LogLineWriter(fileDescriptor: out.fileDescriptor), back)
    }

    private func lines(_ data: Data) throws -> [[String: Any]] {
        try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], String($0))
        }
    }

    func testEveryLineIsValidJSONWithHostileText() throws {
        let (writer, reader) = try writerAndReader()
        var logger = Logger(label: "kafae") { JSONLogHandler(label: $0, writer: writer) }
        logger.logLevel = .trace
        let hostile = "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} ไทย ☕ \u{2028} </script>"
        logger.info("request", metadata: ["path": .string(hostile), "n": .stringConvertible(42),
                                          "nested": .dictionary(["a": .array([.string("x"), .string(hostile)])])])
        writer.flush()
        let parsed = try lines(reader.readDataToEndOfFile())
        XCTAssertEqual(parsed.count, 1)
        let line = parsed[0]
        XCTAssertEqual(line["path"] as? String, hostile)
        XCTAssertEqual(line["n"] as? String, "42")
        XCTAssertEqual(line["level"] as? String, "info")
        XCTAssertEqual(line["message"] as? String, "request")
        XCTAssertEqual(((line["nested"] as? [String: Any])?["a"] as? [Any])?.last as? String, hostile)
        let time = try XCTUnwrap(line["time"] as? String)
        XCTAssertNotNil(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression), time)
    }

    func testLinesKeepTheirOrderAcrossThreadsAndErrorsAreWrittenAtOnce() async throws {
        let (writer, reader) = try writerAndReader()
        let logger = Logger(label: "kafae") { JSONLogHandler(label: $0, writer: writer) }
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<4 {
                group.addTask { for i in 0..<250 { logger.info("line", metadata: ["t": "\(t)", "i": "\(i)"]) } }
            }
        }
        // An error goes out with everything before it, without waiting for the batch thread.
        logger.error("boom")
        let drained = try lines(reader.readDataToEndOfFile())
        XCTAssertEqual(drained.count, 1001)
        XCTAssertEqual(drained.last?["message"] as? String, "boom")
        for t in 0..<4 {
            let mine = drained.filter { $0["t"] as? String == "\(t)" }.compactMap { ($0["i"] as? String).flatMap(Int.init) }
            XCTAssertEqual(mine, Array(0..<250), "thread \(t) out of order")
        }
    }
}
