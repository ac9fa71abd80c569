import Foundation

/// The built-in cupping forms and grading standards as data, for clients that render and score sheets offline.
/// The PWA ships the same document as `web/js/science/catalogue.js`; a test keeps the two equal.
public enum ScienceCatalogue {
    /// Every built-in form and standard, as JSON.
    public static func json() -> JSONValue {
        let encoder = JSONEncoder()
        func json(_ v: some Encodable) -> JSONValue { (try? JSONValue.parse(encoder.encode(v))) ?? .null }
        return .object([
            "forms": .array(BuiltInForms.all.map { f in
                .object([
                    "id": .string(f.id), "name": json(f.name), "cupsPerSample": .number(Double(f.cupsPerSample)),
                    "source": .string(f.source),
                    "scoring": {
                        switch f.scoring {
                        case .sum: return .object(["kind": .string("sum")])
                        case .linear(let factor, let offset, let step):
                            return .object(["kind": .string("linear"), "factor": .number(factor), "offset": .number(offset), "roundTo": .number(step)])
                        case .none: return .object(["kind": .string("none")])
                        case .reported(let key): return .object(["kind": .string("reported"), "key": .string(key)])
                        }
                    }(),
                    "sections": .array(f.sections.map { s in
                        .object(["key": .string(s.key), "label": json(s.label), "kind": .string(s.kind.rawValue), "min": .number(s.min),
                                 "max": .number(s.max), "step": .number(s.step), "points": .number(s.points),
                                 "choices": .array(s.choices.map(JSONValue.string)), "required": .bool(s.required)])
                    }),
                    "bands": .array(f.bands.map { b in
                        .object(["key": .string(b.key), "min": b.min.isFinite ? .number(b.min) : .null, "label": json(b.label)])
                    }),
                ])
            }),
            "gradingStandards": .array(GradingStandards.all.map { s in
                .object([
                    "id": .string(s.id), "name": json(s.name), "sampleG": .number(s.sampleG), "source": .string(s.source),
                    "moistureRange": .array([.number(s.moistureRange.lowerBound), .number(s.moistureRange.upperBound)]),
                    "waterActivityBelow": .number(s.waterActivityBelow),
                    "defects": .array(s.defects.map { d in
                        .object(["key": .string(d.key), "label": json(d.label), "category": .number(Double(d.category)),
                                 "perFullDefect": .number(Double(d.perFullDefect))])
                    }),
                    "grades": .array(s.grades.map { g in
                        func lim(_ v: Int?) -> JSONValue { v.map { .number(Double($0)) } ?? .null }
                        return .object(["key": .string(g.key), "label": json(g.label), "maxCategory1": lim(g.maxCategory1),
                                        "maxCategory2": lim(g.maxCategory2), "maxTotal": lim(g.maxTotal),
                                        "maxQuakers": lim(g.maxQuakers), "requiresPhysicalChecks": .bool(g.requiresPhysicalChecks)])
                    }),
                ])
            }),
        ])
    }
}
