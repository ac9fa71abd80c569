import Foundation
import KafaeDomain
import KafaeStore

/// The stateless calculators: cupping scores, green grades and roast metrics, straight from `KafaeDomain`.
struct CalculatorService: Sendable {
    static let maxRoastLogBytes = 16 << 20

    func cupping(_ p: Caller, body: [String: JSONValue]) throws -> JSONValue {
        try p.require(.recordsRead)
        var r = FieldReader(body, allowed: ["protocol", "scores"])
        let protocolId = r.string("protocol", required: true, max: 50).value
        if body["scores"] == nil { r.add(.required("scores")) } else if body["scores"]?.objectValue == nil {
            r.add(.type("scores", expected: "object"))
        }
        try r.finish()
        guard let protocolId, let form = BuiltInForms.form(protocolId) else {
            throw KafaeError("cupping.unknown_protocol", params: ["protocol": protocolId ?? "", "allowed": BuiltInForms.all.map(\.id).joined(separator: ", ")],
                             details: [.oneOf("protocol", BuiltInForms.all.map(\.id))])
        }
        let result = try CuppingScorer.score(form, body["scores"]?.objectValue ?? [:], prefix: "scores.")
        return Self.render(result, form: form)
    }

    static func render(_ r: CuppingResult, form: CuppingForm) -> JSONValue {
        let band = r.band.flatMap { key in form.bands.first { $0.key == key } }
        return .object([
            "protocol": .string(r.protocolId),
            "total": r.total.map(JSONValue.number) ?? .null,
            "defects": .number(r.defects),
            "finalScore": r.finalScore.map(JSONValue.number) ?? .null,
            "band": band.map { .string($0.key) } ?? .null,
            "bandLabel": band.map { .object(["th": .string($0.label.th), "en": .string($0.label.en)]) } ?? .null,
            "descriptors": .object(r.descriptors.mapValues { .array($0.map(JSONValue.string)) }),
        ])
    }

    func grading(_ p: Caller, body: [String: JSONValue]) throws -> JSONValue {
        try p.require(.recordsRead)
        let allowed = GradingStandards.all.map(\.id)
        guard let id = body["standard"]?.stringValue else {
            throw KafaeError.validation([body["standard"] == nil ? .required("standard") : .type("standard", expected: "string")])
        }
        guard let standard = GradingStandards.standard(id) else {
            throw KafaeError("grading.unknown_standard", params: ["standard": id, "allowed": allowed.joined(separator: ", ")],
                             details: [.oneOf("standard", allowed)])
        }
        return Self.render(try GreenGrader.grade(standard, body))
    }

    static func render(_ g: GradingResult) -> JSONValue {
        .object([
            "standard": .string(g.standard),
            "sampleG": .number(g.sampleG),
            "category1": .number(Double(g.category1)),
            "category2": .number(Double(g.category2)),
            "totalFullDefects": .number(Double(g.totalFullDefects)),
            "gradeByDefects": .string(g.gradeByDefects),
            "grade": .string(g.grade),
            "fullDefects": .object(g.fullDefects.mapValues { .number(Double($0)) }),
            "checks": .array(g.checks.map(\.json)),
        ])
    }

    func roast(_ p: Caller, file: Data) throws -> JSONValue {
        try p.require(.recordsRead)
        return Self.render(try RoastAnalyzer.analyze(ArtisanLog.parse(file)))
    }

    static func render(_ a: RoastAnalysis) -> JSONValue {
        func n(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
        func list(_ v: [Double?]) -> JSONValue { .array(v.map(n)) }
        let e = a.events
        return .object([
            "unit": .string(a.unit),
            "events": .object([
                "chargeS": n(e.chargeS), "chargeBt": n(e.chargeBt), "chargeEt": n(e.chargeEt),
                "turningPointS": n(e.turningPointS), "turningPointBt": n(e.turningPointBt),
                "dryEndS": n(e.dryEndS), "dryEndBt": n(e.dryEndBt), "dryEndEstimated": .bool(e.dryEndEstimated),
                "firstCrackS": n(e.firstCrackS), "firstCrackBt": n(e.firstCrackBt),
                "firstCrackEndS": n(e.firstCrackEndS), "firstCrackEndBt": n(e.firstCrackEndBt),
                "secondCrackS": n(e.secondCrackS), "secondCrackBt": n(e.secondCrackBt), "secondCrackEndS": n(e.secondCrackEndS),
                "dropS": n(e.dropS), "dropBt": n(e.dropBt), "dropEt": n(e.dropEt), "coolS": n(e.coolS),
            ]),
            "phases": .object(["dryingS": n(a.phases.dryingS), "maillardS": n(a.phases.maillardS),
                               "developmentS": n(a.phases.developmentS), "totalS": n(a.phases.totalS)]),
            "dtrPct": n(a.dtrPct),
            "weightInG": n(a.weightInG),
            "weightOutG": n(a.weightOutG),
            "weightLossPct": n(a.weightLossPct),
            "ror": .object(["dry": n(a.ror.dry), "mid": n(a.ror.mid), "finish": n(a.ror.finish), "total": n(a.ror.total)]),
            "curve": .object(["timeS": .array(a.curve.timeS.map(JSONValue.number)), "bt": list(a.curve.bt),
                              "et": list(a.curve.et), "ror": list(a.curve.ror)]),
        ])
    }

    /// The built-in forms and standards as data.
    static func catalogue() -> JSONValue { ScienceCatalogue.json() }
}
