import Foundation
import KafaeDomain
import KafaeTestSupport
import XCTest

/// Property tests of ``SyncMerge``, the pure decision of a push: thousands of random records, bases and changes drawn
/// from small pools (so equal values and untouched fields happen often), checked against the protocol's rules and
/// against the decision as `SyncService.apply` made it before it was extracted. `KAFAE_MERGE_SEED=N` replays a run.
final class MergePropertyTests: XCTestCase {
    static let fieldPool = ["name", "altitudeM", "owner", "notes", "weightKg"]
    static let valuePool: [JSONValue] = [.null, .number(1), .number(2), .string("x"), .string("y"), .bool(true)]
    static let cases = 20_000

    struct Case: CustomStringConvertible {
        var server: SyncMerge.Record?
        var op: SyncOp
        var base: Int64?
        var change: [String: JSONValue]

        var description: String {
            let s = server.map { "v\($0.version) deleted=\($0.deleted) fields=\(sorted($0.fields)) fieldVersions=\(sorted($0.fieldVersions))" } ?? "none"
            return "op=\(op.rawValue) base=\(base.map(String.init) ?? "nil") change=\(sorted(change)) server=\(s)"
        }

        func sorted<V>(_ d: [String: V]) -> String { d.keys.sorted().map { "\($0):\(d[$0]!)" }.joined(separator: ",") }
    }

    static func randomCase(_ rng: inout SeededRandom) -> Case {
        var server: SyncMerge.Record?
        if Int.random(in: 0..<10, using: &rng) > 0 {
            let version = Int64.random(in: 1...6, using: &rng)
            var fields: [String: JSONValue] = [:]
            var fieldVersions: [String: Int64] = [:]
            for k in fieldPool {
                // Stored records never hold null (a null clears the field), but a cleared field keeps its version.
                if Bool.random(using: &rng) { fields[k] = valuePool.dropFirst().randomElement(using: &rng)! }
                if Int.random(in: 0..<5, using: &rng) > 0 { fieldVersions[k] = Int64.random(in: 1...version, using: &rng) }
            }
            server = SyncMerge.Record(fields: fields, fieldVersions: fieldVersions, version: version,
                                      deleted: Int.random(in: 0..<7, using: &rng) == 0)
        }
        let op: SyncOp = Int.random(in: 0..<7, using: &rng) == 0 ? .delete : .upsert
        let base: Int64? = Int.random(in: 0..<7, using: &rng) == 0 ? nil : Int64.random(in: 0...((server?.version ?? 2) + 1), using: &rng)
        var change: [String: JSONValue] = [:]
        for k in fieldPool where Int.random(in: 0..<3, using: &rng) > 0 { change[k] = valuePool.randomElement(using: &rng)! }
        return Case(server: server, op: op, base: base, change: change)
    }

    /// What the server does with a mutation, in terms both the old code and a decision can be put in.
    struct Outcome: Equatable {
        enum Write: Equatable { case none, create([String: JSONValue]), update([String: JSONValue]), delete }
        var status: String
        var write: Write = .none
        var conflictKind: String?
        var conflictFields: JSONValue?
        var closesCovered = false
    }

    /// The decision exactly as `SyncService.apply` made it inline before ``SyncMerge`` (string ops and kinds).
    static func legacy(_ c: Case) -> Outcome {
        if c.op.rawValue == "delete" {
            guard let existing = c.server, !existing.deleted else { return Outcome(status: "applied") }
            let base = c.base ?? 1
            if base >= existing.version { return Outcome(status: "applied", write: .delete) }
            return Outcome(status: "conflict", conflictKind: "deleteEdited",
                           conflictFields: .object(["_deleted": .object(["mine": .bool(true), "theirs": .bool(false)])]))
        }
        let change = c.change
        guard let existing = c.server else { return Outcome(status: "applied", write: .create(change)) }
        if existing.deleted {
            var fields: [String: JSONValue] = [:]
            for (k, v) in change { fields[k] = .object(["mine": v, "theirs": .null]) }
            return Outcome(status: "conflict", conflictKind: "editDeleted", conflictFields: .object(fields))
        }
        let base = c.base ?? 0
        if base >= existing.version { return Outcome(status: "applied", write: .update(change), closesCovered: true) }
        var take: [String: JSONValue] = [:]
        var held: [String: JSONValue] = [:]
        for (k, v) in change {
            let serverValue = existing.fields[k] ?? .null
            if (existing.fieldVersions[k] ?? 0) <= base {
                take[k] = v
            } else if serverValue != v {
                held[k] = .object(["mine": v, "theirs": serverValue])
            }
        }
        let write: Outcome.Write = take.isEmpty ? .none : .update(take)
        guard !held.isEmpty else { return Outcome(status: "applied", write: write) }
        return Outcome(status: take.isEmpty ? "conflict" : "merged", write: write, conflictKind: "field", conflictFields: .object(held))
    }

    /// What `SyncService.apply` does with a decision.
    static func outcome(_ d: SyncMerge.Decision) -> Outcome {
        switch d {
        case .nothing: return Outcome(status: "applied")
        case .create(let f): return Outcome(status: "applied", write: .create(f))
        case .delete: return Outcome(status: "applied", write: .delete)
        case .applyAll(let f): return Outcome(status: "applied", write: .update(f), closesCovered: true)
        case .merge(let take, let held):
            if held.isEmpty { return Outcome(status: "applied", write: .update(take)) }
            return Outcome(status: "merged", write: .update(take), conflictKind: ConflictKind.field.rawValue,
                           conflictFields: .object(held.mapValues(\.json)))
        case .conflict(let kind, let held):
            return Outcome(status: "conflict", conflictKind: kind.rawValue, conflictFields: .object(held.mapValues(\.json)))
        }
    }

    /// The record after an update with `change`, as `RecordRepository.update` writes it: null clears a field, and only
    /// fields whose value changed move to the new version (no change, no new version).
    static func applying(_ change: [String: JSONValue], to r: SyncMerge.Record) -> SyncMerge.Record {
        var fields = r.fields
        for (k, v) in change { if v.isNull { fields.removeValue(forKey: k) } else { fields[k] = v } }
        let changed = Set(fields.keys).union(r.fields.keys).filter { fields[$0] != r.fields[$0] }
        guard !changed.isEmpty else { return r }
        var out = r
        out.version += 1
        out.fields = fields
        for k in changed { out.fieldVersions[k] = out.version }
        return out
    }

    static func parts(_ d: SyncMerge.Decision) -> (take: [String: JSONValue], held: [String: SyncMerge.Held]) {
        switch d {
        case .merge(let take, let held): return (take, held)
        case .conflict(.field, let held): return ([:], held)
        case .applyAll(let change): return (change, [:])
        default: return ([:], [:])
        }
    }

    func testMergeProperties() {
        let seed = ProcessInfo.processInfo.environment["KAFAE_MERGE_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max / 2)
        print("merge property seed: \(seed) (rerun with KAFAE_MERGE_SEED=\(seed)), \(Self.cases) cases")
        var rng = SeededRandom(state: seed)
        var seen: [String: Int] = [:]
        var failures = 0
        for i in 0..<Self.cases {
            let c = Self.randomCase(&rng)
            var problems: [String] = []
            func check(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { problems.append(what()) } }

            let d = SyncMerge.decide(server: c.server, op: c.op, base: c.base, change: c.change)
            // The same answer as the code it was extracted from, for every input.
            check(Self.outcome(d) == Self.legacy(c), "differs from the inline merge: \(d) vs \(Self.legacy(c))")
            // The same question gives the same answer.
            check(SyncMerge.decide(server: c.server, op: c.op, base: c.base, change: c.change) == d, "not deterministic")

            switch d {
            case .nothing: seen["nothing", default: 0] += 1
            case .create: seen["create", default: 0] += 1
            case .delete: seen["delete", default: 0] += 1
            case .applyAll: seen["applyAll", default: 0] += 1
            case .merge(_, let held): seen[held.isEmpty ? "merge (all taken)" : "merge (some held)", default: 0] += 1
            case .conflict(let kind, _): seen["conflict \(kind.rawValue)", default: 0] += 1
            }

            if c.op == .upsert, let server = c.server, !server.deleted {
                let base = c.base ?? 0
                if base >= server.version {
                    check(d == .applyAll(c.change), "base \(base) >= version \(server.version) but not applyAll: \(d)")
                } else {
                    let (take, held) = Self.parts(d)
                    switch d {
                    case .merge(let t, _): check(!t.isEmpty, "merge with nothing taken")
                    case .conflict(let kind, let h): check(kind == .field && !h.isEmpty, "field merge gave \(d)")
                    case .nothing: break
                    default: check(false, "a stale upsert on a live record gave \(d)")
                    }
                    check(Set(take.keys).isDisjoint(with: held.keys), "fields both taken and held: \(Set(take.keys).intersection(held.keys))")
                    for (k, v) in c.change {
                        let serverValue = server.fields[k] ?? .null
                        if (server.fieldVersions[k] ?? 0) <= base { check(take[k] == v, "\(k) untouched since base but not taken") }
                        if v == serverValue { check(held[k] == nil, "\(k) equals the server's value but is held") }
                        if v != serverValue { check(take[k] != nil || held[k] != nil, "\(k) changed by the client but dropped") }
                        if let t = take[k] { check(t == v, "\(k) taken with another value") }
                        if let h = held[k] { check(h == SyncMerge.Held(mine: v, theirs: serverValue), "\(k) held as \(h)") }
                    }
                    check(Set(take.keys).union(held.keys).isSubset(of: c.change.keys), "decided fields the client did not send")

                    // Replays. After the taken fields are applied, the same change on the same base holds exactly the
                    // same fields, and whatever it takes again is already there.
                    let after = Self.applying(take, to: server)
                    let again = Self.parts(SyncMerge.decide(server: after, op: .upsert, base: c.base, change: c.change))
                    check(again.held == held, "a replay on the same base holds \(again.held), first \(held)")
                    check(Self.applying(again.take, to: after) == after, "a replay on the same base changes the record again")
                    // On the new version the change applies whole, and changes nothing but the fields held before.
                    let onNew = SyncMerge.decide(server: after, op: .upsert, base: after.version, change: c.change)
                    check(onNew == .applyAll(c.change), "a replay on the new version gave \(onNew)")
                    let changedByReplay = Set(c.change.keys).filter { (after.fields[$0] ?? .null) != c.change[$0]! }
                    check(changedByReplay == Set(held.keys), "a replay on the new version would change \(changedByReplay), held \(held.keys.sorted())")
                }
            }
            if !problems.isEmpty {
                failures += 1
                if failures <= 5 { XCTFail("case \(i) (seed \(seed)): \(c)\n  " + problems.joined(separator: "\n  ")) }
            }
        }
        print("merge decisions: " + seen.keys.sorted().map { "\($0) \(seen[$0]!)" }.joined(separator: ", "))
        XCTAssertEqual(failures, 0, "failing cases (seed \(seed))")
        // The pools are small enough that every kind of decision is exercised.
        for kind in ["nothing", "create", "delete", "applyAll", "merge (all taken)", "merge (some held)", "conflict field",
                     "conflict editDeleted", "conflict deleteEdited"] {
            XCTAssertGreaterThan(seen[kind] ?? 0, 0, "no case decided \(kind) (seed \(seed))")
        }
    }

    // MARK: examples

    let live = SyncMerge.Record(fields: ["name": .string("Doi Chang"), "altitudeM": .number(1400), "notes": .string("shade")],
                                fieldVersions: ["name": 1, "altitudeM": 3, "notes": 2], version: 3, deleted: false)
    var tombstone: SyncMerge.Record { var t = live; t.deleted = true; t.version = 4; return t }

    func testDeleteOnCurrentVersionDeletes() {
        XCTAssertEqual(SyncMerge.decide(server: live, op: .delete, base: 3, change: [:]), .delete)
        XCTAssertEqual(SyncMerge.decide(server: live, op: .delete, base: 5, change: [:]), .delete)
        var v1 = live
        v1.version = 1
        // A delete of a record the device created (no base) counts as made on version 1.
        XCTAssertEqual(SyncMerge.decide(server: v1, op: .delete, base: nil, change: [:]), .delete)
    }

    func testDeleteOfAnEditedRecordIsAConflict() {
        let held = ["_deleted": SyncMerge.Held(mine: .bool(true), theirs: .bool(false))]
        XCTAssertEqual(SyncMerge.decide(server: live, op: .delete, base: 2, change: [:]), .conflict(.deleteEdited, held: held))
        XCTAssertEqual(SyncMerge.decide(server: live, op: .delete, base: nil, change: [:]), .conflict(.deleteEdited, held: held))
        XCTAssertEqual(held["_deleted"]?.json, .object(["mine": .bool(true), "theirs": .bool(false)]))
    }

    func testDeleteOfADeletedOrMissingRecordDoesNothing() {
        XCTAssertEqual(SyncMerge.decide(server: tombstone, op: .delete, base: 1, change: [:]), .nothing)
        XCTAssertEqual(SyncMerge.decide(server: nil, op: .delete, base: 1, change: [:]), .nothing)
        XCTAssertEqual(SyncMerge.decide(server: nil, op: .delete, base: nil, change: ["name": .string("x")]), .nothing)
    }

    func testEditOfADeletedRecordIsAConflictEvenOnItsVersion() {
        let change: [String: JSONValue] = ["name": .string("Doi Tung"), "notes": .null]
        let expected = SyncMerge.Decision.conflict(.editDeleted, held: [
            "name": .init(mine: .string("Doi Tung"), theirs: .null), "notes": .init(mine: .null, theirs: .null),
        ])
        for base in [nil, 1, 3, 4, 9] as [Int64?] {
            XCTAssertEqual(SyncMerge.decide(server: tombstone, op: .upsert, base: base, change: change), expected, "base \(String(describing: base))")
        }
    }

    func testUpsertOfANewRecordCreatesIt() {
        let change: [String: JSONValue] = ["name": .string("Pang Khon")]
        XCTAssertEqual(SyncMerge.decide(server: nil, op: .upsert, base: nil, change: change), .create(change))
    }

    func testStaleEditMergesPerField() {
        // name untouched since base 2 → taken; altitudeM changed on both sides → held; notes same value → nothing.
        let change: [String: JSONValue] = ["name": .string("Doi Tung"), "altitudeM": .number(1200), "notes": .string("shade")]
        XCTAssertEqual(SyncMerge.decide(server: live, op: .upsert, base: 2, change: change),
                       .merge(take: ["name": .string("Doi Tung"), "notes": .string("shade")],
                              held: ["altitudeM": .init(mine: .number(1200), theirs: .number(1400))]))
        // Only clashing fields: nothing applied, all held.
        XCTAssertEqual(SyncMerge.decide(server: live, op: .upsert, base: 2, change: ["altitudeM": .number(1200)]),
                       .conflict(.field, held: ["altitudeM": .init(mine: .number(1200), theirs: .number(1400))]))
        // The client set what the server already has: nothing to do.
        XCTAssertEqual(SyncMerge.decide(server: live, op: .upsert, base: 1, change: ["altitudeM": .number(1400)]), .nothing)
        // On the current version everything applies.
        XCTAssertEqual(SyncMerge.decide(server: live, op: .upsert, base: 3, change: ["altitudeM": .number(1200)]),
                       .applyAll(["altitudeM": .number(1200)]))
    }

    func testProtocolStatesKeepTheirWireNames() {
        XCTAssertEqual(SyncOp.allCases.map(\.rawValue), ["upsert", "delete"])
        XCTAssertEqual(ConflictKind.allCases.map(\.rawValue), ["field", "editDeleted", "deleteEdited"])
        XCTAssertEqual(ResolutionChoice.allCases.map(\.rawValue), ["mine", "theirs", "values"])
        XCTAssertEqual(ConflictResolution.allCases.map(\.rawValue), ["mine", "theirs", "values", "superseded"])
        for choice in ResolutionChoice.allCases { XCTAssertEqual(ConflictResolution(choice).rawValue, choice.rawValue) }
    }
}
