import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore
import KafaeSync

/// Every service of the server, built once by ``KafaeApp/buildRouter(config:db:logger:)`` and shared by all routes:
/// a route holds what it needs and makes nothing per request.
struct AppServices: Sendable {
    let config: ServerConfig
    let db: any Database
    let auth: AuthService
    let members: MemberService
    let apiKeys: ApiKeyService
    let quality: QualityService
    let passports: PassportService
    let sync: SyncService
    let calculator: CalculatorService
    let exchange: ExchangeService
    /// The PWA's files, read from ``ServerConfig/webDir`` at start.
    let web: WebAssets

    init(config: ServerConfig, db: any Database, auth: AuthService, web: WebAssets = .empty) {
        self.config = config
        self.db = db
        self.auth = auth
        self.web = web
        members = MemberService(db: db, config: config)
        apiKeys = ApiKeyService(db: db)
        quality = QualityService(db: db)
        passports = PassportService(db: db)
        sync = SyncService(db: db)
        calculator = CalculatorService()
        exchange = ExchangeService(db: db)
    }

    /// The request's JSON object body, within the configured size limit.
    func body(_ request: Request) async throws -> [String: JSONValue] {
        try await JSONBody.object(request, maxBytes: config.maxBodyBytes)
    }
}
