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
