import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore
import NIOCore

/// Imports and exports: CQI review CSV in, lots CSV out (UTF-8 with BOM for Excel), the owner's full JSON backup.
struct ExchangeRoutes {
    let services: AppServices
    var exchange: ExchangeService { services.exchange }
    static let maxImportBytes = 32 << 20

    func register(on api: RouterGroup<KafaeContext>) {
        api.post("import/cqi", use: importCQI)
        api.get("export/lots.csv", use: exportLots)
        api.get("export/backup", use: exportBackup)
    }

    @Sendable func importCQI(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        try exchange.checkMayImport(p)
        let data = try await JSONBody.bytes(request, maxBytes: Self.maxImportBytes)
        guard !data.isEmpty else { throw KafaeError("request.body_required") }
        let report = try await exchange.importCQI(p, csv: String(decoding: data, as: UTF8.self))
        return try JSONBody.response(Self.render(report, language: request.headers[.acceptLanguage]))
    }

    @Sendable func exportLots(_ request: Request, context: KafaeContext) async throws -> Response {
        let csv = try await exchange.lotsCSV(try context.principal())
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"kafae-lots.csv\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: Array("\u{FEFF}".utf8) + Array(csv.utf8))))
    }

    @Sendable func exportBackup(_ request: Request, context: KafaeContext) async throws -> Response {
        let backup = try await exchange.backup(try context.principal())
        return try JSONBody.response(backup, headers: [.contentDisposition: "attachment; filename=\"kafae-backup.json\""])
    }

    static func render(_ r: ImportReport, language: String?) -> JSONValue {
        let lang = Language.negotiate(language)
        return .object([
            "imported": .number(Double(r.imported)), "skipped": .number(Double(r.skipped)),
            "errors": .array(r.errors.map { e in
                guard case .object(var o) = e.payload(language: lang).json else { return .null }
                o["line"] = .number(Double(e.line))
                return .object(o)
            }),
        ])
    }
}

