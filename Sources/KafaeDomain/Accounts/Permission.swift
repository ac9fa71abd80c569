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
