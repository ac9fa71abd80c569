import Foundation
import Hummingbird
import KafaeDomain

/// `/api/v1/me`, `/organizations`, `/members`, `/invitations`, `/api-keys`.
struct AccountRoutes {
    let services: AppServices
    var members: MemberService { services.members }
    var apiKeys: ApiKeyService { services.apiKeys }

    func register(on api: RouterGroup<KafaeContext>) {
        api.get("me", use: me)
        api.get("organizations", use: organizations)
        api.post("organizations", use: createOrganization)
        api.patch("organizations/:id", use: renameOrganization)
        api.get("members", use: listMembers)
        api.patch("members/:userId", use: changeRole)
        api.delete("members/:userId", use: removeMember)
        api.get("invitations", use: invitations)
        api.post("invitations", use: invite)
        api.post("invitations/accept", use: acceptInvitation)
        api.delete("invitations/:id", use: revokeInvitation)
        api.get("api-keys", use: listApiKeys)
        api.post("api-keys", use: createApiKey)
        api.delete("api-keys/:id", use: revokeApiKey)
    }

    @Sendable func me(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(try await members.me(try context.principal()))
    }

    @Sendable func organizations(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(["items": try await members.organizations(try context.principal())])
    }

    @Sendable func createOrganization(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try await members.createOrganization(p, body: try await services.body(request)), status: .created)
    }

    @Sendable func renameOrganization(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let id = try context.parameters.uuid("id")
        return try JSONBody.response(try await members.renameOrganization(p, id: id, body: try await services.body(request)))
    }

    @Sendable func listMembers(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(["items": try await members.members(try context.principal())])
    }

    @Sendable func changeRole(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        let id = try context.parameters.uuid("userId")
        return try JSONBody.response(try await members.changeRole(p, userId: id, body: try await services.body(request)))
    }

    @Sendable func removeMember(_ request: Request, context: KafaeContext) async throws -> Response {
        try await members.remove(try context.principal(), userId: try context.parameters.uuid("userId"))
        return .noContent()
    }

    @Sendable func invitations(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(["items": try await members.invitations(try context.principal())])
    }

    @Sendable func invite(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try await members.invite(p, body: try await services.body(request)), status: .created)
    }

    @Sendable func acceptInvitation(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try await members.accept(p, body: try await services.body(request)))
    }

    @Sendable func revokeInvitation(_ request: Request, context: KafaeContext) async throws -> Response {
        try await members.revokeInvitation(try context.principal(), id: try context.parameters.uuid("id"))
        return .noContent()
    }

    @Sendable func listApiKeys(_ request: Request, context: KafaeContext) async throws -> Response {
        try JSONBody.response(["items": try await apiKeys.list(try context.principal())])
    }

    @Sendable func createApiKey(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try await apiKeys.create(p, body: try await services.body(request)), status: .created)
    }

    @Sendable func revokeApiKey(_ request: Request, context: KafaeContext) async throws -> Response {
        try await apiKeys.revoke(try context.principal(), id: try context.parameters.uuid("id"))
        return .noContent()
    }
}
