import Foundation
import XCTest
@testable import KafaeDomain

/// Nothing a client sends can crash or stall the process (DESIGN §8): every numeric conversion of client data is
/// total, every parser is linear and capped, and a bad input is a ``KafaeError`` naming the field. Each test here
/// failed (a trap, or a run that did not finish) before the hardening.
final class ParserHardeningTests: XCTestCase {
    /// The values a client can put where a number is expected.
    static let hostileNumbers = ["1e19", "-1e19", "nan", "inf", "-inf", "1e308", "-1e308", "-0", "-0.0", "9223372036854775808",
                                 "-9223372036854775809", "18446744073709551616", "1.5", "0.5", "-1", "4.9e-324", "1e-320"]

    /// Parses and analyzes an Artisan log: a result, or the code of the KafaeError. Anything else fails the test.
    func roast(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try RoastAnalyzer.analyze(ArtisanLog.parse(Data(text.utf8)))
            return nil
        } catch let e as KafaeError {
            XCTAssertNotNil(MessageCatalogue.errors[e.code], "\(e.code) has no catalogue text", file: file, line: line)
            XCTAssertTrue((400..<500).contains(e.status), "\(e.code) is \(e.status)", file: file, line: line)
            return e.code
        } catch {
            XCTFail("not a KafaeError: \(error)", file: file, line: line)
            return "unexpected"
        }
    }

    // MARK: finding 1: Int(Double) traps

    func testNumberDictKeysNeverTrap() throws {
        XCTAssertEqual(roast("{1e19: 1}"), "roast.no_samples")
        for n in Self.hostileNumbers { _ = roast("{\(n): 1}") }
        let o = try XCTUnwrap(PythonLiteralParser.parse(Data("{1e19: 1, -1e19: 2, 9223372036854775808: 3, -0.0: 4, 2.5: 5, 7: 6}".utf8)).objectValue)
        XCTAssertEqual(o["1e+19"], .number(1))
        XCTAssertEqual(o["-1e+19"], .number(2))
        XCTAssertEqual(o["9.223372036854776e+18"], .number(3))
        XCTAssertEqual(o["0"], .number(4))
        XCTAssertEqual(o["2.5"], .number(5))
        XCTAssertEqual(o["7"], .number(6))
        XCTAssertEqual(roast("{nan: 1}"), "roast.unreadable_file", "a nan key is no key")
    }

    func testTimeindexNeverTraps() {
        XCTAssertEqual(roast("{'timex':[0,1],'temp2':[1,2],'timeindex':[1e19]}"), "roast.no_charge")
        for n in Self.hostileNumbers {
            for k in 0..<8 {
                var ti = Array(repeating: "0", count: 8)
                ti[k] = n
                _ = roast("{'timex':[0,1,2],'temp2':[100,101,102],'timeindex':[\(ti.joined(separator: ","))]}")
            }
        }
        XCTAssertEqual(roast("{'timex':[0,1],'temp2':[1,2],'timeindex':[1.5]}"), "roast.bad_field")
        XCTAssertNil(roast("{'timex':[0,1],'temp2':[1,2],'timeindex':[-0.0, 0, 0, 0, 0, 0, 1e19, -1e19]}"), "-0 is sample 0")
        XCTAssertNil(roast("{'timex':[0,1],'temp2':[1,2],'timeindex':[None, 'x', [], 0, 0, 0, 0, 0]}"), "not a number: 0, as before")
        let p = try? ArtisanLog.parse(Data("{'timex':[0,1,2],'temp2':[1,2,3],'timeindex':[0,0,0,0,0,0,9223372036854775807,2]}".utf8))
        XCTAssertNil(p?.drop, "Int.max is past the samples")
        XCTAssertEqual(p?.cool, 2)
    }

    func testEveryNumberFieldOfALogTakesHostileValues() {
        let base: [String: String] = ["timex": "[0, 10, 20, 30, 40]", "temp1": "[200, 190, 180, 185, 190]",
                                      "temp2": "[180, 150, 140, 150, 160]", "timeindex": "[0, 0, 2, 0, 0, 0, 4, 0]",
                                      "weight": "[100, 85, 'g']", "phases": "[150, 160, 190, 210]", "roastepoch": "1700000000"]
        func log(_ d: [String: String]) -> String { "{" + d.map { "'\($0.key)': \($0.value)" }.joined(separator: ", ") + "}" }
        XCTAssertNil(roast(log(base)))
        for n in Self.hostileNumbers {
            for (key, value) in base {
                // Each number of the field in turn.
                let parts = value.split(separator: ",", omittingEmptySubsequences: false)
                for i in parts.indices {
                    var mutated = parts
                    let text = String(parts[i])
                    let open = text.hasPrefix("[") ? "[" : "", close = text.hasSuffix("]") ? "]" : ""
                    if text.contains("'") { continue }
                    mutated[i] = Substring(open + n + close)
                    var d = base
                    d[key] = mutated.joined(separator: ",")
                    _ = roast(log(d))
                }
            }
        }
        XCTAssertEqual(roast(log(base.merging(["temp2": "[180, 1e300, 140, 150, 160]"]) { $1 })), "roast.bad_field")
        XCTAssertEqual(roast(log(base.merging(["weight": "[1e308, 1, 'lb']"]) { $1 })), "roast.bad_field")
        XCTAssertEqual(roast(log(base.merging(["timex": "[0, 10, 20, 30, 1e19]"]) { $1 })), "roast.bad_field")
        let far = try? ArtisanLog.parse(Data(log(base.merging(["roastepoch": "1e300"]) { $1 }).utf8))
        XCTAssertNotNil(far)
        XCTAssertNil(far?.roastedAt, "a start time past the year 9999 is unknown")
    }

    func testAProfileBuiltInCodeIsCheckedBeforeAnyArithmetic() {
        func code(_ p: RoastProfile) -> String? {
            do { _ = try RoastAnalyzer.analyze(p); return nil } catch let e as KafaeError { return e.code } catch { return "unexpected" }
        }
        let ok = RoastProfile(unit: "C", time: [0, 10, 20, 30], et: [nil, nil, nil, nil], bt: [200, 150, 160, 170], charge: 0, drop: 3)
        XCTAssertNil(code(ok))
        var p = ok
        p.bt = [200, 150]
        XCTAssertEqual(code(p), "roast.bad_field", "fewer readings than samples")
        p = ok
        p.time = [0, .nan, 20, 30]
        XCTAssertEqual(code(p), "roast.bad_field")
        p = ok
        p.time = [0, .infinity, 20, 30]
        XCTAssertEqual(code(p), "roast.bad_field")
        p = ok
        p.bt = [200, .nan, 160, 170]
        XCTAssertEqual(code(p), "roast.bad_field")
        p = ok
        p.weightInG = .infinity
        XCTAssertEqual(code(p), "roast.bad_field")
        p = ok
        p.charge = -1
        XCTAssertEqual(code(p), "roast.no_samples")
        p = ok
        p.drop = 99
        p.firstCrack = Int.max
        XCTAssertNil(code(p), "events past the samples are not events")
    }

    // MARK: finding 2: the RoR curve was quadratic on equal or decreasing times

    func testDecreasingTimesAreRejectedAndEqualTimesTolerated() {
        XCTAssertEqual(roast("{'timex':[0,10,5,20],'temp2':[1,2,3,4],'timeindex':[0]}"), "roast.bad_field")
        do {
            _ = try ArtisanLog.parse(Data("{'timex':[0,10,5,20],'temp2':[1,2,3,4]}".utf8))
            XCTFail("decreasing times accepted")
        } catch let e as KafaeError {
            XCTAssertEqual(e.params["field"], "timex")
        } catch {
            XCTFail("\(error)")
        }
        XCTAssertNil(roast("{'timex':[0,10,10,20],'temp2':[1,2,3,4],'timeindex':[0]}"))
    }

    func testEqualTimesFinishQuickly() throws {
        // 60,000 samples at one instant: before, the smoothed RoR summed the whole log for every sample.
        let count = 60_000
        let equal = RoastProfile(unit: "C", time: Array(repeating: 5, count: count), et: Array(repeating: nil, count: count),
                                 bt: (0..<count).map { Double(150 + $0 % 50) }, charge: 0)
        let c = RoastAnalyzer.curve(equal, from: 0, to: count - 1)
        XCTAssertEqual(c.ror.count, count)
        XCTAssertTrue(c.ror.allSatisfy { $0 == nil }, "no slope over no time")

        // The same through the parser, at the cap.
        let n = ArtisanLog.maxSamples
        let text = "{'timex': [" + Array(repeating: "5", count: n).joined(separator: ",") + "], 'temp2': ["
            + (0..<n).map { String(150 + $0 % 50) }.joined(separator: ",") + "], 'timeindex': [0, 0, 0, 0, 0, 0, \(n - 1), 0]}"
        let a = try RoastAnalyzer.analyze(ArtisanLog.parse(Data(text.utf8)))
        XCTAssertEqual(a.curve.ror.count, n)

        // Dense times (many samples per window) stay linear too, and still give a slope.
        let dense = RoastProfile(unit: "C", time: (0..<n).map { Double($0) * 0.01 }, et: Array(repeating: nil, count: n),
                                 bt: (0..<n).map { 100 + Double($0) * 0.01 }, charge: 0)
        let d = RoastAnalyzer.curve(dense, from: 0, to: n - 1)
        XCTAssertEqual(d.ror.last ?? nil, 60, "1 degree per second")
    }

    /// The curve as it was computed before (a fresh least-squares sum over the window for every sample): the
    /// running-sum curve must give the same figures, bit for bit, on the real logs.
    static func referenceCurve(_ p: RoastProfile, from start: Int, to end: Int) -> RoastAnalysis.Curve {
        var c = RoastAnalysis.Curve()
        guard start <= end else { return c }
        let t0 = p.time[start]
        var windowStart = start
        for i in start...end {
            c.timeS.append(roundPlaces(p.time[i] - t0, 2))
            c.bt.append(p.bt[i].map { roundPlaces($0, 2) })
            c.et.append(p.et[i].map { roundPlaces($0, 2) })
            while p.time[i] - p.time[windowStart] > RoastAnalyzer.rorWindowS { windowStart += 1 }
            var n = 0.0, st = 0.0, sb = 0.0, stt = 0.0, stb = 0.0
            for j in windowStart...i {
                guard let v = p.bt[j] else { continue }
                let x = p.time[j] - t0
                n += 1; st += x; sb += v; stt += x * x; stb += x * v
            }
            let denominator = n * stt - st * st
            if n >= 3, p.time[i] - p.time[windowStart] >= RoastAnalyzer.rorWindowS / 2, denominator > 0 {
                c.ror.append(roundPlaces((n * stb - st * sb) / denominator * 60, 1))
            } else {
                c.ror.append(nil)
            }
        }
        return c
    }

    func testCurveIsUnchangedOnRealLogs() throws {
        for url in try RoastingTests.logs() {
            let p = try ArtisanLog.parse(Data(contentsOf: url))
            let a = try RoastAnalyzer.analyze(p)
            let charge = try XCTUnwrap(p.charge)
            let end = p.drop.flatMap { $0 > charge ? $0 : nil } ?? p.time.count - 1
            XCTAssertEqual(a.curve, Self.referenceCurve(p, from: charge, to: end), url.lastPathComponent)
        }
        // Synthetic logs sampled from every 0.05 s (running sums) to every 5 s (fresh sums): the same figures.
        var seed: UInt64 = 42
        func random() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        for interval in [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5] {
            var time: [Double] = [], bt: [Double?] = []
            var t = random(), temp = 200.0
            while t < 900 {
                time.append(t)
                temp += random() * 0.6 - 0.2
                bt.append(random() < 0.02 ? nil : (temp * 10).rounded() / 10)
                t += interval * (0.9 + random() * 0.2)
            }
            let p = RoastProfile(unit: "C", time: time, et: Array(repeating: nil, count: time.count), bt: bt, charge: 0)
            XCTAssertEqual(RoastAnalyzer.curve(p, from: 0, to: time.count - 1), Self.referenceCurve(p, from: 0, to: time.count - 1),
                           "every \(interval) s")
        }
    }

    // MARK: finding 3: caps

    func testSampleCap() throws {
        func log(_ n: Int) -> String {
            "{'timex': [" + (0..<n).map { String($0) }.joined(separator: ",") + "], 'temp2': ["
                + (0..<n).map { String(100 + $0 % 100) }.joined(separator: ",") + "], 'timeindex': [0, 0, 0, 0, 0, 0, 0, 0]}"
        }
        XCTAssertNil(roast(log(ArtisanLog.maxSamples)))
        do {
            _ = try ArtisanLog.parse(Data(log(ArtisanLog.maxSamples + 1).utf8))
            XCTFail("past the cap")
        } catch let e as KafaeError {
            XCTAssertEqual(e.code, "roast.too_many_samples")
            XCTAssertEqual(e.params["max"], "50000")
            XCTAssertEqual(e.status, 413)
            XCTAssertEqual(MessageCatalogue.message(for: e, in: .en), "A roast log may hold at most 50000 samples")
        }
        // A runaway list anywhere in the file stops the parser early, with the same error.
        let runaway = "{'extratimex': [[" + Array(repeating: "1", count: 2 * ArtisanLog.maxSamples + 1).joined(separator: ",") + "]]}"
        XCTAssertEqual(roast(runaway), "roast.too_many_samples")
    }

    func testCSVRowAndColumnCaps() throws {
        let header = "Species,Aroma,Flavor,Aftertaste,Acidity,Body,Balance,Uniformity,Clean.Cup,Sweetness,Cupper.Points,Total.Cup.Points\n"
        let row = "Arabica,8,8,8,8,8,8,10,10,10,8,86\n"
        let atCap = header + String(repeating: row, count: 20_000)
        let ok = try CQIRecord.read(atCap, maxRows: CQIRecord.maxRows)
        XCTAssertEqual(ok.records.count, 20_000)
        XCTAssertEqual(ok.errors, [])
        let over = header + String(repeating: row, count: 20_001)
        do {
            _ = try CQIRecord.read(over, maxRows: CQIRecord.maxRows)
            XCTFail("past the cap")
        } catch let e as KafaeError {
            XCTAssertEqual(e.code, "import.too_many_rows")
            XCTAssertEqual(e.params["max"], "20000")
            XCTAssertEqual(e.status, 413)
        }
        let fallback = CQIRecord.read(over)
        XCTAssertEqual(fallback.records, [])
        XCTAssertEqual(fallback.errors.map(\.code), ["import.too_many_rows"])

        let wide = header + Array(repeating: "x", count: CQIRecord.maxColumns + 1).joined(separator: ",") + "\n"
        XCTAssertThrowsError(try CQIRecord.read(wide, maxRows: CQIRecord.maxRows)) { error in
            XCTAssertEqual((error as? KafaeError)?.code, "import.too_many_columns")
            XCTAssertEqual((error as? KafaeError)?.params["line"], "2")
        }
        // Blank lines are not rows.
        XCTAssertEqual(try CQIRecord.read(header + String(repeating: "\n", count: 50_000) + row, maxRows: 1).records.count, 1)
        XCTAssertThrowsError(try CSV.parse("a\nb\nc\n", maxRecords: 2, maxFields: 5)) { error in
            XCTAssertEqual(error as? CSV.LimitError, .tooManyRecords(max: 2, line: 3))
        }
    }

    func testCSVNumbersAreReadInOnePass() {
        // Numbers are read out of text in one pass, whatever the text holds.
        let digits = String(repeating: "1234567890", count: 40_000)
        XCTAssertEqual(CQIRecord.allNumbers("0." + digits).count, 1)
        XCTAssertEqual(CQIRecord.allNumbers(digits), [], "a number past Double's range is no number")
        XCTAssertEqual(CQIRecord.allNumbers("12 % and 0.5.6, -3-4 x.9"), [12, 0.5, 6, -3, 4, 0.9])
        let header = "Species,Aroma,Flavor,Aftertaste,Acidity,Body,Balance,Uniformity,Clean.Cup,Sweetness,Cupper.Points,Total.Cup.Points,Altitude\n"
        let r = CQIRecord.read(header + "Arabica,8,8,8,8,8,8,10,10,10,8,86,\(digits)\n")
        XCTAssertEqual(r.records.count, 1)
        XCTAssertNil(r.records.first?.altitudeM)
    }

    func testCQIRowNumbersNeverTrap() {
        let header = "Species,Aroma,Flavor,Aftertaste,Acidity,Body,Balance,Uniformity,Clean.Cup,Sweetness,Cupper.Points,Total.Cup.Points,"
            + "Category.One.Defects,Category.Two.Defects,Quakers,Moisture,Number.of.Bags,Bag.Weight,Altitude,Grading.Date\n"
        let values = ["99999.5", "100000", "-0", "-1", "1e19", "9223372036854775808", "99999", "0.5", "nan", "inf", ".", "-", "--1", "1.2.3"]
        var rows = ""
        for v in values {
            rows += "Arabica,8,8,8,8,8,8,10,10,10,8,86,\(v),\(v),\(v),\(v),\(v),\(v) kg,\(v)-\(v),\"April \(v)th, \(v)\"\n"
        }
        rows += "Arabica,8,8,8,8,8,8,10,10,10,8,86,0,0,0,0,1,1 kg,1,\"April 4294969296th, 2015\"\n"
        rows += "Arabica,8,8,8,8,8,8,10,10,10,8,86,0,0,0,0,1,1 kg,1,\"April 4th, 4294969296\"\n"
        let r = CQIRecord.read(header + rows)
        XCTAssertEqual(r.records.count + r.errors.count, values.count + 2)
        XCTAssertTrue(r.records.allSatisfy { $0.gradingDate == nil })
        XCTAssertTrue(r.errors.allSatisfy { MessageCatalogue.errors[$0.code] != nil })
    }

    // MARK: finding 4: every parser total

    func testDeepNestingIsRefusedWithoutExhaustingASmallStack() {
        // A request may be handled on a thread with as little as 512 KiB of stack (NIO's, or wherever the default is
        // smaller than Linux's 8 MiB): check the parser, in a debug build, on 256 KiB.
        final class Results: @unchecked Sendable { var list: [Bool] = [] }
        let done = DispatchSemaphore(value: 0)
        let out = Results()
        let thread = Thread {
            for depth in [PythonLiteralParser.maxDepth, PythonLiteralParser.maxDepth + 1, 100_000] {
                for (open, close) in [("[", "]"), ("(", ")"), ("{'a':", "}")] {
                    let text = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
                    out.list.append((try? PythonLiteralParser.parse(Data(text.utf8))) != nil)
                }
            }
            let unclosed = String(repeating: "[", count: 1_000_000)
            out.list.append((try? PythonLiteralParser.parse(Data(unclosed.utf8))) != nil)
            done.signal()
        }
        thread.stackSize = 256 << 10
        thread.start()
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(out.list, [true, true, true, false, false, false, false, false, false, false])
        XCTAssertEqual(roast(String(repeating: "[", count: 100_000)), "roast.unreadable_file")
    }

    func testDeepJSONIsRefusedBeforeDecoding() {
        // Foundation's decoder accepts 512 levels; decoding 200 of them overflowed a 512 KiB stack in a debug build.
        final class Results: @unchecked Sendable { var list: [String] = [] }
        let done = DispatchSemaphore(value: 0)
        let out = Results()
        let thread = Thread {
            func run(_ text: String) {
                switch Result(catching: { try JSONValue.parse(Data(text.utf8)) }) {
                case .success: out.list.append("ok")
                case .failure(let error): out.list.append(error is JSONValue.TooDeep ? "deep" : "bad")
                }
            }
            for depth in [JSONValue.maxDepth, JSONValue.maxDepth + 1, 200, 511] {
                run(String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth))
                run(String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth))
            }
            // Brackets inside strings, escaped quotes included, are text.
            run(#"{"a": "[[[[{{{{\"[[[[", "b": [["\\"]]}"#)
            run(String(repeating: "[", count: 1_000_000))
            done.signal()
        }
        thread.stackSize = 512 << 10
        thread.start()
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(out.list, ["ok", "ok", "deep", "deep", "deep", "deep", "deep", "deep", "ok", "deep"])
    }

    func testWrongTypesNameTheField() {
        for key in ["timex", "temp1", "temp2", "timeindex"] {
            for value in ["'x'", "1", "{}", "True", "{'a': [1]}"] {
                var d = ["timex": "[0, 1]", "temp1": "[1, 2]", "temp2": "[1, 2]", "timeindex": "[0]"]
                d[key] = value
                let text = "{" + d.map { "'\($0.key)': \($0.value)" }.joined(separator: ", ") + "}"
                do {
                    _ = try ArtisanLog.parse(Data(text.utf8))
                    XCTFail("\(key): \(value) accepted")
                } catch let e as KafaeError {
                    XCTAssertEqual(e.code, "roast.bad_field", text)
                    XCTAssertEqual(e.params["field"], key, text)
                } catch {
                    XCTFail("\(error)")
                }
            }
        }
        XCTAssertNil(roast("{'timex': [0, 1], 'temp1': None, 'temp2': [1, 2], 'timeindex': [0], 'weight': 'x', 'mode': 3, 'phases': {}}"),
                     "null lists are absent; the weight, mode and phases are optional")
    }

    func testTruncatedAndEmptyLogs() throws {
        XCTAssertEqual(roast(""), "roast.empty_file")
        XCTAssertEqual(roast("   "), "roast.unreadable_file")
        XCTAssertEqual(roast("\u{FEFF}"), "roast.unreadable_file")
        let url = try XCTUnwrap(RoastingTests.logs().first)
        let whole = try Data(contentsOf: url)
        // Every truncation of a real log (in steps) is an error or a result, never a crash.
        for end in stride(from: 0, to: whole.count, by: max(1, whole.count / 300)) {
            _ = roast(String(decoding: whole.prefix(end), as: UTF8.self))
        }
        // A number of hundreds of digits is refused as soon as it is seen (a double needs at most 24 characters).
        XCTAssertEqual(roast("{'timex': [" + String(repeating: "1", count: 400) + "], 'temp2': [1]}"), "roast.bad_field")
        XCTAssertEqual(roast("{'timex': [" + String(repeating: "1_", count: 4_000_000) + "1]}"), "roast.unreadable_file")
        XCTAssertEqual(roast("{'timex': [0, 1], 'temp2': [1, 2], 'title': '\\x"), "roast.unreadable_file")
        XCTAssertEqual(roast("{'timex': [0, 1], 'temp2': [1, 2], 'title': '\\u12"), "roast.unreadable_file")
        XCTAssertNil(roast("{'timex': [0, 1], 'temp2': [1, 2], 'timeindex': [0], 'title': '\\ud800\\ud800\\U0011ffff'}"))
    }

    func testFieldReaderIntegersAndFormatAreTotal() {
        for n in [9.223372036854775807e18, 1e19, -1e19, 1e308, .infinity, -.infinity, .nan, -0.0, 0.5, Double(Int.min)] {
            var r = FieldReader(["n": .number(n)], allowed: ["n"])
            let v = r.integer("n", in: 0...Int.max)
            if n == 0 {
                XCTAssertEqual(v.value, 0)
            } else {
                XCTAssertNil(v.value, "\(n)")
                XCTAssertEqual(r.issues.count, 1, "\(n)")
            }
            _ = FieldReader.format(n)
        }
        var r = FieldReader(["n": .number(9.223372036854775807e18)], allowed: ["n"])
        XCTAssertNil(r.integer("n", in: Int.min...Int.max).value, "2⁶³ is not an Int")
        XCTAssertEqual(r.issues.first?.code, "range")
        XCTAssertEqual(FieldReader.format(Double(Int.max)), "9.223372036854776e+18")
        XCTAssertEqual(FieldReader.format(1e300), "1e+300")
        XCTAssertEqual(FieldReader.format(-0.0), "0")
        XCTAssertEqual(FieldReader.format(12.5), "12.5")
        XCTAssertEqual(FieldReader.format(3000), "3000")
    }

    func testJSONNeverEncodesANonFiniteNumber() {
        let v = JSONValue.object(["a": .number(.nan), "b": .number(.infinity), "c": .number(2), "d": .number(1e300)])
        XCTAssertEqual(v.jsonString(), #"{"a":null,"b":null,"c":2,"d":1e+300}"#)
    }

    func testGradingAndCuppingTakeHostileNumbers() throws {
        let values: [JSONValue] = [.number(1e300), .number(-1e300), .number(9.223372036854775807e18), .number(1e19), .number(-1e19),
                                   .number(.nan), .number(.infinity), .number(-0.0), .number(0.5), .string("1"), .array([]), .bool(true)]
        for standard in GradingStandards.all {
            for v in values {
                for key in ["sampleG", "quakers", "moisturePct", "waterActivity"] {
                    _ = try? GreenGrader.grade(standard, ["standard": .string(standard.id), key: v])
                }
                for d in standard.defects {
                    do {
                        _ = try GreenGrader.grade(standard, ["defects": .object([d.key: v])])
                    } catch let e as KafaeError {
                        XCTAssertEqual(e.code, "request.invalid")
                    }
                }
            }
            // Every defect at its largest count: the sums stay far from overflow.
            let most = Dictionary(uniqueKeysWithValues: standard.defects.map { ($0.key, JSONValue.number(100_000)) })
            let g = try GreenGrader.grade(standard, ["defects": .object(most), "quakers": .number(100_000)])
            XCTAssertEqual(g.grade, standard.grades.last?.key)
        }
        for form in BuiltInForms.all {
            for v in values {
                for section in form.sections {
                    _ = try? CuppingScorer.score(form, [section.key: v])
                }
            }
        }
    }

    func testPassportRendersAnyStoredNumber() {
        var facts = PassportFacts(lotCode: "L-1")
        facts.roastDtrPct = 1e300
        facts.roastDevelopmentS = 1e300
        facts.cupScore = .infinity
        facts.altitudeM = -1e19
        let page = PassportPage.html(facts, sections: Set(PassportSection.allCases), url: "https://kafae.example/p/x", qrPath: "/p/x.png")
        XCTAssertTrue(page.contains("L-1"))
    }
}
