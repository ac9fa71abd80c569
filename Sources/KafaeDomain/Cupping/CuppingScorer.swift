/// Validates a cupping sheet against its form and scores it. Pure arithmetic, no I/O.
public enum CuppingScorer {
    /// Scores `input` (section key → value) on `form`. Every value off the scale or off the step, every missing
    /// required section and every unknown key is reported, named with `prefix`.
    public static func score(_ form: CuppingForm, _ input: [String: JSONValue], prefix: String = "") throws -> CuppingResult {
        var r = FieldReader(input, prefix: prefix, allowed: Set(form.sections.map(\.key)))
        var values: [String: Double] = [:]
        var descriptors: [String: [String]] = [:]
        for section in form.sections {
            switch section.kind {
            case .descriptors:
                guard let raw = input[section.key], !raw.isNull else { continue }
                guard let list = raw.arrayValue else { r.add(.type(r.name(section.key), expected: "array")); continue }
                var picked: [String] = []
                for item in list {
                    guard let s = item.stringValue, section.choices.contains(s) else {
                        r.add(.oneOf(r.name(section.key), section.choices))
                        break
                    }
                    if !picked.contains(s) { picked.append(s) }
                }
                descriptors[section.key] = picked
            default:
                let present = input[section.key].map { !$0.isNull } ?? false
                guard let v = r.number(section.key, required: section.required, in: section.min...section.max).value else {
                    if !present && !section.required { values[section.key] = 0 }
                    continue
                }
                if !onStep(v, min: section.min, step: section.step) {
                    r.add(.init(field: r.name(section.key), code: "step", params: ["step": FieldReader.format(section.step)]))
                    continue
                }
                values[section.key] = v
            }
        }
        let deductionKeys = form.sections.filter { $0.kind == .deduction }.map(\.key)
        let deductedCups = deductionKeys.reduce(0) { $0 + (values[$1] ?? 0) }
        if deductedCups > Double(form.cupsPerSample), let last = deductionKeys.last {
            r.add(.init(field: r.name(last), code: "cupsTotal", params: ["cups": String(form.cupsPerSample),
                                                                          "fields": deductionKeys.map(r.name).joined(separator: " + ")]))
        }
        try r.finish()
        return compute(form, values: values, descriptors: descriptors)
    }

    /// The arithmetic of DESIGN §7 on already valid values.
    public static func compute(_ form: CuppingForm, values: [String: Double], descriptors: [String: [String]] = [:]) -> CuppingResult {
        var quality = 0.0, cups = 0.0, deductions = 0.0
        for s in form.sections {
            let v = values[s.key] ?? 0
            switch s.kind {
            case .quality: quality += v
            case .cups: cups += v * s.points
            case .deduction: deductions += v * s.points
            case .intensity, .descriptors: break
            }
        }
        let total: Double?, final: Double?
        switch form.scoring {
        case .sum:
            total = roundPlaces(quality + cups, 2)
            final = roundPlaces(quality + cups - deductions, 2)
        case .linear(let factor, let offset, let step):
            total = roundPlaces(factor * quality + offset, 5)
            final = roundToStep(factor * quality + offset - deductions, step)
        case .none:
            total = nil
            final = nil
        case .reported(let key):
            let reported = values[key] ?? 0
            total = roundPlaces(quality - reported, 2)
            final = roundPlaces(reported - deductions, 2)
        }
        return CuppingResult(protocolId: form.id, values: values, descriptors: descriptors, total: total,
                             defects: deductions, finalScore: final, band: final.flatMap { band(form, $0) })
    }

    /// The score class of a final score: the first band (highest first) whose minimum it reaches.
    public static func band(_ form: CuppingForm, _ score: Double) -> String? {
        form.bands.first { score >= $0.min }?.key
    }

    static func onStep(_ v: Double, min: Double, step: Double) -> Bool {
        guard step > 0 else { return true }
        let n = (v - min) / step
        return abs(n - n.rounded()) < 1e-9
    }
}
