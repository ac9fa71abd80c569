import Foundation
import KafaeDomain
import SQLKit

/// Lots: farm reference, generated codes, unique codes, parents and the weight taken from them.
extension Lot: EntityStoreRules {
    public static func prepare(_ ctx: WriteContext, _ input: [String: JSONValue], existing: StoredRecord?, prefix: String) async throws -> [String: JSONValue] {
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

    public static func afterWrite(_ ctx: WriteContext, old: StoredRecord?, new: StoredRecord) async throws {
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

    public static func beforeDelete(_ ctx: WriteContext, existing: StoredRecord) async throws {
        let children = try await ctx.sql.raw("""
            SELECT COUNT(*) AS n FROM lot_links l JOIN lots c ON c.id = l.child_id
            WHERE l.parent_id = \(bind: existing.id.text) AND c.deleted_at IS NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        if children > 0 { throw KafaeError("lot.has_descendants", params: ["count": String(children)]) }
    }
}
