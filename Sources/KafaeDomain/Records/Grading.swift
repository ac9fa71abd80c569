/// A green grading of a lot: the sample, the physical measures and the defect counts; the grade is computed.
public enum Grading: SyncedEntity {
    public static let entityName = "grading"
    public static let table = "gradings"
    public static let writePermission = Permission.gradingsWrite
    public static let fields: [FieldSpec] = [
        FieldSpec("lotId", "lot_id", .text),
        FieldSpec("standard", "standard", .text),
        FieldSpec("gradedOn", "graded_on", .text),
        FieldSpec("sampleG", "sample_g", .double),
        FieldSpec("moisturePct", "moisture_pct", .double),
        FieldSpec("waterActivity", "water_activity", .double),
        FieldSpec("densityGL", "density_g_l", .double),
        FieldSpec("screenSizes", "screen_sizes", .json),
        FieldSpec("defects", "defects", .json),
        FieldSpec("quakers", "quakers", .integer),
        FieldSpec("color", "color", .text),
        FieldSpec("notes", "notes", .text),
        FieldSpec("reportedCategory1", "reported_category1", .integer),
        FieldSpec("reportedCategory2", "reported_category2", .integer),
        FieldSpec("category1", "category1", .integer),
        FieldSpec("category2", "category2", .integer),
        FieldSpec("totalFullDefects", "total_full_defects", .integer),
        FieldSpec("grade", "grade", .text),
        FieldSpec("gradeByDefects", "grade_by_defects", .text),
        FieldSpec("checks", "checks", .json),
    ]
    public static let computedFields: Set<String> = ["category1", "category2", "totalFullDefects", "grade", "gradeByDefects", "checks"]
    public static let immutableFields: Set<String> = ["lotId"]

    /// Validates and computes the grade with ``GreenGrader``; the computed fields come back with the input's.
    public static func normalize(_ input: [String: JSONValue], prefix: String) throws -> [String: JSONValue] {
        var r = FieldReader(input, prefix: prefix, allowed: writableFields)
        var out: [String: JSONValue] = [:]
        if let v = r.id("lotId", required: true) { out["lotId"] = .string(v) }
        let standardId = r.oneOf("standard", GradingStandards.all.map(\.id), required: true)
        if let v = r.date("gradedOn") { out["gradedOn"] = .string(v) }
        if let v = r.number("densityGL", in: 0...2000).value { out["densityGL"] = .number(v) }
        if let v = r.string("color", max: 100).value { out["color"] = .string(v) }
        if let v = r.string("notes", max: 5000).value { out["notes"] = .string(v) }
        let reported1 = r.integer("reportedCategory1", in: 0...100_000).value
        let reported2 = r.integer("reportedCategory2", in: 0...100_000).value
        let hasCounts = !(input["defects"]?.objectValue?.isEmpty ?? true)
        if (reported1 != nil || reported2 != nil) && hasCounts {
            r.add(.init(field: r.name("reportedCategory1"), code: "unknown"))
        }
        switch input["screenSizes"] {
        case nil, .null?: break
        case .object(let o)?:
            var sizes: [String: JSONValue] = [:]
            for (k, v) in o.sorted(by: { $0.key < $1.key }) {
                guard let size = Int(k), (8...25).contains(size) else { r.add(.range(r.name("screenSizes.\(k)"), min: "8", max: "25")); continue }
                guard let pct = v.numberValue, (0...100).contains(pct) else { r.add(.range(r.name("screenSizes.\(k)"), min: "0", max: "100")); continue }
                sizes[String(size)] = .number(pct)
            }
            if !sizes.isEmpty { out["screenSizes"] = .object(sizes) }
        case .some:
            r.add(.type(r.name("screenSizes"), expected: "object"))
        }
        // The grader checks sampleG, defects, quakers, moisture and water activity itself.
        var gradingInput: [String: JSONValue] = [:]
        for key in ["sampleG", "defects", "quakers", "moisturePct", "waterActivity"] { gradingInput[key] = input[key] }
        try? r.finish()
        var issues = r.issues
        var result: GradingResult?
        if let standardId, let standard = GradingStandards.standard(standardId) {
            do {
                result = try GreenGrader.grade(standard, gradingInput, prefix: prefix)
                // Only the category totals were recorded: grade from them.
                if let g = result, !hasCounts, reported1 != nil || reported2 != nil {
                    result = GreenGrader.compute(standard, category1: reported1 ?? 0, category2: reported2 ?? 0, sampleG: g.sampleG,
                                                 quakers: g.quakers, moisturePct: g.moisturePct, waterActivity: g.waterActivity)
                    out["reportedCategory1"] = .number(Double(reported1 ?? 0))
                    out["reportedCategory2"] = .number(Double(reported2 ?? 0))
                }
            } catch let e as KafaeError {
                issues += e.details
            }
        }
        if !issues.isEmpty { throw KafaeError.validation(issues) }
        guard let g = result, let standardId else { throw KafaeError.validation([.required(prefix + "standard")]) }
        out["standard"] = .string(standardId)
        out["sampleG"] = .number(g.sampleG)
        if let m = g.moisturePct { out["moisturePct"] = .number(m) }
        if let a = g.waterActivity { out["waterActivity"] = .number(a) }
        if let q = g.quakers { out["quakers"] = .number(Double(q)) }
        out["defects"] = .object(g.counts.filter { $0.value > 0 }.mapValues { .number(Double($0)) })
        out["category1"] = .number(Double(g.category1))
        out["category2"] = .number(Double(g.category2))
        out["totalFullDefects"] = .number(Double(g.totalFullDefects))
        out["grade"] = .string(g.grade)
        out["gradeByDefects"] = .string(g.gradeByDefects)
        out["checks"] = .array(g.checks.map(\.json))
        return out
    }
}
