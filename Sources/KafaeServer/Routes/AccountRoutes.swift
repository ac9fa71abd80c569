import Foundation
import Hummingbird
import KafaeDomain

/// `/api/v1/me`, `/organizations`, `/members`, `/invitations`, `/api-keys`.
struct AccountRoutes {
    let h: Handlers

    func register(on api: RouterGroup<KafaeContext>) {
        api.get("me") { request, _ in
            try JSONBody.response(try await h.members.me(try await h.principal(request)))
        }

        api.get("organizations") { request, _ in
            try JSONBody.response(["items": try await h.members.organizations(try await h.principal(request))])
        }
        api.post("organizations") { request, _ in
            let p = try await h.principal(request)
            return try JSONBody.response(try await h.members.createOrganization(p, body: try await h.body(request)), status: .created)
        }
        api.patch("organizations/:id") { request, context in
            let p = try await h.principal(request)
            let id = try context.parameters.uuid("id")
            return try JSONBody.response(try await h.members.renameOrganization(p, id: id, body: try await h.body(request)))
        }

        api.get("members") { request, _ in
            try JSONBody.response(["items": try await h.members.members(try await h.principal(request))])
        }
        api.patch("members/:userId") { request, context in
            let p = try await h.principal(request)
            let id = try context.parameters.uuid("userId")
            return try JSONBody.response(try await h.members.changeRole(p, userId: id, body: try await h.body(request)))
        }
        api.delete("members/:userId") { request, context in
            let p = try await h.principal(request)
            try await h.members.remove(p, userId: try context.parameters.uuid("userId"))
            return Handlers.noContent()
        }

        api.get("invitations") { request, _ in
            try JSONBody.response(["items": try await h.members.invitations(try await h.principal(request))])
        }
        api.post("invitations") { request, _ in
            let p = try await h.principal(request)
            return try JSONBody.response(try await h.members.invite(p, body: try await h.body(request)), status: .created)
        }
        api.post("invitations/accept") { request, _ in
            let p = try await h.principal(request)
            return try JSONBody.response(try await h.members.accept(p, body: try await h.body(request)))
        }
        api.delete("invitations/:id") { request, context in
            let p = try await h.principal(request)
            try await h.members.revokeInvitation(p, id: try context.parameters.uuid("id"))
            return Handlers.noContent()
        }

        api.get("api-keys") { request, _ in
            try JSONBody.response(["items": try await h.apiKeys.list(try await h.principal(request))])
        }
        api.post("api-keys") { request, _ in
            let p = try await h.principal(request)
            return try JSONBody.response(try await h.apiKeys.create(p, body: try await h.body(request)), status: .created)
        }
        api.delete("api-keys/:id") { request, context in
            let p = try await h.principal(request)
            try await h.apiKeys.revoke(p, id: try context.parameters.uuid("id"))
            return Handlers.noContent()
        }
    }
}
