import Foundation
import Hummingbird
import KafaeDomain
import NIOCore

/// `/api/v1/calc/*`: stateless calculators, and the forms and standards they use.
struct CalculatorRoutes {
    let services: AppServices
    var calc: CalculatorService { services.calculator }

    func register(on api: RouterGroup<KafaeContext>) {
        api.get("calc/catalogue", use: catalogue)
        api.post("calc/cupping", use: cupping)
        api.post("calc/grading", use: grading)
        api.post("calc/roast", use: roast)
    }

    @Sendable func catalogue(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        try p.require(.recordsRead)
        return try JSONBody.response(CalculatorService.catalogue())
    }

    @Sendable func cupping(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try calc.cupping(p, body: try await services.body(request)))
    }

    @Sendable func grading(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        return try JSONBody.response(try calc.grading(p, body: try await services.body(request)))
    }

    @Sendable func roast(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        try p.require(.recordsRead)
        let data = try await JSONBody.bytes(request, maxBytes: CalculatorService.maxRoastLogBytes)
        return try JSONBody.response(try calc.roast(p, file: data))
    }
}
