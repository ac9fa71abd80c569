/// A member's role in one organization. The permission matrix is written out in `docs/permissions.md`.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case owner, manager, cupper, field, viewer

    /// Higher ranks may manage lower ones (owner 4 … viewer 0).
    public var rank: Int {
        switch self {
        case .owner: 4
        case .manager: 3
        case .cupper, .field: 1
        case .viewer: 0
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }

    /// What this role may do.
    public var permissions: Set<Permission> {
        switch self {
        case .owner:
            Set(Permission.allCases)
        case .manager:
            Set(Permission.allCases).subtracting([.organizationManage])
        case .cupper:
            [.recordsRead, .cuppingWrite, .gradingsWrite, .roastsWrite, .photosWrite, .membersRead]
        case .field:
            [.recordsRead, .farmsWrite, .lotsWrite, .gradingsWrite, .photosWrite, .membersRead]
        case .viewer:
            [.recordsRead, .membersRead]
        }
    }

    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }
}
