import Foundation
import KafaeDomain
import SQLKit

/// The rules of each entity that need the database: references to other records of the organization, values
/// computed from other records (a score from the session's form), and stock (weights taken from lots).
enum EntityRules {
    static func prepare<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, fields: [String: JSONValue], existing: StoredRecord?,
                                         prefix: String) async throws -> [String: JSONValue] {
        switch E.entityName {
        case Lot.entityName: return try await LotRules.prepare(ctx, fields, existing: existing, prefix: prefix)
        case Grading.entityName:
            try await requireLot(ctx, fields["lotId"], field: prefix + "lotId")
            return fields
        case CuppingSession.entityName: return try await CuppingRules.prepareSession(ctx, fields, existing: existing, prefix: prefix)
        case CuppingScore.entityName: return try await CuppingRules.prepareScore(ctx, fields, existing: existing, prefix: prefix)
        case RoastBatch.entityName: return try await RoastRules.prepare(ctx, fields, existing: existing, prefix: prefix)
        default: return fields
        }
    }

    static func afterWrite<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, old: StoredRecord?, new: StoredRecord) async throws {
        switch E.entityName {
        case Lot.entityName: try await LotRules.afterWrite(ctx, old: old, new: new)
        case RoastBatch.entityName: try await RoastRules.afterWrite(ctx, old: old, new: new)
        default: break
        }
    }

    static func beforeDelete<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, existing: StoredRecord) async throws {
        switch E.entityName {
        case Lot.entityName: try await LotRules.beforeDelete(ctx, existing: existing)
        case CuppingSession.entityName:
            let scores = try await ctx.sql.raw("""
                SELECT COUNT(*) AS n FROM cupping_scores
                WHERE session_id = \(bind: existing.id.text) AND organization_id = \(bind: ctx.organizationId.text) AND deleted_at IS NULL
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            if scores > 0 { throw KafaeError("cupping.session_has_scores", params: ["count": String(scores)]) }
        default: break
        }
    }

    /// The live record an id field names, in the caller's organization; a validation error naming the field otherwise.
    @discardableResult
    static func requireRecord<E: SyncedEntity>(_ e: E.Type, _ ctx: WriteContext, _ value: JSONValue?, field: String) async throws -> StoredRecord {
        guard let text = value?.stringValue, let id = UUID(uuidString: text),
              let record = try await RecordRepository.find(E.self, ctx.sql, organizationId: ctx.organizationId, id: id) else {
            throw KafaeError.validation([.init(field: field, code: "reference", params: ["entity": E.entityName])])
        }
        return record
    }

    @discardableResult
    static func requireLot(_ ctx: WriteContext, _ value: JSONValue?, field: String) async throws -> StoredRecord {
        try await requireRecord(Lot.self, ctx, value, field: field)
    }

    /// Changes a lot's weight by `delta` kg, as a versioned change that sync carries; refuses to go below zero.
    static func adjustWeight(_ ctx: WriteContext, lot: StoredRecord, delta: Double, field: String) async throws {
        let current = lot.fields["weightKg"]?.numberValue
        guard let current else {
            if delta < 0 { throw KafaeError("lot.weight_unknown", params: ["code": lot.fields["code"]?.stringValue ?? ""], details: [.init(field: field, code: "stock")]) }
            return
        }
        let next = roundPlaces(current + delta, 3)
        if next < -0.0005 {
            throw KafaeError("lot.insufficient_weight", params: ["code": lot.fields["code"]?.stringValue ?? "",
                                                                   "available": FieldReader.format(current), "requested": FieldReader.format(-delta)],
                             details: [.init(field: field, code: "stock")])
        }
        var fields = lot.fields
        fields["weightKg"] = .number(max(0, next))
        _ = try await RecordRepository.update(Lot.self, ctx.sql, existing: lot, fields: fields, actor: ctx.actor, now: ctx.now)
    }
}

/// Lots: farm reference, generated codes, unique codes, parents and the weight taken from them.
enum LotRules {
    static func prepare(_ ctx: WriteContext, _ input: [String: JSONValue], existing: StoredRecord?, prefix: String) async throws -> [String: JSONValue] {
        var fields = input
        var farm: StoredRecord?
        if let farmId = fields["farmId"] {
            farm = try await EntityRules.requireRecord(Farm.self, ctx, farmId, field: prefix + "farmId")
        }
        if let existing {
            fields["initialWeightKg"] = existing.fields["initialWeightKg"]
            fields["sourceRef"] = existing.fields["sourceRef"]
            if fields["code"] == nil { fields["code"] = existing.fields["code"] }
        } else {
            fields["initialWeightKg"] = fields["weightKg"]
            if let parents = fields["parents"]?.arrayValue {
                var issues: [FieldIssue] = []
                for (i, p) in parents.enumerated() {
                    let o = p.objectValue ?? [:]
                    let at = "\(prefix)parents[\(i)]"
                    guard let text = o["lotId"]?.stringValue, let id = UUID(uuidString: text),
                          let parent = try await RecordRepository.find(Lot.self, ctx.sql, organizationId: ctx.organizationId, id: id) else {
                        issues.append(.init(field: at + ".lotId", code: "reference", params: ["entity": "lot"]))
                        continue
                    }
                    let want = o["weightKg"]?.numberValue ?? 0
                    if let have = parent.fields["weightKg"]?.numberValue, want > have + 0.0005 {
                        throw KafaeError("lot.insufficient_weight", params: ["code": parent.fields["code"]?.stringValue ?? "",
                                                                               "available": FieldReader.format(have), "requested": FieldReader.format(want)],
                                         details: [.init(field: at + ".weightKg", code: "stock")])
                    }
                }
                if !issues.isEmpty { throw KafaeError.validation(issues) }
            }
        }
        if fields["code"] == nil {
            fields["code"] = .string(try await nextCode(ctx, farm: farm, harvestDate: fields["harvestDate"]?.stringValue))
        }
        let code = fields["code"]!.stringValue!
        let clash = try await ctx.sql.raw("""
            SELECT id FROM lots WHERE organization_id = \(bind: ctx.organizationId.text) AND code = \(bind: code)
            """).all().compactMap { try? $0.decode(column: "id", as: String.self) }
        if clash.contains(where: { $0 != existing?.id.text }) {
            throw KafaeError("lot.code_taken", params: ["code": code], details: [.init(field: prefix + "code", code: "taken")])
        }
        return fields
    }

    /// `CR-2568-001`: the farm's province initials (or LOT), the Buddhist-era year of harvest (or today), a sequence.
    static func nextCode(_ ctx: WriteContext, farm: StoredRecord?, harvestDate: String?) async throws -> String {
        var stem = "LOT"
        if let province = farm?.fields["province"]?.stringValue, farm?.fields["country"]?.stringValue == Farm.thailand {
            let initials = province.split(separator: " ").compactMap(\.first).map(String.init).joined().uppercased()
            stem = initials.count >= 2 ? String(initials.prefix(3)) : String(province.prefix(2)).uppercased()
        }
        let year = harvestDate.flatMap { Int($0.prefix(4)) } ?? Calendar(identifier: .gregorian).component(.year, from: Date())
        let prefix = "\(stem)-\(year + 543)-"
        // The highest generated sequence so far: longest code first (1000 after 999), then the greatest. Only
        // suffixes of up to `maxSequenceDigits` digits count: a code a person typed by hand, such as
        // `CR-2568-9223372036854775807` or `CR-2568-A1`, is not a sequence and must not stop the next one.
        let rows = try await ctx.sql.raw("""
            SELECT code FROM lots WHERE organization_id = \(bind: ctx.organizationId.text) AND code LIKE \(bind: Self.likePattern(prefix) + "%") ESCAPE '\\'
              AND LENGTH(code) <= \(bind: prefix.unicodeScalars.count + maxSequenceDigits)
            ORDER BY LENGTH(code) DESC, code DESC LIMIT 50
            """).all()
        var highest = 0
        for row in rows {
            let code = try row.decode(column: "code", as: String.self)
            let suffix = String(String.UnicodeScalarView(code.unicodeScalars.dropFirst(prefix.unicodeScalars.count)))
            if !suffix.isEmpty, suffix.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(suffix) {
                highest = n
                break
            }
        }
        guard highest < maxSequence else {
            throw KafaeError("lot.code_sequence_full", params: ["prefix": prefix])
        }
        return prefix + String(format: "%03d", highest + 1)
    }

    /// Generated sequences stay below a billion: nine digits, far from any integer limit.
    static let maxSequenceDigits = 9
    static let maxSequence = 999_999_999

    /// A `LIKE` pattern matching `text` literally (with `ESCAPE '\'`).
    static func likePattern(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    static func afterWrite(_ ctx: WriteContext, old: StoredRecord?, new: StoredRecord) async throws {
        // A new lot, or a deleted one brought back, takes its weight from its parents and joins the genealogy.
        let born = old == nil || (old?.deletedAt != nil && new.deletedAt == nil)
        if born, let parents = new.fields["parents"]?.arrayValue {
            for (i, p) in parents.enumerated() {
                let o = p.objectValue ?? [:]
                guard let id = o["lotId"]?.stringValue.flatMap(UUID.init(uuidString:)),
                      let parent = try await RecordRepository.find(Lot.self, ctx.sql, organizationId: ctx.organizationId, id: id) else { continue }
                let weight = o["weightKg"]?.numberValue ?? 0
                try await EntityRules.adjustWeight(ctx, lot: parent, delta: -weight, field: "parents[\(i)].weightKg")
                try await ctx.sql.raw("""
                    INSERT INTO lot_links (child_id, parent_id, organization_id, weight_kg, operation, created_at)
                    VALUES (\(bind: new.id.text), \(bind: id.text), \(bind: ctx.organizationId.text), \(bind: weight),
                            \(bind: o["operation"]?.stringValue ?? "other"), \(bind: ctx.now))
                    """).run()
            }
        }
        if new.deletedAt != nil {
            // A lot made by mistake gives back what it took.
            let links = try await ctx.sql.raw("SELECT parent_id, weight_kg FROM lot_links WHERE child_id = \(bind: new.id.text)").all()
            for link in links {
                let parentId = try link.decode(column: "parent_id", as: String.self)
                let weight = try link.decode(column: "weight_kg", as: Double.self)
                if let id = UUID(uuidString: parentId),
                   let parent = try await RecordRepository.find(Lot.self, ctx.sql, organizationId: ctx.organizationId, id: id) {
                    try await EntityRules.adjustWeight(ctx, lot: parent, delta: weight, field: "parents")
                }
            }
            try await ctx.sql.raw("DELETE FROM lot_links WHERE child_id = \(bind: new.id.text)").run()
        }
    }

    static func beforeDelete(_ ctx: WriteContext, existing: StoredRecord) async throws {
        let children = try await ctx.sql.raw("""
            SELECT COUNT(*) AS n FROM lot_links l JOIN lots c ON c.id = l.child_id
            WHERE l.parent_id = \(bind: existing.id.text) AND c.deleted_at IS NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        if children > 0 { throw KafaeError("lot.has_descendants", params: ["count": String(children)]) }
    }
}

/// Cupping sessions (sample codes, lots, cuppers) and score sheets (scored by the session's form).
enum CuppingRules {
    static func prepareSession(_ ctx: WriteContext, _ input: [String: JSONValue], existing: StoredRecord?, prefix: String) async throws -> [String: JSONValue] {
        var fields = input
        // A sample that was already on the table keeps its code.
        let previous = Dictionary((existing?.fields["samples"]?.arrayValue ?? []).compactMap { s -> (String, JSONValue)? in
            guard let o = s.objectValue, let lot = o["lotId"]?.stringValue, let code = o["code"] else { return nil }
            return (lot, code)
        }, uniquingKeysWith: { a, _ in a })
        var samples = fields["samples"]?.arrayValue ?? []
        var issues: [FieldIssue] = []
        for i in samples.indices {
            guard var o = samples[i].objectValue else { continue }
            if o["code"] == nil, let lot = o["lotId"]?.stringValue, let code = previous[lot] { o["code"] = code }
            samples[i] = .object(o)
            let lotId = o["lotId"]?.stringValue.flatMap(UUID.init(uuidString:))
            if lotId == nil {
                issues.append(.init(field: "\(prefix)samples[\(i)].lotId", code: "reference", params: ["entity": "lot"]))
            } else if try await RecordRepository.find(Lot.self, ctx.sql, organizationId: ctx.organizationId, id: lotId!) == nil {
                issues.append(.init(field: "\(prefix)samples[\(i)].lotId", code: "reference", params: ["entity": "lot"]))
            }
        }
        for (i, c) in (fields["cuppers"]?.arrayValue ?? []).enumerated() {
            guard let user = c.objectValue?["userId"]?.stringValue.flatMap(UUID.init(uuidString:)) else { continue }
            if try await AccountRepository.membership(ctx.sql, organizationId: ctx.organizationId, userId: user) == nil {
                issues.append(.init(field: "\(prefix)cuppers[\(i)].userId", code: "reference", params: ["entity": "member"]))
            }
        }
        if !issues.isEmpty { throw KafaeError.validation(issues) }
        fields["samples"] = .array(samples)
        var rng = SystemRandomNumberGenerator()
        return CuppingSession.assignCodes(fields, using: &rng)
    }

    static func prepareScore(_ ctx: WriteContext, _ input: [String: JSONValue], existing: StoredRecord?, prefix: String) async throws -> [String: JSONValue] {
        var fields = input
        let session = try await EntityRules.requireRecord(CuppingSession.self, ctx, fields["sessionId"], field: prefix + "sessionId")
        let code = fields["sampleCode"]?.stringValue ?? ""
        guard let sample = (session.fields["samples"]?.arrayValue ?? []).compactMap(\.objectValue).first(where: { $0["code"]?.stringValue == code }) else {
            throw KafaeError.validation([.init(field: prefix + "sampleCode", code: "reference", params: ["entity": "sample"])])
        }
        fields["lotId"] = sample["lotId"]
        if let cupper = fields["cupperId"]?.stringValue.flatMap(UUID.init(uuidString:)),
           try await AccountRepository.membership(ctx.sql, organizationId: ctx.organizationId, userId: cupper) == nil {
            throw KafaeError.validation([.init(field: prefix + "cupperId", code: "reference", params: ["entity": "member"])])
        }
        guard let form = session.fields["protocol"]?.stringValue.flatMap(BuiltInForms.form) else { throw KafaeError("internal.error") }
        fields = try CuppingScore.score(fields, form: form, prefix: prefix)
        // One sheet per cupper per sample.
        let cupperClause: SQLQueryString = fields["cupperId"] != nil
            ? "cupper_id = \(bind: fields["cupperId"]!.stringValue!)"
            : "cupper_id IS NULL AND LOWER(guest_name) = \(bind: (fields["guestName"]?.stringValue ?? "").lowercased())"
        let other = try await ctx.sql.raw("""
            SELECT id FROM cupping_scores
            WHERE organization_id = \(bind: ctx.organizationId.text) AND session_id = \(bind: session.id.text)
              AND sample_code = \(bind: code) AND deleted_at IS NULL AND \(cupperClause)
            """).all().compactMap { try? $0.decode(column: "id", as: String.self) }
        if other.contains(where: { $0 != existing?.id.text }) {
            throw KafaeError("cupping.duplicate_score", params: ["code": code])
        }
        return fields
    }
}

/// Roast batches take their green weight from the lot they roast.
enum RoastRules {
    static func prepare(_ ctx: WriteContext, _ fields: [String: JSONValue], existing: StoredRecord?, prefix: String) async throws -> [String: JSONValue] {
        let lot = try await EntityRules.requireLot(ctx, fields["lotId"], field: prefix + "lotId")
        if existing == nil, lot.fields["stage"]?.stringValue != "green" {
            throw KafaeError.validation([.init(field: prefix + "lotId", code: "greenLot")])
        }
        return fields
    }

    static func afterWrite(_ ctx: WriteContext, old: StoredRecord?, new: StoredRecord) async throws {
        let before = old?.deletedAt == nil ? (old?.fields["greenWeightKg"]?.numberValue ?? 0) : 0
        let after = new.deletedAt == nil ? (new.fields["greenWeightKg"]?.numberValue ?? 0) : 0
        let delta = before - after
        guard abs(delta) > 0.0000001,
              let lotId = new.fields["lotId"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let lot = try await RecordRepository.find(Lot.self, ctx.sql, organizationId: ctx.organizationId, id: lotId) else { return }
        try await EntityRules.adjustWeight(ctx, lot: lot, delta: delta, field: "greenWeightKg")
    }
}
