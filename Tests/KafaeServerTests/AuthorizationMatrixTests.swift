import Foundation
import Hummingbird
import HTTPTypes
import KafaeDomain
@testable import KafaeServer
import KafaeStore
import KafaeTestSupport
import XCTest

/// The authorization matrix: every authenticated route × every caller (five roles, two API key scopes) × the caller's
/// own organization and another one, each expected outcome read from ``RouteAccess``, the table that
/// `docs/permissions.md` is generated from.
///
/// Own organization (A): a caller the table allows gets anything but 401/403 (and never a 5xx); any other gets 403
/// with the table's error code. Another organization (B), naming A's ids: never a 2xx on A's records, 404 where the
/// id is in the path (403 first when B's caller lacks the permission, unless the route looks up before it checks),
/// and no response of B's ever carries A's ids, names or tokens; afterwards A's records, members, invitations, keys,
/// passport and conflicts are exactly as they were. Destructive calls in A hit a fresh record, member, key,
/// invitation, passport or conflict made for that one call.
final class AuthorizationMatrixTests: XCTestCase {
    // MARK: the table against the router and the document

    func testEveryAuthenticatedRouteHasExactlyOneEntry() async throws {
        let t = try await TestDatabases.make(.sqlite)
        let served = try await AuthenticationTests.servedRoutes(t).map { "\($0.method) \($0.path)" }
        await t.cleanup()
        let authenticated = Set(served).subtracting(KafaeApp.publicOperations)
        let entries = RouteAccess.all.map(\.operation)
        let duplicates = Dictionary(grouping: entries, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        XCTAssertEqual(duplicates, [], "routes with more than one entry in RouteAccess")
        XCTAssertEqual(authenticated.subtracting(entries).sorted(), [], "served routes missing from RouteAccess")
        XCTAssertEqual(Set(entries).subtracting(authenticated).sorted(), [], "RouteAccess entries the router does not serve")
        XCTAssertTrue(Set(entries).isDisjoint(with: KafaeApp.publicOperations), "public routes need no entry")
        XCTAssertEqual(served.count, Set(served).count, "the router serves each route once")
    }

    static let docURL = TestApp.repoRoot.appendingPathComponent("docs/permissions.md")
    static let beginMarker = "<!-- route-access:begin — generated from Sources/KafaeServer/Routes/RouteAccess.swift; "
        + "regenerate: KAFAE_WRITE_DOCS=1 swift test --filter AuthorizationMatrixTests/testPermissionsDocumentIsGeneratedFromTheTable -->"
    static let endMarker = "<!-- route-access:end -->"

    /// The per-route section of `docs/permissions.md`, rendered from ``RouteAccess`` and the roles' permissions.
    /// `KAFAE_WRITE_DOCS=1` writes it into the document instead of failing.
    func testPermissionsDocumentIsGeneratedFromTheTable() throws {
        let text = try String(contentsOf: Self.docURL, encoding: .utf8)
        let generated = Self.renderRouteTable()
        let begin = text.range(of: Self.beginMarker), end = text.range(of: Self.endMarker)
        let current = begin.flatMap { b in end.map { e in String(text[b.upperBound..<e.lowerBound]) } }
        if current == "\n" + generated { return }
        if ProcessInfo.processInfo.environment["KAFAE_WRITE_DOCS"] == "1" {
            let section = Self.beginMarker + "\n" + generated + Self.endMarker
            let updated: String
            if let b = begin, let e = end, b.lowerBound < e.lowerBound {
                updated = text.replacingCharacters(in: b.lowerBound..<e.upperBound, with: section)
            } else {
                updated = text + (text.hasSuffix("\n") ? "\n" : "\n\n") + section + "\n"
            }
            try updated.write(to: Self.docURL, atomically: true, encoding: .utf8)
            print("wrote the per-route table into \(Self.docURL.path)")
            return
        }
        XCTFail("""
            docs/permissions.md's per-route section (between \(Self.beginMarker) and \(Self.endMarker)) is not what \
            RouteAccess.swift says. Regenerate it with KAFAE_WRITE_DOCS=1 swift test --filter \
            AuthorizationMatrixTests/testPermissionsDocumentIsGeneratedFromTheTable, or paste:

            \(generated)
            """)
    }

    /// The permission × role table at the top of `docs/permissions.md` is `Role.permissions` and `ApiKeyScope.permissions`.
    func testPermissionTableInTheDocumentMatchesTheRoles() throws {
        let text = try String(contentsOf: Self.docURL, encoding: .utf8)
        let header = text.split(separator: "\n").first { $0.hasPrefix("| permission |") }.map(Self.cells)
        XCTAssertEqual(header?.dropFirst().map { $0 }, CallerKind.allCases.map(\.title), "the table's columns")
        var seen: [Permission] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = Self.cells(line)
            guard let first = cells.first, first.hasPrefix("`"),
                  let permission = Permission(rawValue: String(first.dropFirst().prefix { $0 != "`" })) else { continue }
            seen.append(permission)
            XCTAssertEqual(cells.count, 1 + CallerKind.allCases.count, "\(line)")
            for (caller, cell) in zip(CallerKind.allCases, cells.dropFirst()) {
                XCTAssertEqual(cell == "✓", caller.permissions.contains(permission),
                               "docs/permissions.md says \(caller.title) \(cell == "✓" ? "has" : "lacks") \(permission.rawValue)")
            }
        }
        XCTAssertEqual(seen, Permission.allCases, "every permission once, in declaration order")
    }

    static func cells(_ line: Substring) -> [String] {
        line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func renderNeed(_ need: RouteAccess.Need) -> String {
        switch need {
        case .anyCaller: "any caller"
        case .permission(let p): "`\(p.rawValue)`"
        case .allOf(let ps): ps.map { "`\($0.rawValue)`" }.joined(separator: " + ")
        case .user: "a signed-in user"
        case .owner: "the owner role"
        case .recordWrite: "the record's write permission"
        }
    }

    static func renderCell(_ route: RouteAccess, _ caller: CallerKind) -> String {
        if case .recordWrite = route.need {
            let held = Permission.recordWrites.filter { caller.permissions.contains($0) }
            return held.isEmpty ? "" : held == Permission.recordWrites ? "✓" : "some"
        }
        return route.allows(role: caller.role, permissions: caller.permissions) ? "✓" : ""
    }

    static func renderRouteTable() -> String {
        let groups: [(String, [RouteAccess])] = [
            ("Accounts, members, invitations, API keys", RouteAccess.account), ("Records", RouteAccess.records),
            ("Quality views and roast-log import", RouteAccess.quality), ("Import and export", RouteAccess.exchange),
            ("Quality passports", RouteAccess.passports), ("Sync", RouteAccess.sync), ("Calculators", RouteAccess.calculators),
        ]
        precondition(groups.flatMap(\.1) == RouteAccess.all)
        var out = """

            ## Per route

            What each authenticated route needs and who may call it. "some": the caller may do it for some record types
            only (its write permissions). Another organization's ids answer `404` to every caller that may call the route;
            a caller that may not gets `403` first, except where the note says the lookup comes first. Public routes
            (`security: []` in `docs/openapi.yaml`) need nothing.

            """
        for (title, routes) in groups {
            out += "\n**\(title)**\n\n"
            out += "| route | needs | " + CallerKind.allCases.map(\.title).joined(separator: " | ") + " | notes |\n"
            out += "|---|---|" + CallerKind.allCases.map { _ in ":-:|" }.joined() + "---|\n"
            for r in routes {
                out += "| `\(r.operation)` | \(renderNeed(r.need)) | "
                out += CallerKind.allCases.map { renderCell(r, $0) }.joined(separator: " | ")
                out += " | \(r.note ?? "") |\n"
            }
        }
        return out
    }

    // MARK: callers

    enum CallerKind: CaseIterable, Hashable {
        case owner, manager, cupper, field, viewer, readKey, readWriteKey

        var role: Role? {
            switch self {
            case .owner: .owner
            case .manager: .manager
            case .cupper: .cupper
            case .field: .field
            case .viewer: .viewer
            case .readKey, .readWriteKey: nil
            }
        }

        var scope: ApiKeyScope? {
            switch self {
            case .readKey: .read
            case .readWriteKey: .readWrite
            default: nil
            }
        }

        var permissions: Set<Permission> { role?.permissions ?? scope?.permissions ?? [] }
        var title: String { role?.rawValue ?? "API key `\(scope!.rawValue)`" }
    }

    /// One organization and its seven callers.
    struct Org {
        let id: String
        let name: String
        let owner: Session
        var tokens: [CallerKind: String] = [:]
        var userIds: [CallerKind: String] = [:]
        var keyIds: [CallerKind: String] = [:]
    }

    static func organization(_ api: Api, label: String) async throws -> Org {
        let name = "Matrix \(label) \(UUID().uuidString.prefix(8))"
        let owner = try await api.register(org: name, name: "\(label) Owner")
        var org = Org(id: owner.organizationId, name: name, owner: owner)
        org.tokens[.owner] = owner.access
        org.userIds[.owner] = owner.userId
        for c in [CallerKind.manager, .cupper, .field, .viewer] {
            let s = try await api.addMember(by: owner, role: c.role!, name: "\(label) \(c.title)")
            org.tokens[c] = s.access
            org.userIds[c] = s.userId
        }
        for c in [CallerKind.readKey, .readWriteKey] {
            let r = try await api.call(.post, "/api/v1/api-keys", token: owner.access,
                                       json: .object(["name": .string("\(label) \(c.title)"), "scope": .string(c.scope!.rawValue)]))
            XCTAssertEqual(r.status, 201, r.text)
            org.tokens[c] = r.string("key") ?? ""
            org.keyIds[c] = r.string("id") ?? ""
        }
        return org
    }

    // MARK: the matrix

    func testEveryRouteEveryCallerBothOrganizations() async throws {
        try await TestApp.run { api, _ in
            let started = Date()
            let run = try await MatrixRun.make(api)
            let before = try await run.snapshotA()
            for caller in CallerKind.allCases { for route in RouteAccess.all { try await run.check(route, side: .other, caller: caller) } }
            let after = try await run.snapshotA()
            for (key, value) in before where after[key] != value {
                run.fail("[\(api.engine)] organization B's calls changed A's \(key):\n  before \(value)\n  after  \(after[key] ?? "nil")")
            }
            for caller in CallerKind.allCases { for route in RouteAccess.all { try await run.check(route, side: .own, caller: caller) } }
            for f in run.failures { XCTFail(f) }
            let tally = run.tally.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            print("authorization matrix [\(api.engine)]: \(RouteAccess.all.count) routes × \(CallerKind.allCases.count) callers × 2 organizations "
                  + "= \(run.cases) cases, \(run.failures.count) failures, \(String(format: "%.1f", Date().timeIntervalSince(started))) s (\(tally))")
            XCTAssertEqual(run.cases, RouteAccess.all.count * CallerKind.allCases.count * 2)
        }
    }
}

struct FixtureFailed: Error, CustomStringConvertible { let description: String }

/// One engine's run: organizations A and B, A's records, and the checks.
final class MatrixRun {
    typealias CallerKind = AuthorizationMatrixTests.CallerKind
    enum Side { case own, other }
    /// What of A's a request names: nothing, an id in its path, or an id in its body or query.
    enum Names { case nothing, pathId, reference }

    struct Probe {
        var path: String
        var json: JSONValue?
        var raw: String?
        var contentType: String?
        var names: MatrixRun.Names = .nothing
        /// A further check on the reply; a message when it fails.
        var check: ((Reply) -> String?)?

        init(_ path: String, json: JSONValue? = nil, raw: String? = nil, contentType: String? = nil, names: MatrixRun.Names = .nothing,
             check: ((Reply) -> String?)? = nil) {
            self.path = path
            self.json = json
            self.raw = raw
            self.contentType = contentType
            self.names = names
            self.check = check
        }
    }

    let api: Api
    var a: AuthorizationMatrixTests.Org
    var b: AuthorizationMatrixTests.Org
    /// A's records: resource path → id.
    var records: [String: String] = [:]
    var extraMember = "", invitation = "", conflict = "", passportToken = ""
    /// Everything of A's that B must never see.
    var secrets: Set<String> = []
    var failures: [String] = []
    var cases = 0
    var tally: [String: Int] = [:]

    static let alog = "{'mode': 'C', 'timex': [0, 30, 60, 90, 120, 150], 'temp1': [-1, -1, -1, -1, -1, -1], "
        + "'temp2': [200, 100, 120, 150, 180, 200], 'timeindex': [0, 3, 4, 0, 0, 0, 5, 0], 'weight': [0.2, 0.17, 'Kg']}"
    static let sheet: JSONValue = .object([
        "fragranceAroma": .number(8), "flavor": .number(8), "aftertaste": .number(8), "acidity": .number(8), "body": .number(8),
        "balance": .number(8), "overall": .number(8), "uniformCups": .number(5), "cleanCups": .number(5), "sweetCups": .number(5),
    ])
    static let resources = ["farms", "lots", "gradings", "cupping-sessions", "cupping-scores", "roast-batches"]

    init(api: Api, a: AuthorizationMatrixTests.Org, b: AuthorizationMatrixTests.Org) {
        self.api = api
        self.a = a
        self.b = b
    }

    func fail(_ message: String) { failures.append(message) }

    /// `KAFAE_MATRIX_VERBOSE=1` prints every case's answer.
    static let verbose = ProcessInfo.processInfo.environment["KAFAE_MATRIX_VERBOSE"] == "1"

    var ownerA: String { a.owner.access }

    static func make(_ api: Api) async throws -> MatrixRun {
        let a = try await AuthorizationMatrixTests.organization(api, label: "A")
        let b = try await AuthorizationMatrixTests.organization(api, label: "B")
        let run = MatrixRun(api: api, a: a, b: b)
        try await run.makeRecordsA()
        return run
    }

    // MARK: A's records

    func created(_ path: String, _ body: JSONValue, token: String? = nil) async throws -> String {
        let r = try await api.call(.post, path, token: token ?? ownerA, json: body)
        guard (200..<300).contains(r.status), let id = r.string("id") else {
            throw FixtureFailed(description: "[\(api.engine)] could not make a fixture with POST \(path): \(r.status) \(r.text)")
        }
        return id
    }

    /// A body that creates a record of `resource` in A, naming A's records.
    func createBody(_ resource: String) -> JSONValue {
        switch resource {
        case "farms": .object(["name": .string("Matrix farm \(UUID().uuidString.prefix(6))"), "province": .string("Chiang Rai")])
        case "lots": .object(["species": .string("arabica"), "stage": .string("green"), "farmId": .string(records["farms"] ?? "")])
        case "gradings": .object(["lotId": .string(records["lots"] ?? ""), "standard": .string("scaArabica")])
        case "cupping-sessions": .object(["name": .string("Matrix session"), "protocol": .string("sca2004"), "sessionDate": .string("2026-05-01"),
                                          "samples": .array([.object(["lotId": .string(records["lots"] ?? "")])])])
        case "cupping-scores": .object(["sessionId": .string(records["cupping-sessions"] ?? ""), "sampleCode": .string("1"),
                                        "guestName": .string("Guest \(UUID().uuidString.prefix(8))"), "scores": Self.sheet])
        case "roast-batches": .object(["lotId": .string(records["lots"] ?? ""), "greenWeightKg": .number(0.1),
                                       "roastedAt": .string("2026-11-20T08:00:00Z")])
        default: .object([:])
        }
    }

    func makeRecordsA() async throws {
        let farmName = "Matrix A farm \(UUID().uuidString.prefix(8))"
        records["farms"] = try await created("/api/v1/farms", .object(["name": .string(farmName), "province": .string("Chiang Mai")]))
        records["lots"] = try await created("/api/v1/lots", .object([
            "species": .string("arabica"), "stage": .string("green"), "farmId": .string(records["farms"]!), "weightKg": .number(1000),
        ]))
        records["gradings"] = try await created("/api/v1/gradings", createBody("gradings"))
        records["cupping-sessions"] = try await created("/api/v1/cupping-sessions", createBody("cupping-sessions"))
        records["cupping-scores"] = try await created("/api/v1/cupping-scores", .object([
            "sessionId": .string(records["cupping-sessions"]!), "sampleCode": .string("1"), "cupperId": .string(a.owner.userId),
            "scores": Self.sheet,
        ]))
        records["roast-batches"] = try await created("/api/v1/roast-batches", createBody("roast-batches"))
        extraMember = try await api.addMember(by: a.owner, role: .field, name: "A extra member").userId
        invitation = try await freshInvitation()
        conflict = try await freshConflict()
        passportToken = try await publishPassport()
        secrets = Set(records.values).union([a.id, a.name, farmName, extraMember, invitation, conflict, passportToken])
            .union(a.userIds.values).union(a.keyIds.values)
    }

    func freshInvitation() async throws -> String {
        try await created("/api/v1/invitations", .object(["email": .string("invitee-\(UUID().uuidString.prefix(8))@example.com"),
                                                          "role": .string("viewer")]))
    }

    func freshKey() async throws -> String {
        try await created("/api/v1/api-keys", .object(["name": .string("throwaway"), "scope": .string("read")]))
    }

    func freshMember() async throws -> String {
        try await api.addMember(by: a.owner, role: .viewer, name: "A throwaway").userId
    }

    func publishPassport() async throws -> String {
        let r = try await api.call(.post, "/api/v1/lots/\(records["lots"]!)/passport", token: ownerA, json: .object([:]))
        guard r.status == 201, let token = r.string("token") else { throw FixtureFailed(description: "[\(api.engine)] passport: \(r.text)") }
        return token
    }

    static func mutation(_ seq: Int, id: String, base: Int?, _ fields: [String: JSONValue]) -> JSONValue {
        .object(["seq": .number(Double(seq)), "entity": .string("farm"), "op": .string("upsert"), "recordId": .string(id),
                 "baseVersion": base.map { .number(Double($0)) } ?? .null, "fields": .object(fields)])
    }

    /// An open conflict on a new farm of A's: two edits of its altitude from the same base version.
    func freshConflict() async throws -> String {
        let farm = UUID().uuidString.lowercased()
        let r = try await api.call(.post, "/api/v1/sync/push", token: ownerA, json: .object([
            "deviceId": .string("conflict-\(UUID().uuidString.prefix(8))"),
            "mutations": .array([
                Self.mutation(1, id: farm, base: nil, ["name": .string("Conflict farm"), "altitudeM": .number(1200)]),
                Self.mutation(2, id: farm, base: 1, ["altitudeM": .number(1250)]),
                Self.mutation(3, id: farm, base: 1, ["altitudeM": .number(1300)]),
            ]),
        ]))
        guard let id = r["results"]?.arrayValue?.last?.objectValue?["conflictId"]?.stringValue else {
            throw FixtureFailed(description: "[\(api.engine)] no conflict made: \(r.text)")
        }
        return id
    }

    /// What of A's B must not change, as A's owner reads it.
    func snapshotA() async throws -> [String: String] {
        var out: [String: String] = [:]
        for (resource, id) in records {
            out[resource] = try await api.call(.get, "/api/v1/\(resource)/\(id)", token: ownerA).json.jsonString()
        }
        func ids(_ path: String, _ fields: [String]) async throws -> String {
            let r = try await api.call(.get, path, token: ownerA)
            return (r["items"]?.arrayValue ?? []).compactMap(\.objectValue)
                .map { o in fields.map { o[$0]?.stringValue ?? "-" }.joined(separator: ":") }.sorted().joined(separator: ",")
        }
        out["members"] = try await ids("/api/v1/members", ["userId", "role"])
        out["invitations"] = try await ids("/api/v1/invitations", ["id", "role"])
        out["api keys"] = try await ids("/api/v1/api-keys", ["id", "scope"])
        out["open conflicts"] = try await ids("/api/v1/sync/conflicts", ["id"])
        out["passport"] = try await api.call(.get, "/api/v1/lots/\(records["lots"]!)/passport", token: ownerA).string("token") ?? "none"
        out["organization"] = try await api.call(.get, "/api/v1/me", token: ownerA)["organization"]?.jsonString() ?? "none"
        return out
    }

    // MARK: one case

    func check(_ route: RouteAccess, side: Side, caller: CallerKind) async throws {
        let org = side == .own ? a : b
        guard let probe = try await probe(route, side: side, caller: caller) else {
            fail("no request written for \(route.operation): add one to MatrixRun.probe")
            return
        }
        var headers: HTTPFields = [:]
        if let type = probe.contentType { headers[.contentType] = type }
        let method = HTTPRequest.Method(route.method)!
        let reply = try await api.call(method, probe.path, token: org.tokens[caller], json: probe.json, raw: probe.raw, headers: headers)
        cases += 1
        let status = reply.status
        tally["\(side == .own ? "A" : "B") \(status / 100)xx", default: 0] += 1
        let what = "[\(api.engine)] \(route.operation) as \(side == .own ? "A's" : "B's") \(caller.title) → \(status) \(reply.errorCode ?? "")"
        if Self.verbose { print("matrix: \(what)") }
        let allowed = route.allows(role: caller.role, permissions: caller.permissions, recordPermission: Farm.writePermission)
        let refusal = route.refusal(role: caller.role)
        func expect(_ ok: Bool, _ why: String) { if !ok { fail("\(what): \(why)\n  \(reply.text.prefix(300))") } }

        expect(status < 500, "a server error")
        expect(status != 401, "the credential was refused")
        switch side {
        case .own:
            if allowed {
                expect(status != 403, "the table allows this caller")
            } else {
                expect(status == 403 && reply.errorCode == refusal, "the table refuses this caller: expected 403 \(refusal)")
            }
        case .other:
            if route.order == .lookupFirst && probe.names == .pathId {
                expect(status == 404, "another organization's id, looked up first: expected 404")
            } else if !allowed {
                expect(status == 403 && reply.errorCode == refusal, "the table refuses this caller: expected 403 \(refusal)")
            } else {
                switch probe.names {
                case .pathId: expect(status == 404, "another organization's id: expected 404")
                case .reference: expect(!(200..<300).contains(status) && status != 403, "names another organization's record: expected a 4xx other than 403")
                case .nothing: expect(status != 403, "the table allows this caller")
                }
            }
            let sent = probe.path + (probe.json?.jsonString() ?? "") + (probe.raw ?? "")
            let leaked = secrets.filter { !sent.contains($0) && reply.text.contains($0) }
            expect(leaked.isEmpty, "organization A's \(leaked.sorted()) in B's reply")
        }
        if let check = probe.check, let problem = check(reply) { expect(false, problem) }
    }

    // MARK: one request per route

    /// The request `caller` sends to `route`: in A (`own`), at a real record or a fresh one made for a destructive call;
    /// from B (`other`), naming A's records. nil for a route this test does not know yet.
    func probe(_ route: RouteAccess, side: Side, caller: CallerKind) async throws -> Probe? {
        let own = side == .own
        let reference: Names = own ? .nothing : .reference
        let pathId: Names = own ? .nothing : .pathId
        let lot = records["lots"]!
        switch route.operation {
        case "POST /api/v1/auth/switch":
            return Probe("/api/v1/auth/switch", json: .object(["organizationId": .string(a.id)]), names: reference)
        case "GET /api/v1/me", "GET /api/v1/organizations", "GET /api/v1/members", "GET /api/v1/invitations", "GET /api/v1/api-keys",
             "GET /api/v1/export/lots.csv", "GET /api/v1/export/backup", "GET /api/v1/sync/pull", "GET /api/v1/sync/conflicts",
             "GET /api/v1/calc/catalogue":
            return Probe(route.path)
        case "POST /api/v1/organizations":
            return Probe(route.path, json: .object(["name": .string("Matrix extra \(UUID().uuidString.prefix(6))")]))
        case "PATCH /api/v1/organizations/{id}":
            return Probe("/api/v1/organizations/\(a.id)", json: .object(["name": .string(a.name)]), names: pathId)
        case "PATCH /api/v1/members/{userId}":
            return Probe("/api/v1/members/\(extraMember)", json: .object(["role": .string("field")]), names: pathId)
        case "DELETE /api/v1/members/{userId}":
            let target = try await (own ? freshMember() : extraMember)
            return Probe("/api/v1/members/\(target)", names: pathId)
        case "POST /api/v1/invitations":
            return Probe(route.path, json: .object(["email": .string("new-\(UUID().uuidString.prefix(8))@example.com"), "role": .string("viewer")]))
        case "POST /api/v1/invitations/accept":
            return Probe(route.path, json: .object(["token": .string("matrix-not-an-invitation")]))
        case "DELETE /api/v1/invitations/{id}":
            let target = try await (own ? freshInvitation() : invitation)
            return Probe("/api/v1/invitations/\(target)", names: pathId)
        case "POST /api/v1/api-keys":
            return Probe(route.path, json: .object(["name": .string("matrix"), "scope": .string("read")]))
        case "DELETE /api/v1/api-keys/{id}":
            let target = try await (own ? freshKey() : a.keyIds[.readKey]!)
            return Probe("/api/v1/api-keys/\(target)", names: pathId)
        case "GET /api/v1/lots/{id}/genealogy":
            return Probe("/api/v1/lots/\(lot)/genealogy", names: pathId)
        case "GET /api/v1/cupping-sessions/{id}/results":
            return Probe("/api/v1/cupping-sessions/\(records["cupping-sessions"]!)/results", names: pathId)
        case "GET /api/v1/cuppers/{id}/calibration":
            return Probe("/api/v1/cuppers/\(a.owner.userId)/calibration", names: pathId)
        case "POST /api/v1/roast-batches/import":
            return Probe("/api/v1/roast-batches/import?lotId=\(lot)&filename=matrix.alog", raw: Self.alog,
                         contentType: "application/octet-stream", names: reference)
        case "POST /api/v1/import/cqi":
            return Probe(route.path, raw: "Species,Owner,Country.of.Origin,Total.Cup.Points\n", contentType: "text/csv")
        case "POST /api/v1/lots/{id}/passport":
            return Probe("/api/v1/lots/\(lot)/passport", json: .object([:]), names: pathId)
        case "GET /api/v1/lots/{id}/passport":
            return Probe("/api/v1/lots/\(lot)/passport", names: pathId)
        case "DELETE /api/v1/lots/{id}/passport":
            if own { _ = try await publishPassport() }
            return Probe("/api/v1/lots/\(lot)/passport", names: pathId)
        case "POST /api/v1/sync/push":
            return syncPush(side: side, caller: caller)
        case "POST /api/v1/sync/conflicts/{id}/resolve":
            let target = try await (own ? freshConflict() : conflict)
            return Probe("/api/v1/sync/conflicts/\(target)/resolve", json: .object(["choice": .string("theirs")]), names: pathId)
        case "POST /api/v1/calc/cupping":
            return Probe(route.path, json: .object(["protocol": .string("sca2004"), "scores": Self.sheet]))
        case "POST /api/v1/calc/grading":
            return Probe(route.path, json: .object(["standard": .string("scaArabica")]))
        case "POST /api/v1/calc/roast":
            return Probe(route.path, raw: Self.alog, contentType: "application/octet-stream")
        default:
            return try await recordProbe(route, side: side)
        }
    }

    /// The five routes of each record resource.
    func recordProbe(_ route: RouteAccess, side: Side) async throws -> Probe? {
        let parts = route.path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1", Self.resources.contains(parts[2]) else { return nil }
        let resource = parts[2], base = "/api/v1/\(resource)", own = side == .own
        let id = records[resource]!
        switch (route.method, parts.count) {
        case ("GET", 3):
            return Probe(base)
        case ("POST", 3):
            guard !own else { return Probe(base, json: createBody(resource)) }
            // From B: a farm under the id of A's farm; every other record naming A's lot, session or farm.
            guard case .object(var body) = createBody(resource) else { return nil }
            if resource == "farms" { body["id"] = .string(id) }
            return Probe(base, json: .object(body), names: .reference)
        case ("GET", 4) where parts[3] == "{id}":
            return Probe("\(base)/\(id)", names: own ? .nothing : .pathId)
        case ("PATCH", 4) where parts[3] == "{id}":
            return Probe("\(base)/\(id)", json: .object([:]), names: own ? .nothing : .pathId)
        case ("DELETE", 4) where parts[3] == "{id}":
            let target = try await (own ? created(base, createBody(resource)) : id)
            return Probe("\(base)/\(target)", names: own ? .nothing : .pathId)
        default:
            return nil
        }
    }

    /// A push of one farm mutation: in A a new farm, applied only for callers with `farmsWrite`; from B an edit of
    /// A's farm, never applied.
    func syncPush(side: Side, caller: CallerKind) -> Probe {
        let own = side == .own
        let farm = own ? UUID().uuidString.lowercased() : records["farms"]!
        let body: JSONValue = .object([
            "deviceId": .string("matrix-\(UUID().uuidString.prefix(8))"),
            "mutations": .array([Self.mutation(1, id: farm, base: nil, ["name": .string(own ? "Pushed farm" : "Taken farm")])]),
        ])
        let mayWrite = caller.permissions.contains(Farm.writePermission)
        let refusal = caller.role == nil ? "auth.api_key_forbidden" : "auth.forbidden"
        // The push itself is B's own call (a 200 for everyone); what matters is each mutation's result.
        return Probe("/api/v1/sync/push", json: body, check: { reply in
            guard reply.status == 200 else { return nil }
            let result = reply["results"]?.arrayValue?.first?.objectValue ?? [:]
            let status = result["status"]?.stringValue
            let code = result["error"]?.objectValue?["code"]?.stringValue
            if !own { return status == "applied" ? "B's mutation of A's farm was applied" : nil }
            if mayWrite { return status == "applied" ? nil : "the mutation was not applied: \(status ?? "-") \(code ?? "")" }
            return status == "rejected" && code == refusal ? nil : "expected the mutation rejected with \(refusal), got \(status ?? "-") \(code ?? "")"
        })
    }
}
