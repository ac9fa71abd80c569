import Foundation
import KafaeDomain

/// Who made a change: a signed-in user or an API key.
public struct ActorRef: Sendable, Equatable {
    public enum Kind: String, Sendable { case user, apiKey }
    public let kind: Kind
    public let id: UUID

    public init(kind: Kind, id: UUID) {
        self.kind = kind
        self.id = id
    }

    /// How the actor is written in `updated_by` / `created_by` (`user:<id>`, `apiKey:<id>`).
    public var text: String { "\(kind.rawValue):\(id.text)" }
}
