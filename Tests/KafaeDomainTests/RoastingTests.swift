import Foundation
import XCTest
@testable import KafaeDomain

/// Roast metrics against Artisan's own `computed` figures in real logs (../shared/data/artisan-alog, MIT).
final class RoastingTests: XCTestCase {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/artisan-alog")

    static func logs() throws -> [URL] {
        let files = (try? FileManager.default.contentsOfDirectory(at: shared, includingPropertiesForKeys: nil)) ?? []
        let logs = files.filter { $0.pathExtension == "alog" }.sorted { $0.path < $1.path }
        if logs.isEmpty { throw XCTSkip("no Artisan logs at \(shared.path)") }
        return logs
    }

    func testEveryRealLogMatchesArtisansComputedFigures() throws {
        var compared = 0
        for url in try Self.logs() {
            let data = try Data(contentsOf: url)
            let raw = try PythonLiteralParser.parse(data).objectValue!
            let name = url.lastPathComponent
            let profile: RoastProfile
            do { profile = try ArtisanLog.parse(data) } catch {
                XCTFail("\(name): \(error)")
                continue
            }
            let computed = raw["computed"]?.objectValue ?? [:]
            guard let a = try? RoastAnalyzer.analyze(profile) else {
                XCTAssertNil(computed["DROP_time"], "\(name): Artisan computed a roast we could not")
                continue
            }
            func check(_ mine: Double?, _ key: String, accuracy: Double = 0.051, line: UInt = #line) {
                guard let oracle = computed[key]?.numberValue, oracle != -1 else { return }
                XCTAssertNotNil(mine, "\(name) \(key)", line: line)
                if let mine { XCTAssertEqual(mine, oracle, accuracy: accuracy, "\(name) \(key)", line: line) }
                compared += 1
            }
            check(a.events.turningPointS, "TP_time")
            check(a.events.turningPointBt, "TP_BT")
            if !a.events.dryEndEstimated { check(a.events.dryEndS, "DRY_time") }
            check(a.events.firstCrackS, "FCs_time")
            check(a.events.firstCrackBt, "FCs_BT")
            check(a.events.firstCrackEndS, "FCe_time")
            check(a.events.dropS, "DROP_time")
            check(a.events.dropBt, "DROP_BT")
            check(a.phases.developmentS, "finishphasetime")
            check(a.phases.totalS, "totaltime")
            check(a.ror.dry, "dry_phase_ror")
            check(a.ror.mid, "mid_phase_ror")
            check(a.ror.finish, "finish_phase_ror")
            check(a.ror.total, "total_ror")
            if let fin = computed["finishphasetime"]?.numberValue, let tot = computed["totaltime"]?.numberValue, tot > 0 {
                XCTAssertEqual(a.dtrPct ?? -1, roundPlaces(fin / tot * 100, 1), accuracy: 0.051, "\(name) DTR")
            }
            if let wl = computed["weight_loss"]?.numberValue, wl > 0, wl < 100 {
                // Artisan rounds weight loss to whole percent in some versions, to tenths in others.
                XCTAssertEqual(a.weightLossPct ?? -1, wl, accuracy: 0.5, "\(name) weight loss")
            }
        }
        XCTAssertGreaterThan(compared, 60)
    }

    func testDocumentedOracles() throws {
        let dir = Self.shared
        guard FileManager.default.fileExists(atPath: dir.path) else { throw XCTSkip("no shared data") }
        let a = try RoastAnalyzer.analyze(ArtisanLog.parse(Data(contentsOf: dir.appendingPathComponent("roast_25-10-04_1600.alog"))))
        XCTAssertEqual(a.events.turningPointS, 64.5)
        XCTAssertEqual(a.events.turningPointBt, 113.4)
        XCTAssertEqual(a.events.dryEndS, 270.0)
        XCTAssertEqual(a.events.firstCrackS, 475.5)
        XCTAssertEqual(a.events.firstCrackBt, 170.4)
        XCTAssertEqual(a.events.dropS, 616.5)
        XCTAssertEqual(a.events.dropBt, 178.2)
        XCTAssertEqual(a.dtrPct, 22.9)
        XCTAssertEqual(a.weightInG, 150)
        XCTAssertEqual(a.weightOutG, 126)
        XCTAssertEqual(a.weightLossPct, 16)
        XCTAssertEqual(a.ror, .init(dry: 10.1, mid: 6.5, finish: 3.3, total: 7.0))
        XCTAssertEqual(a.unit, "C")
        XCTAssertEqual(a.curve.timeS.first, 0)
        XCTAssertEqual(a.curve.timeS.count, a.curve.bt.count)
        XCTAssertEqual(a.curve.timeS.count, a.curve.ror.count)

        let noET = try RoastAnalyzer.analyze(ArtisanLog.parse(Data(contentsOf: dir.appendingPathComponent("roast_25-08-30_1650.alog"))))
        XCTAssertNil(noET.events.chargeEt, "-1 means no reading, never a value")
        XCTAssertTrue(noET.curve.et.allSatisfy { $0 == nil })
        XCTAssertEqual(noET.dtrPct, 21.7)
        XCTAssertEqual(noET.weightLossPct, 16)

        let noOut = try RoastAnalyzer.analyze(ArtisanLog.parse(Data(contentsOf: dir.appendingPathComponent("roast_25-09-20_1158.alog"))))
        XCTAssertNil(noOut.weightOutG, "a roasted weight of 0 is unknown")
        XCTAssertNil(noOut.weightLossPct)

        let unfinished = try RoastAnalyzer.analyze(ArtisanLog.parse(Data(contentsOf: dir.appendingPathComponent("roast_25-09-06_1401.alog"))))
        XCTAssertNil(unfinished.events.dropS)
        XCTAssertNil(unfinished.dtrPct)
    }

    /// DTR and weight loss are written once (``RoastMetrics``); a batch entered by hand and an analyzed log both use them,
    /// each with its own rounding (0.1) and its own rules for when a figure is unknown.
    func testRoastMetricsServeBatchesAndLogsAlike() throws {
        XCTAssertEqual(RoastMetrics.developmentTimeRatioPct(firstCrackS: 480, dropS: 600), 20)
        XCTAssertEqual(RoastMetrics.developmentTimeRatioPct(firstCrackS: 490, dropS: 610, chargeS: 10), 20)
        XCTAssertEqual(RoastMetrics.developmentTimeRatioPct(firstCrackS: 600, dropS: 600), 0)
        XCTAssertNil(RoastMetrics.developmentTimeRatioPct(firstCrackS: 0, dropS: 0), "no roast time")
        XCTAssertNil(RoastMetrics.developmentTimeRatioPct(firstCrackS: 5, dropS: 10, chargeS: 20), "DROP before CHARGE")
        XCTAssertEqual(try XCTUnwrap(RoastMetrics.weightLossPct(greenWeight: 1000, roastedWeight: 850)), 15, accuracy: 1e-9)
        XCTAssertEqual(RoastMetrics.weightLossPct(greenWeight: 2, roastedWeight: 2), 0)
        XCTAssertNil(RoastMetrics.weightLossPct(greenWeight: 0, roastedWeight: 0))
        XCTAssertNil(RoastMetrics.weightLossPct(greenWeight: -1, roastedWeight: -2))

        let lotId = UUID().uuidString.lowercased()
        func batch(_ green: Double, _ roasted: Double?, _ events: [String: Double]) throws -> [String: JSONValue] {
            var input: [String: JSONValue] = ["lotId": .string(lotId), "greenWeightKg": .number(green),
                                              "events": .object(events.mapValues(JSONValue.number))]
            if let roasted { input["roastedWeightKg"] = .number(roasted) }
            return try RoastBatch.normalize(input, prefix: "")
        }
        let b = try batch(10, 8.5, ["firstCrackS": 480, "dropS": 600])
        XCTAssertEqual(b["weightLossPct"], .number(15))
        XCTAssertEqual(b["dtrPct"], .number(20))
        XCTAssertEqual(b["developmentS"], .number(120))
        XCTAssertEqual(b["totalS"], .number(600))
        XCTAssertEqual(try batch(1, 0.8765, ["firstCrackS": 450.4, "dropS": 600.1])["dtrPct"], .number(24.9), "rounded to 0.1")
        XCTAssertEqual(try batch(1, 0.8765, [:])["weightLossPct"], .number(12.4), "rounded to 0.1")
        let unknown = try batch(10, 0, ["firstCrackS": 600, "dropS": 600])
        XCTAssertNil(unknown["weightLossPct"], "a roasted weight of 0 is unknown")
        XCTAssertNil(unknown["dtrPct"], "first crack at DROP: no development")
        XCTAssertNil(unknown["developmentS"])
        XCTAssertNil(try batch(10, nil, ["firstCrackS": 0, "dropS": 0])["dtrPct"])
        XCTAssertThrowsError(try batch(10, 11, [:]), "roasted heavier than green")

        // A log: CHARGE at 30 s on the recorder's clock, FCs at 510 s, DROP at 630 s (20 % DTR); 1 kg in, 850 g out.
        let time = (0...21).map { Double($0) * 30 }
        let log = RoastProfile(unit: "C", time: time, et: time.map { _ in nil }, bt: time.map { 200 - 100 * sin($0 / 400) + $0 / 10 },
                               charge: 1, firstCrack: 17, drop: 21, weightInG: 1000, weightOutG: 850)
        let a = try RoastAnalyzer.analyze(log)
        XCTAssertEqual(a.dtrPct, 20)
        XCTAssertEqual(a.weightLossPct, 15)
        let imported = try RoastBatch.normalize(RoastBatch.fields(from: a, lotId: lotId, sourceFile: nil), prefix: "")
        XCTAssertEqual(imported["dtrPct"]?.numberValue, a.dtrPct)
        XCTAssertEqual(imported["weightLossPct"]?.numberValue, a.weightLossPct)
    }

    func testJSONFormAndUnitsAndSentinels() throws {
        let json = """
        {"mode": "F", "timex": [0, 10, 20, 30, 40, 50, 60], "temp1": [400, 390, 380, 385, 390, 395, 400],
         "temp2": [380, 250, 240, -1, 260, 300, 330], "timeindex": [0, 0, 5, 0, 0, 0, 6, 0],
         "weight": [1.0, 0.85, "Kg"], "phases": [200, 260, 380, 420]}
        """
        let p = try ArtisanLog.parse(Data(json.utf8))
        XCTAssertEqual(p.unit, "F")
        XCTAssertEqual(p.weightInG, 1000)
        XCTAssertEqual(p.weightOutG, 850)
        let a = try RoastAnalyzer.analyze(p)
        XCTAssertEqual(a.events.turningPointS, 20)
        XCTAssertEqual(a.events.turningPointBt, 240)
        XCTAssertEqual(a.events.dryEndS, 40, "DRY END placed where BT reached the drying end temperature")
        XCTAssertTrue(a.events.dryEndEstimated)
        XCTAssertEqual(a.events.firstCrackS, 50)
        XCTAssertEqual(a.weightLossPct, 15)
        XCTAssertNil(a.curve.bt[3])

        for (unit, factor) in [("lb", 453.59237), ("oz", 28.349523125), ("g", 1.0)] {
            let text = "{'timex': [0, 1], 'temp2': [100, 101], 'timeindex': [0,0,0,0,0,0,0,0], 'weight': [2, 1, '\(unit)']}"
            let q = try ArtisanLog.parse(Data(text.utf8))
            XCTAssertEqual(q.weightInG ?? 0, 2 * factor, accuracy: 1e-9, unit)
        }
    }

    func testBadLogsAreClearErrorsNeverCrashes() {
        func code(_ text: String) -> String? {
            do {
                _ = try RoastAnalyzer.analyze(ArtisanLog.parse(Data(text.utf8)))
                return nil
            } catch let e as KafaeError {
                return e.code
            } catch {
                return "unexpected \(error)"
            }
        }
        XCTAssertEqual(code(""), "roast.empty_file")
        XCTAssertEqual(code("not a log"), "roast.unreadable_file")
        XCTAssertEqual(code("{'timex': [0, 1"), "roast.unreadable_file")
        XCTAssertEqual(code("[1, 2]"), "roast.unreadable_file")
        XCTAssertEqual(code("{'timex': [], 'temp2': []}"), "roast.no_samples")
        XCTAssertEqual(code("{'timex': [0, 1], 'temp2': [-1, -1], 'timeindex': [0]}"), "roast.no_samples")
        XCTAssertEqual(code("{'timex': [0, 1], 'temp2': [100, 101], 'timeindex': [-1, 0, 0, 0, 0, 0, 0, 0]}"), "roast.no_charge")
        XCTAssertEqual(code("{'timex': [0, 1, 2], 'temp2': [100]}"), "roast.bad_field")
        XCTAssertEqual(code("{'timex': [0, 'x'], 'temp2': [1, 2]}"), "roast.bad_field")
        XCTAssertEqual(code("{'timex': [0, 1], 'temp2': [100, 101], 'timeindex': [5, 99, 0, 0, 0, 0, 77, 0]}"), "roast.no_charge")
        XCTAssertNil(code("{'timex': [0, 1], 'temp2': [100, 101], 'timeindex': [0, 99, 0, 0, 0, 0, 77, 0]}"),
                     "event indices past the samples are ignored")
    }

    func testPythonLiteralParser() throws {
        let v = try PythonLiteralParser.parse(Data(#"{'a': (1, -2.5e1, +3), "b": u'x\'y\n\u0e01', 'c': [True, False, None, nan], 1: 'one'}"#.utf8))
        let o = v.objectValue!
        XCTAssertEqual(o["a"], .array([.number(1), .number(-25), .number(3)]))
        XCTAssertEqual(o["b"], .string("x'y\nก"))
        XCTAssertEqual(o["c"], .array([.bool(true), .bool(false), .null, .null]))
        XCTAssertEqual(o["1"], .string("one"))
        XCTAssertEqual(try PythonLiteralParser.parse(Data(#"{"k": "\ud83d\ude00", "e": []}"#.utf8)).objectValue?["k"], .string("😀"))
        XCTAssertThrowsError(try PythonLiteralParser.parse(Data(String(repeating: "[", count: 500).utf8)))
    }
}
