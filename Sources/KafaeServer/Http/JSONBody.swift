import Foundation
import Hummingbird
import KafaeDomain
import NIOCore

/// Reading JSON requests and writing JSON responses, with the errors of DESIGN §8 for bad input.
enum JSONBody {
    /// Reads the body as a JSON object. Empty, malformed, non-object or oversized bodies are 4xx errors.
    static func object(_ request: Request, maxBytes: Int) async throws -> [String: JSONValue] {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw KafaeError("request.body_too_large", params: ["max": String(maxBytes)])
        }
        guard buffer.readableBytes > 0 else { throw KafaeError("request.body_required") }
        if let type = request.headers[.contentType], !type.lowercased().contains("json") {
            throw KafaeError("request.unsupported_media_type")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Data(buffer.readableBytesView))
        } catch {
            throw KafaeError("request.malformed_json")
        }
        guard case .object(let object) = value else { throw KafaeError("request.not_object") }
        return object
    }

    /// The raw body (a file upload), refused past `maxBytes`.
    static func bytes(_ request: Request, maxBytes: Int) async throws -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maxBytes)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw KafaeError("request.body_too_large", params: ["max": String(maxBytes)])
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try encoder.encode(value)
        var h = headers
        h[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
