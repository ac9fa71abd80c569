/// What a password must be: at least 8 characters, and at most 72 bytes in UTF-8 (bcrypt reads no further, so a
/// longer one would silently match its first 72 bytes). Sign-up, invitations and the administrator's reset all use it.
public enum PasswordPolicy {
    public static let minCharacters = 8
    public static let maxBytes = 72

    /// The issue with `password`, reported under `field`; nil when it is acceptable.
    public static func issue(_ password: String, field: String) -> FieldIssue? {
        if password.count < minCharacters { return .tooShort(field, min: minCharacters) }
        if password.utf8.count > maxBytes { return .tooLong(field, max: maxBytes) }
        return nil
    }
}
