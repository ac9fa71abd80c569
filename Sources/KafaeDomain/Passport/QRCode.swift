/// A QR Code (ISO/IEC 18004) in byte mode at error-correction level M, versions 1–10 (up to 213 bytes), for
/// the quality-passport link on a bag's label.
///
/// Source: ISO/IEC 18004:2015 — byte-mode encoding, Reed–Solomon error correction over GF(256) with the
/// polynomial x⁸+x⁴+x³+x²+1, block structure and alignment pattern positions per version for level M, BCH-coded
/// format (generator 0x537, mask 0x5412) and version (generator 0x1F25) information, the eight data masks and
/// the four penalty rules.
public struct QRCode: Sendable, Equatable {
    public let version: Int
    public let mask: Int
    /// `modules[row][column]`, true = dark.
    public let modules: [[Bool]]
    public var size: Int { modules.count }

    public enum EncodeError: Error, Equatable { case tooLong(bytes: Int, max: Int) }

    // Per version 1…10 at level M: total codewords, error-correction codewords per block, number of blocks.
    static let totalCodewords = [26, 44, 70, 100, 134, 172, 196, 242, 292, 346]
    static let eccPerBlock = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
    static let blocks = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5]
    static let alignment: [[Int]] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]]

    static func dataCodewords(_ v: Int) -> Int { totalCodewords[v - 1] - eccPerBlock[v - 1] * blocks[v - 1] }

    /// Encodes UTF-8 text; `mask` forces a mask pattern (0–7), otherwise the one with the lowest penalty is used.
    public static func encode(_ text: String, mask forced: Int? = nil) throws -> QRCode {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { v in
            let countBits = v < 10 ? 8 : 16
            return 4 + countBits + bytes.count * 8 <= dataCodewords(v) * 8
        }) else { throw EncodeError.tooLong(bytes: bytes.count, max: dataCodewords(10) - 3) }

        // Bit stream: mode 0100, count, bytes, terminator, padding.
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) } }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for b in bytes { append(Int(b), 8) }
        let capacity = dataCodewords(version) * 8
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var pad = 0xEC
        while bits.count < capacity { append(pad, 8); pad = pad == 0xEC ? 0x11 : 0xEC }
        var data: [UInt8] = []
        for i in stride(from: 0, to: bits.count, by: 8) {
            data.append(bits[i..<i + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) })
        }
        let codewords = interleave(data, version: version)

        var q = Builder(version: version)
        q.drawFunctionPatterns()
        q.drawCodewords(codewords)
        var chosen = forced ?? 0
        if forced == nil {
            var best = Int.max
            for m in 0..<8 {
                q.applyMask(m)
                q.drawFormat(mask: m)
                let p = q.penalty()
                if p < best { best = p; chosen = m }
                q.applyMask(m) // undo (XOR)
            }
        }
        q.applyMask(chosen)
        q.drawFormat(mask: chosen)
        return QRCode(version: version, mask: chosen, modules: q.modules)
    }

    /// Splits data into blocks, adds Reed–Solomon codewords to each, and interleaves them.
    static func interleave(_ data: [UInt8], version v: Int) -> [UInt8] {
        let numBlocks = blocks[v - 1], ecc = eccPerBlock[v - 1], raw = totalCodewords[v - 1]
        let shortBlocks = numBlocks - raw % numBlocks
        let shortLen = raw / numBlocks
        let divisor = rsDivisor(ecc)
        var out: [[UInt8]] = []
        var k = 0
        for i in 0..<numBlocks {
            let len = shortLen - ecc + (i < shortBlocks ? 0 : 1)
            var block = Array(data[k..<k + len])
            k += len
            let ec = rsRemainder(block, divisor)
            if i < shortBlocks { block.append(0) }
            out.append(block + ec)
        }
        var result: [UInt8] = []
        for i in 0..<out[0].count {
            for (j, block) in out.enumerated() where i != shortLen - ecc || j >= shortBlocks {
                result.append(block[i])
            }
        }
        return result
    }

    static func gfMultiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> i) & 1) * Int(x)
        }
        return UInt8(z & 0xFF)
    }

    static func rsDivisor(_ degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = gfMultiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = gfMultiply(root, 0x02)
        }
        return result
    }

    static func rsRemainder(_ data: [UInt8], _ divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for b in data {
            let factor = b ^ result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= gfMultiply(divisor[i], factor) }
        }
        return result
    }

    /// An SVG drawing with a four-module quiet zone, `scale` pixels per module.
    public func svg(scale: Int = 8) -> String {
        let border = 4, dim = size + border * 2
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + border) \(y + border)h1v1h-1z" }
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(dim) \(dim)" width="\(dim * scale)" height="\(dim * scale)" \
        shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
        """
    }

    /// The modules drawn as a grid of patterns while building.
    struct Builder {
        let version: Int
        let size: Int
        var modules: [[Bool]]
        var isFunction: [[Bool]]

        init(version: Int) {
            self.version = version
            size = version * 4 + 17
            modules = Array(repeating: Array(repeating: false, count: size), count: size)
            isFunction = modules
        }

        mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
            modules[y][x] = dark
            isFunction[y][x] = true
        }

        mutating func drawFunctionPatterns() {
            for i in 0..<size {
                set(6, i, i % 2 == 0)
                set(i, 6, i % 2 == 0)
            }
            for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
                for dy in -4...4 {
                    for dx in -4...4 {
                        let x = cx + dx, y = cy + dy
                        guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                        let d = max(abs(dx), abs(dy))
                        set(x, y, d != 2 && d != 4)
                    }
                }
            }
            let pos = QRCode.alignment[version - 1]
            for (i, ax) in pos.enumerated() {
                for (j, ay) in pos.enumerated() {
                    let last = pos.count - 1
                    if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                    for dy in -2...2 { for dx in -2...2 { set(ax + dx, ay + dy, max(abs(dx), abs(dy)) != 1) } }
                }
            }
            drawFormat(mask: 0)
            if version >= 7 {
                var rem = version
                for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
                let bits = version << 12 | rem
                for i in 0..<18 {
                    let bit = (bits >> i) & 1 == 1
                    let a = size - 11 + i % 3, b = i / 3
                    set(a, b, bit)
                    set(b, a, bit)
                }
            }
        }

        /// Level M has format bits 00.
        mutating func drawFormat(mask: Int) {
            let data = 0 << 3 | mask
            var rem = data
            for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
            let bits = (data << 10 | rem) ^ 0x5412
            func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
            for i in 0..<6 { set(8, i, bit(i)) }
            set(8, 7, bit(6))
            set(8, 8, bit(7))
            set(7, 8, bit(8))
            for i in 9..<15 { set(14 - i, 8, bit(i)) }
            for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
            for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
            set(8, size - 8, true)
        }

        mutating func drawCodewords(_ data: [UInt8]) {
            var i = 0
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                for vert in 0..<size {
                    for j in 0..<2 {
                        let x = right - j
                        let upward = (right + 1) & 2 == 0
                        let y = upward ? size - 1 - vert : vert
                        if !isFunction[y][x] && i < data.count * 8 {
                            modules[y][x] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1
                            i += 1
                        }
                    }
                }
                right -= 2
            }
        }

        mutating func applyMask(_ m: Int) {
            for y in 0..<size {
                for x in 0..<size where !isFunction[y][x] {
                    let invert: Bool
                    switch m {
                    case 0: invert = (x + y) % 2 == 0
                    case 1: invert = y % 2 == 0
                    case 2: invert = x % 3 == 0
                    case 3: invert = (x + y) % 3 == 0
                    case 4: invert = (x / 3 + y / 2) % 2 == 0
                    case 5: invert = x * y % 2 + x * y % 3 == 0
                    case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                    default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                    if invert { modules[y][x].toggle() }
                }
            }
        }

        /// The four penalty rules: runs of five or more, 2×2 blocks, finder-like patterns, dark/light balance.
        func penalty() -> Int {
            var score = 0
            func lines(_ transpose: Bool) -> [[Bool]] {
                transpose ? (0..<size).map { x in (0..<size).map { modules[$0][x] } } : modules
            }
            for line in lines(false) + lines(true) {
                var run = 1
                for i in 1..<size {
                    if line[i] == line[i - 1] {
                        run += 1
                    } else {
                        if run >= 5 { score += 3 + run - 5 }
                        run = 1
                    }
                }
                if run >= 5 { score += 3 + run - 5 }
                let pattern = [true, false, true, true, true, false, true]
                for i in 0...(size - 7) where Array(line[i..<i + 7]) == pattern {
                    let before = i >= 4 && !line[(i - 4)..<i].contains(true)
                    let after = i + 11 <= size && !line[(i + 7)..<(i + 11)].contains(true)
                    if before || after { score += 40 }
                }
            }
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) {
                    let c = modules[y][x]
                    if c == modules[y][x + 1] && c == modules[y + 1][x] && c == modules[y + 1][x + 1] { score += 3 }
                }
            }
            let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
            score += abs(dark * 100 / (size * size) - 50) / 5 * 10
            return score
        }
    }
}
