import Foundation
import Hummingbird
import KafaeDomain
import NIOCore

/// `/api/v1/calc/*`: stateless calculators, and the forms and standards they use.
struct CalculatorRoutes {
    let h: Handlers
    let calc = CalculatorService()

    func register(on api: RouterGroup<KafaeContext>) {
        api.get("calc/catalogue") { request, context in
            let p = try context.principal()
            try p.require(.recordsRead)
            return try JSONBody.response(CalculatorService.catalogue())
        }
        api.post("calc/cupping") { request, context in
            let p = try context.principal()
            return try JSONBody.response(try calc.cupping(p, body: try await h.body(request)))
        }
        api.post("calc/grading") { request, context in
            let p = try context.principal()
            return try JSONBody.response(try calc.grading(p, body: try await h.body(request)))
        }
        api.post("calc/roast") { request, context in
            let p = try context.principal()
            let data = try await JSONBody.bytes(request, maxBytes: CalculatorService.maxRoastLogBytes)
            return try JSONBody.response(try calc.roast(p, file: data))
        }
    }
}
