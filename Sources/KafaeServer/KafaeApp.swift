import Hummingbird
import KafaeStore
import Logging
import ServiceLifecycle

/// Builds the Kafae application: every service wired explicitly, every route registered here.
public enum KafaeApp {
    /// The router with all routes and middleware, for a given database.
    public static func buildRouter(config: ServerConfig, db: any Database, logger: Logger) async throws -> Router<KafaeContext> {
        let key = try SigningKey.load(config: config, logger: logger)
        let tokens = await TokenService(key: key, accessTTL: config.accessTokenTTL)
        let limiter = RateLimiter()
        let web = try WebAssets.load(directory: config.webDir, logger: logger)
        let services = AppServices(config: config, db: db,
                                   auth: AuthService(db: db, tokens: tokens, config: config, limiter: limiter), web: web)
        let router = Router(context: KafaeContext.self)
        // The PWA's files first, answered from memory; anything else goes on (see WebAssetsMiddleware).
        router.add(middleware: WebAssetsMiddleware(assets: services.web))
        router.add(middleware: RequestMiddleware())
        PublicRoutes(services: services).register(on: router)
        // Everything else under /api/v1 has a caller, established once by the middleware.
        let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(auth: services.auth))
        AuthRoutes(services: services).register(on: api)
        AccountRoutes(services: services).register(on: api)
        QualityRoutes(services: services).register(on: api)
        ExchangeRoutes(services: services).register(on: api)
        PassportRoutes(services: services).register(on: api)
        SyncRoutes(services: services).register(on: api)
        ResourceRoutes(services: services).register(on: api)
        CalculatorRoutes(services: services).register(on: api)
        return router
    }

    /// The whole application. `services` are run alongside the HTTP server (the PostgreSQL pool in production).
    public static func build(config: ServerConfig, db: any Database, logger: Logger,
                             services: [any Service] = []) async throws -> some ApplicationProtocol {
        let router = try await buildRouter(config: config, db: db, logger: logger)
        var services = services
        if config.tombstoneDays > 0 { services.append(TombstoneService(db: db, horizonDays: config.tombstoneDays, logger: logger)) }
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "kafae"),
            services: services,
            logger: logger
        )
        if config.migrateOnStart {
            app.beforeServerStarts {
                let applied = try await Migrator.migrate(db)
                if !applied.isEmpty { logger.notice("applied migrations", metadata: ["versions": .string("\(applied)")]) }
            }
        }
        return app
    }
}

extension KafaeApp {
    /// The routes anyone may call (see ``PublicRoutes``); every other route needs a signed-in caller or an API key.
    public static var publicOperations: Set<String> { PublicRoutes.operations }
}
