import Foundation
import XCTest
@testable import KafaeDomain

/// Kafae's QR codes, read back by an independent decoder (zbar's `zbarimg`, installed by the test script).
final class QRCodeTests: XCTestCase {
    /// A PBM image of the code with its quiet zone, `scale` pixels per module.
    static func pbm(_ q: QRCode, scale: Int = 4) -> String {
        let border = 4, n = q.size + border * 2
        var out = "P1\n\(n * scale) \(n * scale)\n"
        for y in -border..<(q.size + border) {
            var line: [String] = []
            for x in -border..<(q.size + border) {
                let dark = (0..<q.size).contains(y) && (0..<q.size).contains(x) && q.modules[y][x]
                line += Array(repeating: dark ? "1" : "0", count: scale)
            }
            let text = line.joined(separator: " ")
            for _ in 0..<scale { out += text + "\n" }
        }
        return out
    }

    static func zbar() -> String? {
        ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func decode(_ q: QRCode) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kafae-qr-\(UUID().uuidString).pbm")
        try pbm(q).write(to: file, atomically: true, encoding: .ascii)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: zbar()!)
        p.arguments = ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .newlines)
    }

    func testAnIndependentDecoderReadsEveryVersionAndMask() throws {
        guard Self.zbar() != nil else { throw XCTSkip("zbarimg is not installed (apt-get install zbar-tools)") }
        let texts = ["https://kafae.example/p/abc", "กาแฟ ดอยช้าง 2568", "https://kafae.example/p/" + String(repeating: "Zm9v", count: 11),
                     String(repeating: "x", count: 150), String(repeating: "q", count: 213)]
        var versions = Set<Int>()
        for text in texts {
            for mask in [nil] + (0..<8).map(Optional.some) {
                let q = try QRCode.encode(text, mask: mask)
                versions.insert(q.version)
                XCTAssertEqual(try Self.decode(q), text, "version \(q.version), mask \(q.mask)")
            }
        }
        XCTAssertTrue(versions.isSuperset(of: [3, 5, 8, 10]), "\(versions)")
    }

    func testChoosesAMaskAndRefusesTooMuch() throws {
        let q = try QRCode.encode("https://kafae.example/p/abc")
        XCTAssertTrue((0..<8).contains(q.mask))
        XCTAssertEqual(q.size, q.version * 4 + 17)
        XCTAssertTrue(q.svg().hasPrefix("<svg"))
        XCTAssertThrowsError(try QRCode.encode(String(repeating: "x", count: 214)))
        // Function patterns: finder corners dark, timing alternates.
        XCTAssertTrue(q.modules[0][0] && q.modules[0][q.size - 1] && q.modules[q.size - 1][0])
        XCTAssertEqual((8..<(q.size - 8)).map { q.modules[6][$0] }, (8..<(q.size - 8)).map { $0 % 2 == 0 })
    }
}
