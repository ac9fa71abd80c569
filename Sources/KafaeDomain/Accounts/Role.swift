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

/// One thing a caller may be allowed to do. Every route and every sync mutation names the permission it needs.
public enum Permission: String, Sendable, CaseIterable, Codable {
    /// Read farms, lots, gradings, cupping sessions, roasts and photos.
    case recordsRead
    case farmsWrite
    case lotsWrite
    case gradingsWrite
    case cuppingWrite
    case roastsWrite
    case photosWrite
    /// See the organization's members.
    case membersRead
    /// Invite, change roles of and remove members.
    case membersManage
    /// Create, list and revoke API keys.
    case apiKeysManage
    /// Export everything, publish quality passports.
    case dataExport
    /// Rename the organization.
    case organizationManage

    /// Permissions that write records, which a read-write API key is given.
    public static let recordWrites: Set<Permission> = [.farmsWrite, .lotsWrite, .gradingsWrite, .cuppingWrite, .roastsWrite, .photosWrite]
}

/// What an API key may do: read, or read and write records. Keys never manage members, keys or the organization.
public enum ApiKeyScope: String, Sendable, CaseIterable, Codable {
    case read
    case readWrite

    public var permissions: Set<Permission> {
        switch self {
        case .read: [.recordsRead]
        case .readWrite: Permission.recordWrites.union([.recordsRead])
        }
    }
}
