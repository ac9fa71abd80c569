import Foundation
import KafaeDomain
import KafaeStore

/// Quality passports: an owner publishes a lot's chosen facts at a public, revocable address.
struct PassportService: Sendable {
    let db: any Database

    func view(_ row: PassportRow, baseURL: String) -> JSONValue {
        .object(["lotId": .string(row.lotId.text), "token": .string(row.token), "url": .string("\(baseURL)/p/\(row.token)"),
                 "qrUrl": .string("\(baseURL)/p/\(row.token)/qr.svg"), "sections": .array(row.sections.map(JSONValue.string)),
                 "createdAt": .string(Clock.iso(ms: row.createdAt))])
    }

    func publish(_ p: Caller, lotId: UUID, body: [String: JSONValue], baseURL: String) async throws -> JSONValue {
        try p.require(.dataExport)
        var r = FieldReader(body, allowed: ["sections"])
        var sections = PassportSection.allCases.map(\.rawValue)
        if let raw = body["sections"], !raw.isNull {
            if let list = raw.arrayValue, list.allSatisfy({ $0.stringValue.flatMap(PassportSection.init(rawValue:)) != nil }) {
                sections = PassportSection.allCases.map(\.rawValue).filter { s in list.contains(.string(s)) }
            } else {
                r.add(.oneOf("sections", PassportSection.allCases.map(\.rawValue)))
            }
        }
        try r.finish()
        let row = PassportRow(id: UUID(), organizationId: p.organizationId, lotId: lotId, token: Secrets.randomToken(bytes: 24),
                              sections: sections, createdAt: Clock.nowMs())
        try await db.write { sql in
            guard try await RecordRepository.find(Lot.self, sql, organizationId: p.organizationId, id: lotId) != nil else {
                throw KafaeError("lot.not_found")
            }
            try await PassportRepository.publish(sql, row, actor: p.actor, now: row.createdAt)
        }
        return view(row, baseURL: baseURL)
    }

    func current(_ p: Caller, lotId: UUID, baseURL: String) async throws -> JSONValue {
        try p.require(.recordsRead)
        guard let row = try await db.read({ sql in
            try await PassportRepository.current(sql, organizationId: p.organizationId, lotId: lotId)
        }) else { throw KafaeError("passport.not_found") }
        return view(row, baseURL: baseURL)
    }

    func revoke(_ p: Caller, lotId: UUID) async throws {
        try p.require(.dataExport)
        let now = Clock.nowMs()
        let ok = try await db.write { sql in
            try await PassportRepository.revoke(sql, organizationId: p.organizationId, lotId: lotId, actor: p.actor, now: now)
        }
        if !ok { throw KafaeError("passport.not_found") }
    }

    /// The QR code of a passport link as SVG. A link longer than the largest QR code Kafae draws (a very long Host
    /// name) is a clear 400, never a 500.
    static func qrSVG(_ url: String) throws -> String {
        do {
            return try QRCode.encode(url).svg()
        } catch QRCode.EncodeError.tooLong(let bytes, let max) {
            throw KafaeError("passport.link_too_long", params: ["bytes": String(bytes), "max": String(max)])
        }
    }

    /// The published passport and its facts, or nil when the token is unknown or revoked.
    func page(token: String) async throws -> (PassportRow, PassportFacts)? {
        guard token.count <= 64, token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        return try await db.read { sql -> (PassportRow, PassportFacts)? in
            guard let row = try await PassportRepository.byToken(sql, token: token),
                  let lot = try await RecordRepository.find(Lot.self, sql, organizationId: row.organizationId, id: row.lotId) else { return nil }
            return (row, try await PassportRepository.facts(sql, lot))
        }
    }
}
