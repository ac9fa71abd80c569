import Foundation
import KafaeDomain
import KafaeStore

/// Views across records: lot genealogy, cupping results and cupper calibration, roast import from Artisan logs.
struct QualityService: Sendable {
    let db: any Database
    static let maxDepth = 50

    // MARK: genealogy

    /// A lot's ancestors and descendants with the weight each step took and the yield it gave.
    func genealogy(_ p: Caller, lotId: UUID) async throws -> JSONValue {
        try p.require(.recordsRead)
        let org = p.organizationId
        return try await db.read { sql in
            guard let lot = try await RecordRepository.find(Lot.self, sql, organizationId: org, id: lotId) else {
                throw KafaeError("lot.not_found")
            }
            let links = try await LotLinkRepository.links(sql, organizationId: org)
            let takenByChild = Dictionary(grouping: links, by: \.child).mapValues { $0.map(\.weight).reduce(0, +) }

            func walk(up: Bool) async throws -> [JSONValue] {
                var out: [JSONValue] = []
                var frontier = [(lotId.text, 0)]
                var seen: Set<String> = [lotId.text]
                while let (current, depth) = frontier.first {
                    frontier.removeFirst()
                    guard depth < Self.maxDepth else { continue }
                    for link in links where (up ? link.child : link.parent) == current {
                        let other = up ? link.parent : link.child
                        guard seen.insert(other).inserted, let id = UUID(uuidString: other),
                              let record = try await RecordRepository.find(Lot.self, sql, organizationId: org, id: id, includeDeleted: true)
                        else { continue }
                        var node = Self.summary(record)
                        node["depth"] = .number(Double(depth + 1))
                        node[up ? "childId" : "parentId"] = .string(current)
                        node["weightKg"] = .number(link.weight)
                        node["operation"] = .string(link.operation)
                        let child = up ? current : other
                        if let taken = takenByChild[child], taken > 0,
                           let childRecord = up ? try await RecordRepository.find(Lot.self, sql, organizationId: org, id: UUID(uuidString: child)!, includeDeleted: true) : record,
                           let made = childRecord.fields["initialWeightKg"]?.numberValue {
                            node["yieldPct"] = .number(roundPlaces(made / taken * 100, 1))
                        }
                        out.append(.object(node))
                        frontier.append((other, depth + 1))
                    }
                }
                return out
            }
            var root = Self.summary(lot)
            if let taken = takenByChild[lotId.text], taken > 0, let made = lot.fields["initialWeightKg"]?.numberValue {
                root["yieldPct"] = .number(roundPlaces(made / taken * 100, 1))
            }
            return .object(["lot": .object(root), "ancestors": .array(try await walk(up: true)),
                            "descendants": .array(try await walk(up: false))])
        }
    }

    static func summary(_ r: StoredRecord) -> [String: JSONValue] {
        var o: [String: JSONValue] = ["id": .string(r.id.text)]
        for key in ["code", "stage", "species", "process", "weightKg", "initialWeightKg", "farmId"] { o[key] = r.fields[key] ?? .null }
        if r.deletedAt != nil { o["deleted"] = .bool(true) }
        return o
    }

    // MARK: cupping results and calibration

    static func sheets(_ scores: [StoredRecord]) -> [SheetScore] {
        scores.compactMap { s in
            guard let final = s.fields["finalScore"]?.numberValue, let code = s.fields["sampleCode"]?.stringValue else { return nil }
            let cupper = s.fields["cupperId"]?.stringValue ?? "guest:\(s.fields["guestName"]?.stringValue ?? "")"
            let attributes = (s.fields["scores"]?.objectValue ?? [:]).compactMapValues(\.numberValue)
            return SheetScore(cupper: cupper, sample: code, finalScore: final, attributes: attributes)
        }
    }

    /// Per sample: mean, standard deviation, range and attribute means; per cupper: deviation from the panel.
    /// Cuppers are named only for callers who may see the members (`membersRead`); others (API keys) get their ids,
    /// with `name` null.
    func results(_ p: Caller, sessionId: UUID) async throws -> JSONValue {
        try p.require(.recordsRead)
        let org = p.organizationId
        let (session, scores, members) = try await db.read { sql in
            (try await RecordRepository.find(CuppingSession.self, sql, organizationId: org, id: sessionId),
             try await RecordRepository.list(CuppingScore.self, sql, organizationId: org,
                                             filters: [.equals(column: "session_id", value: sessionId.text)], after: nil, limit: 100_000),
             try await AccountRepository.members(sql, organizationId: org))
        }
        guard let session else { throw KafaeError("cuppingSession.not_found") }
        let sheets = Self.sheets(scores)
        let samples = (session.fields["samples"]?.arrayValue ?? []).compactMap(\.objectValue)
        let summaries = Dictionary(uniqueKeysWithValues: PanelStatistics.samples(sheets).map { ($0.sample, $0) })
        let names = p.permissions.contains(.membersRead)
            ? Dictionary(uniqueKeysWithValues: members.map { ($0.userId.text, $0.name) }) : [:]
        return .object([
            "sessionId": .string(sessionId.text),
            "protocol": session.fields["protocol"] ?? .null,
            "samples": .array(samples.map { s in
                let code = s["code"]?.stringValue ?? ""
                var o: [String: JSONValue] = ["code": .string(code), "lotId": s["lotId"] ?? .null]
                if let sum = summaries[code] {
                    o["count"] = .number(Double(sum.count))
                    o["mean"] = .number(sum.mean)
                    o["standardDeviation"] = .number(sum.standardDeviation)
                    o["min"] = .number(sum.min)
                    o["max"] = .number(sum.max)
                    o["attributeMeans"] = .object(sum.attributeMeans.mapValues(JSONValue.number))
                } else {
                    o["count"] = .number(0)
                }
                return .object(o)
            }),
            "cuppers": .array(PanelStatistics.cuppers(sheets).map { Self.render($0, names: names) }),
        ])
    }

    static func render(_ d: CupperDeviation, names: [String: String]) -> JSONValue {
        var o: [String: JSONValue] = [
            "samples": .number(Double(d.samples)),
            "meanAbsoluteDeviation": d.meanAbsoluteDeviation.map(JSONValue.number) ?? .null,
            "bias": d.bias.map(JSONValue.number) ?? .null,
            "attributeDeviation": .object(d.attributeDeviation.mapValues(JSONValue.number)),
        ]
        if d.cupper.hasPrefix("guest:") {
            o["guestName"] = .string(String(d.cupper.dropFirst(6)))
        } else {
            o["cupperId"] = .string(d.cupper)
            o["name"] = names[d.cupper].map(JSONValue.string) ?? .null
        }
        return .object(o)
    }

    /// A cupper's agreement with their panels, session by session and overall, with the attributes they drift on.
    /// The cupper's name only for callers with `membersRead`; null for others.
    func calibration(_ p: Caller, cupperId: UUID) async throws -> JSONValue {
        try p.require(.recordsRead)
        let org = p.organizationId
        let (member, own) = try await db.read { sql in
            (try await AccountRepository.members(sql, organizationId: org).first { $0.userId == cupperId },
             try await RecordRepository.list(CuppingScore.self, sql, organizationId: org,
                                             filters: [.equals(column: "cupper_id", value: cupperId.text)], after: nil, limit: 100_000))
        }
        guard let member else { throw KafaeError("cupper.not_found") }
        let sessionIds = Set(own.compactMap { $0.fields["sessionId"]?.stringValue })
        var rows: [(date: String, created: Int64, json: JSONValue, deviation: CupperDeviation)] = []
        var allDiffs: [Double] = [], allAbs: [Double] = []
        var attr: [String: [Double]] = [:]
        for sid in sessionIds {
            guard let id = UUID(uuidString: sid) else { continue }
            let (session, scores) = try await db.read { sql in
                (try await RecordRepository.find(CuppingSession.self, sql, organizationId: org, id: id),
                 try await RecordRepository.list(CuppingScore.self, sql, organizationId: org,
                                                 filters: [.equals(column: "session_id", value: sid)], after: nil, limit: 100_000))
            }
            guard let session else { continue }
            guard let d = PanelStatistics.cuppers(Self.sheets(scores)).first(where: { $0.cupper == cupperId.text }), d.samples > 0,
                  let mad = d.meanAbsoluteDeviation, let bias = d.bias else { continue }
            allAbs += Array(repeating: mad, count: d.samples)
            allDiffs += Array(repeating: bias, count: d.samples)
            for (k, v) in d.attributeDeviation { attr[k, default: []].append(v) }
            rows.append((session.fields["sessionDate"]?.stringValue ?? "", session.createdAt, .object([
                "sessionId": .string(sid), "name": session.fields["name"] ?? .null, "sessionDate": session.fields["sessionDate"] ?? .null,
                "protocol": session.fields["protocol"] ?? .null, "samples": .number(Double(d.samples)),
                "meanAbsoluteDeviation": .number(mad), "bias": .number(bias),
            ]), d))
        }
        rows.sort { ($0.date, $0.created) < ($1.date, $1.created) }
        let n = Double(allAbs.count)
        let overallMAD = n > 0 ? roundPlaces(allAbs.reduce(0, +) / n, 2) : nil
        let overallBias = n > 0 ? roundPlaces(allDiffs.reduce(0, +) / n, 2) : nil
        // Trend: the last three sessions against the ones before them.
        var trend: JSONValue = .null
        if rows.count >= 4 {
            let recent = rows.suffix(3).compactMap(\.deviation.meanAbsoluteDeviation)
            let earlier = rows.dropLast(3).compactMap(\.deviation.meanAbsoluteDeviation)
            let r = recent.reduce(0, +) / Double(recent.count), e = earlier.reduce(0, +) / Double(earlier.count)
            trend = .object(["recentMeanAbsoluteDeviation": .number(roundPlaces(r, 2)), "earlierMeanAbsoluteDeviation": .number(roundPlaces(e, 2)),
                             "direction": .string(r < e - 0.05 ? "improving" : r > e + 0.05 ? "drifting" : "steady")])
        }
        let drift = attr.mapValues { roundPlaces($0.reduce(0, +) / Double($0.count), 2) }
        return .object([
            "cupperId": .string(cupperId.text), "name": p.permissions.contains(.membersRead) ? .string(member.name) : .null,
            "sessions": .array(rows.map(\.json)),
            "overall": .object(["sessions": .number(Double(rows.count)), "samples": .number(n),
                                "meanAbsoluteDeviation": overallMAD.map(JSONValue.number) ?? .null,
                                "bias": overallBias.map(JSONValue.number) ?? .null]),
            "attributeDeviation": .object(drift.mapValues(JSONValue.number)),
            "largestDeviation": drift.max { $0.value < $1.value }.map { .string($0.key) } ?? .null,
            "trend": trend,
        ])
    }

    // MARK: roast import

    /// Creates a roast batch from an Artisan log: events, metrics and curve from the file, the weights from it too
    /// unless given.
    func importRoast(_ p: Caller, file: Data, lotId: UUID, id: UUID?, machine: String?, sourceFile: String?) async throws -> StoredRecord {
        try p.require(.roastsWrite)
        let profile = try ArtisanLog.parse(file)
        let analysis = try RoastAnalyzer.analyze(profile)
        var fields = RoastBatch.fields(from: analysis, lotId: lotId.text, sourceFile: sourceFile)
        if let machine { fields["machine"] = .string(machine) }
        if let at = profile.roastedAt { fields["roastedAt"] = .string(FieldReader.formatDateTime(at)) }
        let recordId = id ?? UUID()
        let input = fields
        return try await db.writeRecords { sql in
            if try await RecordRepository.exists(RoastBatch.self, sql, id: recordId) { throw KafaeError("record.exists") }
            return try await RecordWriter.create(RoastBatch.self, WriteContext(sql: sql, organizationId: p.organizationId, actor: p.actor,
                                                                               now: Clock.nowMs()), id: recordId, input: input)
        }
    }
}
