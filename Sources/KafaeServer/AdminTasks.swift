import Foundation
import HummingbirdBcrypt
import KafaeDomain
import KafaeStore

/// Operations for the `kafae` command line, run by whoever looks after the machine.
public enum AdminTasks {
    /// Sets a user's password and revokes all their sign-ins. Returns false when no user has that e-mail.
    public static func resetPassword(db: any Database, email: String, password: String, cost: UInt8) async throws -> Bool {
        if let issue = PasswordPolicy.issue(password, field: "password") { throw KafaeError.validation([issue]) }
        let hash = Bcrypt.hash(password, cost: cost)
        let now = Clock.nowMs()
        return try await db.write { sql in
            guard let user = try await AccountRepository.user(sql, email: email) else { return false }
            // Also ends every sign-in: refresh tokens revoked, access tokens issued before now refused.
            try await AccountRepository.setPassword(sql, userId: user.id, passwordHash: hash, now: now)
            return true
        }
    }
}
