import Foundation
import KafaeDomain

/// Who may call each authenticated route: one entry per route the router serves under `/api/v1` outside
/// ``PublicRoutes``. It describes what the services enforce (the caller's `require`, `requireUser`, `requireOwner`,
/// the sync service's checks); it enforces nothing itself. `AuthorizationMatrixTests` proves the two agree: every served route
/// has exactly one entry, and every route is called by every role and API key scope, in its own organization and
/// from another one, with the outcome this table predicts. The per-route table in `docs/permissions.md` is generated
/// from it (`KAFAE_WRITE_DOCS=1 swift test --filter AuthorizationMatrixTests`).
struct RouteAccess: Sendable, Hashable {
    /// What a caller must be or hold.
    enum Need: Sendable, Hashable {
        /// Any caller of the organization, member or API key; the route checks finer permissions item by item.
        case anyCaller
        /// One permission.
        case permission(Permission)
        /// Every one of these permissions.
        case allOf([Permission])
        /// A signed-in member of any role; API keys are refused with `auth.user_only`.
        case user
        /// A member with the owner role.
        case owner
        /// The write permission of the record the item concerns (a sync conflict's farm, lot…).
        case recordWrite
    }

    /// Which the route checks first when the caller names another organization's record.
    enum Order: Sendable, Hashable {
        /// The permission, then the lookup: a caller without the permission gets 403 whatever the id.
        case permissionFirst
        /// The lookup, then the permission: an id outside the caller's organization is 404 for everyone.
        case lookupFirst
    }

    /// `GET`, `POST`, `PATCH`, `DELETE`.
    let method: String
    /// The path as `docs/openapi.yaml` writes it (`/api/v1/farms/{id}`).
    let path: String
    let need: Need
    var order: Order = .permissionFirst
    /// A rule beyond the plain permission, for the document.
    var note: String?

    var operation: String { "\(method) \(path)" }

    /// Whether a caller holding `permissions` (with `role`, nil for an API key) passes the route's check.
    /// For ``Need/recordWrite``, `recordPermission` is the write permission of the record concerned.
    func allows(role: Role?, permissions: Set<Permission>, recordPermission: Permission? = nil) -> Bool {
        switch need {
        case .anyCaller: true
        case .permission(let p): permissions.contains(p)
        case .allOf(let ps): Set(ps).isSubset(of: permissions)
        case .user: role != nil
        case .owner: role == .owner
        case .recordWrite: recordPermission.map(permissions.contains) ?? !permissions.isDisjoint(with: Permission.recordWrites)
        }
    }

    /// The error code a refused caller gets: `auth.forbidden` for a member, `auth.api_key_forbidden` for a key,
    /// `auth.user_only` for a key on a route for people.
    func refusal(role: Role?) -> String {
        if case .user = need { return "auth.user_only" }
        return role == nil ? "auth.api_key_forbidden" : "auth.forbidden"
    }
}

extension RouteAccess {
    /// Every authenticated route, in the order the document lists them.
    static let all: [RouteAccess] = account + records + quality + exchange + passports + sync + calculators

    static let account: [RouteAccess] = [
        .init(method: "POST", path: "/api/v1/auth/switch", need: .user, note: "only to an organization the user belongs to"),
        .init(method: "GET", path: "/api/v1/me", need: .user),
        .init(method: "GET", path: "/api/v1/organizations", need: .user, note: "the user's own memberships"),
        .init(method: "POST", path: "/api/v1/organizations", need: .user, note: "the caller becomes the new organization's owner"),
        .init(method: "PATCH", path: "/api/v1/organizations/{id}", need: .permission(.organizationManage), order: .lookupFirst,
              note: "only the active organization; another id is `404` before the permission check"),
        .init(method: "GET", path: "/api/v1/members", need: .permission(.membersRead)),
        .init(method: "PATCH", path: "/api/v1/members/{userId}", need: .permission(.membersManage),
              note: "only an owner grants the owner role or changes an owner (`member.owner_only`); one owner always remains"),
        .init(method: "DELETE", path: "/api/v1/members/{userId}", need: .permission(.membersManage),
              note: "any member may remove themselves; only an owner removes an owner; one owner always remains"),
        .init(method: "GET", path: "/api/v1/invitations", need: .permission(.membersManage)),
        .init(method: "POST", path: "/api/v1/invitations", need: .permission(.membersManage),
              note: "only an owner invites an owner (`member.owner_only`)"),
        .init(method: "POST", path: "/api/v1/invitations/accept", need: .user, note: "the invitation's e-mail must be the user's"),
        .init(method: "DELETE", path: "/api/v1/invitations/{id}", need: .permission(.membersManage)),
        .init(method: "GET", path: "/api/v1/api-keys", need: .permission(.apiKeysManage)),
        .init(method: "POST", path: "/api/v1/api-keys", need: .permission(.apiKeysManage)),
        .init(method: "DELETE", path: "/api/v1/api-keys/{id}", need: .permission(.apiKeysManage)),
    ]

    /// The five routes of each record resource (``RecordRoutes``, ``RecordService``): reading needs `recordsRead`,
    /// writing the entity's own write permission.
    static func resource<E: SyncedEntity>(_ entity: E.Type, _ path: String) -> [RouteAccess] {
        let base = "/api/v1/\(path)"
        return [
            .init(method: "GET", path: base, need: .permission(.recordsRead)),
            .init(method: "POST", path: base, need: .permission(E.writePermission)),
            .init(method: "GET", path: "\(base)/{id}", need: .permission(.recordsRead)),
            .init(method: "PATCH", path: "\(base)/{id}", need: .permission(E.writePermission)),
            .init(method: "DELETE", path: "\(base)/{id}", need: .permission(E.writePermission)),
        ]
    }

    static let records: [RouteAccess] = resource(Farm.self, "farms") + resource(Lot.self, "lots") + resource(Grading.self, "gradings")
        + resource(CuppingSession.self, "cupping-sessions") + resource(CuppingScore.self, "cupping-scores")
        + resource(RoastBatch.self, "roast-batches")

    static let quality: [RouteAccess] = [
        .init(method: "GET", path: "/api/v1/lots/{id}/genealogy", need: .permission(.recordsRead)),
        .init(method: "GET", path: "/api/v1/cupping-sessions/{id}/results", need: .permission(.recordsRead),
              note: "cuppers' names only with `membersRead`"),
        .init(method: "GET", path: "/api/v1/cuppers/{id}/calibration", need: .permission(.recordsRead),
              note: "the cupper's name only with `membersRead`"),
        .init(method: "POST", path: "/api/v1/roast-batches/import", need: .permission(RoastBatch.writePermission),
              note: "checked before the upload is read"),
    ]

    static let exchange: [RouteAccess] = [
        .init(method: "POST", path: "/api/v1/import/cqi", need: .allOf([.farmsWrite, .lotsWrite, .gradingsWrite, .cuppingWrite]),
              note: "every record write the import makes"),
        .init(method: "GET", path: "/api/v1/export/lots.csv", need: .permission(.recordsRead)),
        .init(method: "GET", path: "/api/v1/export/backup", need: .owner, note: "the full JSON backup: owners only"),
    ]

    static let passports: [RouteAccess] = [
        .init(method: "POST", path: "/api/v1/lots/{id}/passport", need: .permission(.dataExport)),
        .init(method: "GET", path: "/api/v1/lots/{id}/passport", need: .permission(.recordsRead)),
        .init(method: "DELETE", path: "/api/v1/lots/{id}/passport", need: .permission(.dataExport)),
    ]

    static let sync: [RouteAccess] = [
        .init(method: "POST", path: "/api/v1/sync/push", need: .anyCaller,
              note: "each mutation needs its record's write permission; one refused is answered `rejected` in the `200`"),
        .init(method: "GET", path: "/api/v1/sync/pull", need: .permission(.recordsRead)),
        .init(method: "GET", path: "/api/v1/sync/conflicts", need: .permission(.recordsRead),
              note: "members' names only with `membersRead`"),
        .init(method: "POST", path: "/api/v1/sync/conflicts/{id}/resolve", need: .recordWrite, order: .lookupFirst,
              note: "the write permission of the conflict's record (`farmsWrite` for a farm…), checked after the lookup"),
    ]

    static let calculators: [RouteAccess] = [
        .init(method: "GET", path: "/api/v1/calc/catalogue", need: .permission(.recordsRead)),
        .init(method: "POST", path: "/api/v1/calc/cupping", need: .permission(.recordsRead)),
        .init(method: "POST", path: "/api/v1/calc/grading", need: .permission(.recordsRead)),
        .init(method: "POST", path: "/api/v1/calc/roast", need: .permission(.recordsRead)),
    ]

    /// The entry for `METHOD /path`.
    static func entry(_ operation: String) -> RouteAccess? { all.first { $0.operation == operation } }
}
