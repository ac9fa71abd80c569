import Foundation
import Hummingbird
import KafaeDomain
import KafaeStore
import NIOCore

/// Imports and exports: CQI review CSV in, lots CSV out (UTF-8 with BOM for Excel), the owner's full JSON backup.
struct ExchangeRoutes {
    let services: AppServices
    static let maxImportBytes = 32 << 20

    func register(on api: RouterGroup<KafaeContext>) {
        api.post("import/cqi", use: importCQI)
        api.get("export/lots.csv", use: exportLots)
        api.get("export/backup", use: exportBackup)
    }

    @Sendable func importCQI(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        for permission in [Permission.lotsWrite, .gradingsWrite, .cuppingWrite, .farmsWrite] { try p.require(permission) }
        let data = try await JSONBody.bytes(request, maxBytes: Self.maxImportBytes)
        guard !data.isEmpty else { throw KafaeError("request.body_required") }
        let text = String(decoding: data, as: UTF8.self)
        let report = try await CQIImporter.run(services.db, csv: text, organizationId: p.organizationId, actor: p.actor)
        return try JSONBody.response(Self.render(report, language: request.headers[.acceptLanguage]))
    }

    @Sendable func exportLots(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        try p.require(.recordsRead)
        let csv = try await LotExport.csv(services.db, organizationId: p.organizationId)
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"kafae-lots.csv\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: Array("\u{FEFF}".utf8) + Array(csv.utf8))))
    }

    @Sendable func exportBackup(_ request: Request, context: KafaeContext) async throws -> Response {
        let p = try context.principal()
        guard p.role == .owner else {
            if let role = p.role { throw KafaeError("auth.forbidden", params: ["role": role.rawValue]) }
            throw KafaeError("auth.api_key_forbidden")
        }
        let backup = try await Backup.export(services.db, organizationId: p.organizationId)
        return try JSONBody.response(backup, headers: [.contentDisposition: "attachment; filename=\"kafae-backup.json\""])
    }

    static func render(_ r: ImportReport, language: String?) -> JSONValue {
        let lang = Language.negotiate(language)
        return .object([
            "imported": .number(Double(r.imported)), "skipped": .number(Double(r.skipped)),
            "errors": .array(r.errors.map { e in
                .object(["line": .number(Double(e.line)), "code": .string(e.code), "message": .string(lang == .th ? e.messageTh : e.messageEn),
                         "messageTh": .string(e.messageTh), "messageEn": .string(e.messageEn)])
            }),
        ])
    }
}

