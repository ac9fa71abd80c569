import Foundation

/// A published quality passport: a public token for one lot and the sections its owner chose to show.
public struct PassportRow: Sendable, Equatable {
    public let id: UUID
    public let organizationId: UUID
    public let lotId: UUID
    public let token: String
    public let sections: [String]
    public let createdAt: Int64

    public init(id: UUID, organizationId: UUID, lotId: UUID, token: String, sections: [String], createdAt: Int64) {
        self.id = id
        self.organizationId = organizationId
        self.lotId = lotId
        self.token = token
        self.sections = sections
        self.createdAt = createdAt
    }
}
