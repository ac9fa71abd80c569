import Foundation
import Hummingbird
import KafaeDomain

/// `/api/v1/me`, `/organizations`, `/members`, `/invitations`, `/api-keys`.
struct AccountRoutes {
    let h: Handlers

    func register(on api: RouterGroup<KafaeContext>) {
        api.get("me") { request, context in
            try JSONBody.response(try await h.members.me(try context.principal()))
        }

        api.get("organizations") { request, context in
            try JSONBody.response(["items": try await h.members.organizations(try context.principal())])
        }
        api.post("organizations") { request, context in
            let p = try context.principal()
            return try JSONBody.response(try await h.members.createOrganization(p, body: try await h.body(request)), status: .created)
        }
        api.patch("organizations/:id") { request, context in
            let p = try context.principal()
            let id = try context.parameters.uuid("id")
            return try JSONBody.response(try await h.members.renameOrganization(p, id: id, body: try await h.body(request)))
        }

        api.get("members") { request, context in
            try JSONBody.response(["items": try await h.members.members(try context.principal())])
        }
        api.patch("members/:userId") { request, context in
            let p = try context.principal()
            let id = try context.parameters.uuid("userId")
            return try JSONBody.response(try await h.members.changeRole(p, userId: id, body: try await h.body(request)))
        }
        api.delete("members/:userId") { request, context in
            let p = try context.principal()
            try await h.members.remove(p, userId: try context.parameters.uuid("userId"))
            return Handlers.noContent()
        }

        api.get("invitations") { request, context in
            try JSONBody.response(["items": try await h.members.invitations(try context.principal())])
        }
        api.post("invitations") { request, context in
            let p = try context.principal()
            return try JSONBody.response(try await h.members.invite(p, body: try await h.body(request)), status: .created)
        }
        api.post("invitations/accept") { request, context in
            let p = try context.principal()
            return try JSONBody.response(try await h.members.accept(p, body: try await h.body(request)))
        }
        api.delete("invitations/:id") { request, context in
            let p = try context.principal()
            try await h.members.revokeInvitation(p, id: try context.parameters.uuid("id"))
            return Handlers.noContent()
        }

        api.get("api-keys") { request, context in
            try JSONBody.response(["items": try await h.apiKeys.list(try context.principal())])
        }
        api.post("api-keys") { request, context in
            let p = try context.principal()
            return try JSONBody.response(try await h.apiKeys.create(p, body: try await h.body(request)), status: .created)
        }
        api.delete("api-keys/:id") { request, context in
            let p = try context.principal()
            try await h.apiKeys.revoke(p, id: try context.parameters.uuid("id"))
            return Handlers.noContent()
        }
    }
}
