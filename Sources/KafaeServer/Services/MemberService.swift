import Foundation
import KafaeDomain
import KafaeStore

/// Organizations and their members: who belongs, with which role, and invitations to join.
///
/// Rules: owners and managers manage members; only an owner grants, changes or removes the owner role; an
/// organization always keeps an owner.
///
/// The last-owner rule reads (how many owners?) and then writes, so every role change and removal first locks the
/// organization (``AccountRepository/lockOrganization(_:id:)``): two owners demoting or removing each other at the
/// same moment are serialized, and the second sees the first's change and gets `member.last_owner`. As on every
/// route, the caller's own role is the one read when the request began.
final class MemberService: Sendable {
    let db: any Database
    let config: ServerConfig

    init(db: any Database, config: ServerConfig) {
        self.db = db
        self.config = config
    }

    func me(_ p: Caller) async throws -> MeView {
        let userId = try p.requireUser()
        let (user, memberships) = try await db.read { sql in
            (try await AccountRepository.user(sql, id: userId), try await AccountRepository.memberships(sql, userId: userId))
        }
        guard let user, let active = memberships.first(where: { $0.organization.id == p.organizationId }) else {
            throw KafaeError("auth.token_invalid")
        }
        return MeView(user: UserView(user), organization: OrganizationView(active), role: active.role.rawValue,
                      permissions: active.role.permissions.map(\.rawValue).sorted(), organizations: memberships.map(OrganizationView.init))
    }

    func organizations(_ p: Caller) async throws -> [OrganizationView] {
        let userId = try p.requireUser()
        return try await db.read { sql in try await AccountRepository.memberships(sql, userId: userId) }.map(OrganizationView.init)
    }

    /// Creates another organization with the caller as its owner.
    func createOrganization(_ p: Caller, body: [String: JSONValue]) async throws -> OrganizationView {
        let userId = try p.requireUser()
        var r = FieldReader(body, allowed: ["name"])
        let name = r.string("name", required: true, max: 200).value
        try r.finish()
        let now = Clock.nowMs()
        let orgId = UUID()
        let m = try await db.write { sql -> MembershipRow? in
            try await AccountRepository.insertOrganization(sql, id: orgId, name: name!, now: now)
            try await AccountRepository.insertMembership(sql, organizationId: orgId, userId: userId, role: .owner, now: now)
            try await AuditRepository.write(sql, organizationId: orgId, actor: p.actor, action: "organization.create",
                                            entity: nil, entityId: nil, changes: nil, now: now)
            return try await AccountRepository.membership(sql, organizationId: orgId, userId: userId)
        }
        guard let m else { throw KafaeError("internal.error") }
        return OrganizationView(m)
    }

    /// Renames the caller's active organization.
    func renameOrganization(_ p: Caller, id: UUID, body: [String: JSONValue]) async throws -> OrganizationView {
        guard id == p.organizationId else { throw KafaeError("organization.not_found") }
        try p.require(.organizationManage)
        let userId = try p.requireUser()
        var r = FieldReader(body, allowed: ["name"])
        let name = r.string("name", required: true, max: 200).value
        try r.finish()
        let now = Clock.nowMs()
        let m = try await db.write { sql -> MembershipRow? in
            try await AccountRepository.renameOrganization(sql, id: id, name: name!)
            try await AuditRepository.write(sql, organizationId: id, actor: p.actor, action: "organization.rename",
                                            entity: nil, entityId: nil, changes: .object(["name": .string(name!)]), now: now)
            return try await AccountRepository.membership(sql, organizationId: id, userId: userId)
        }
        guard let m else { throw KafaeError("organization.not_found") }
        return OrganizationView(m)
    }

    func members(_ p: Caller) async throws -> [MemberView] {
        try p.require(.membersRead)
        return try await db.read { sql in try await AccountRepository.members(sql, organizationId: p.organizationId) }
            .map(MemberView.init)
    }

    func changeRole(_ p: Caller, userId: UUID, body: [String: JSONValue]) async throws -> MemberView {
        try p.require(.membersManage)
        var r = FieldReader(body, allowed: ["role"])
        let role = r.choice("role", Role.self, required: true).value
        try r.finish()
        guard let role else { throw KafaeError.validation(r.issues) }
        let now = Clock.nowMs()
        let org = p.organizationId
        let member = try await db.write { sql -> MemberRow in
            try await AccountRepository.lockOrganization(sql, id: org)
            guard let current = try await AccountRepository.membership(sql, organizationId: org, userId: userId) else {
                throw KafaeError("member.not_found")
            }
            if (current.role == .owner || role == .owner) && p.role != .owner { throw KafaeError("member.owner_only") }
            if current.role == .owner && role != .owner,
               try await AccountRepository.ownerCount(sql, organizationId: org) <= 1 {
                throw KafaeError("member.last_owner")
            }
            try await AccountRepository.setRole(sql, organizationId: org, userId: userId, role: role)
            try await AuditRepository.write(sql, organizationId: org, actor: p.actor, action: "member.role", entity: "member",
                                            entityId: userId, changes: .object(["from": .string(current.role.rawValue),
                                                                                "to": .string(role.rawValue)]), now: now)
            guard let m = try await AccountRepository.members(sql, organizationId: org).first(where: { $0.userId == userId }) else {
                throw KafaeError("member.not_found")
            }
            return m
        }
        return MemberView(member)
    }

    /// Removes a member and revokes their sign-ins to this organization. Members may also leave on their own.
    func remove(_ p: Caller, userId: UUID) async throws {
        if p.userId != userId { try p.require(.membersManage) }
        let now = Clock.nowMs()
        let org = p.organizationId
        try await db.write { sql in
            try await AccountRepository.lockOrganization(sql, id: org)
            guard let current = try await AccountRepository.membership(sql, organizationId: org, userId: userId) else {
                throw KafaeError("member.not_found")
            }
            if current.role == .owner {
                if p.role != .owner { throw KafaeError("member.owner_only") }
                if try await AccountRepository.ownerCount(sql, organizationId: org) <= 1 { throw KafaeError("member.last_owner") }
            }
            try await AccountRepository.deleteMembership(sql, organizationId: org, userId: userId)
            try await RefreshTokenRepository.revokeUser(sql, userId: userId, organizationId: org, now: now)
            try await AuditRepository.write(sql, organizationId: org, actor: p.actor, action: "member.remove", entity: "member",
                                            entityId: userId, changes: nil, now: now)
        }
    }

    // MARK: invitations

    func invite(_ p: Caller, body: [String: JSONValue]) async throws -> InvitationView {
        try p.require(.membersManage)
        let inviter = try p.requireUser()
        var r = FieldReader(body, allowed: ["email", "role"])
        let email = r.email("email")
        let role = r.choice("role", Role.self, required: true).value
        try r.finish()
        guard let email, let role else { throw KafaeError.validation(r.issues) }
        if role == .owner && p.role != .owner { throw KafaeError("member.owner_only") }
        let token = Secrets.randomToken()
        let now = Clock.nowMs()
        let inv = InvitationRow(id: UUID(), organizationId: p.organizationId, email: email, role: role,
                                tokenHash: Secrets.sha256Hex(token), invitedBy: inviter, createdAt: now,
                                expiresAt: now + Int64(config.invitationTTL * 1000), acceptedAt: nil, revokedAt: nil)
        try await db.write { sql in
            if let existing = try await AccountRepository.user(sql, email: email),
               try await AccountRepository.membership(sql, organizationId: p.organizationId, userId: existing.id) != nil {
                throw KafaeError("member.already_member")
            }
            try await InvitationRepository.insert(sql, inv)
            try await AuditRepository.write(sql, organizationId: p.organizationId, actor: p.actor, action: "invitation.create",
                                            entity: "invitation", entityId: inv.id,
                                            changes: .object(["email": .string(email), "role": .string(role.rawValue)]), now: now)
        }
        return InvitationView(inv, token: token)
    }

    func invitations(_ p: Caller) async throws -> [InvitationView] {
        try p.require(.membersManage)
        let now = Clock.nowMs()
        return try await db.read { sql in try await InvitationRepository.listPending(sql, organizationId: p.organizationId, now: now) }
            .map { InvitationView($0) }
    }

    func revokeInvitation(_ p: Caller, id: UUID) async throws {
        try p.require(.membersManage)
        let now = Clock.nowMs()
        let ok = try await db.write { sql in try await InvitationRepository.revoke(sql, organizationId: p.organizationId, id: id, now: now) }
        if !ok { throw KafaeError("invitation.not_found") }
    }

    /// A signed-in user accepts an invitation sent to their e-mail and joins its organization.
    func accept(_ p: Caller, body: [String: JSONValue]) async throws -> OrganizationView {
        let userId = try p.requireUser()
        var r = FieldReader(body, allowed: ["token"])
        let token = r.string("token", required: true, max: 200).value
        try r.finish()
        guard let token else { throw KafaeError.validation(r.issues) }
        let now = Clock.nowMs()
        let m = try await db.write { sql -> MembershipRow? in
            guard let inv = try await InvitationRepository.pending(sql, tokenHash: Secrets.sha256Hex(token), now: now) else {
                throw KafaeError("invitation.not_found")
            }
            guard let user = try await AccountRepository.user(sql, id: userId) else { throw KafaeError("auth.token_invalid") }
            guard user.email == inv.email else { throw KafaeError("invitation.email_mismatch") }
            if try await AccountRepository.membership(sql, organizationId: inv.organizationId, userId: userId) != nil {
                throw KafaeError("member.already_member")
            }
            try await AccountRepository.insertMembership(sql, organizationId: inv.organizationId, userId: userId, role: inv.role, now: now)
            try await InvitationRepository.markAccepted(sql, id: inv.id, now: now)
            try await AuditRepository.write(sql, organizationId: inv.organizationId, actor: p.actor, action: "member.join",
                                            entity: "member", entityId: userId, changes: nil, now: now)
            return try await AccountRepository.membership(sql, organizationId: inv.organizationId, userId: userId)
        }
        guard let m else { throw KafaeError("internal.error") }
        return OrganizationView(m)
    }
}
