import Foundation
import SQLKit

/// Who writes, where and when: handed to every rule of a write.
public struct WriteContext: Sendable {
    public let sql: any SQLDatabase
    public let organizationId: UUID
    public let actor: ActorRef
    public let now: Int64

    public init(sql: any SQLDatabase, organizationId: UUID, actor: ActorRef, now: Int64) {
        self.sql = sql
        self.organizationId = organizationId
        self.actor = actor
        self.now = now
    }
}
