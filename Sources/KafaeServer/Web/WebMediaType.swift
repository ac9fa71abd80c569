/// How the server answers for one kind of PWA file, chosen by its extension.
///
/// The list is closed on purpose: only the kinds a PWA without a build step is made of are loaded, so a stray
/// `.map`, `.md` or editor backup file in `web/` is never published, and every file served has a `Content-Type` that
/// `X-Content-Type-Options: nosniff` lets the browser trust.
struct WebMediaType: Sendable, Equatable {
    /// The `Content-Type` header; text types name UTF-8, which is what the PWA's Thai strings are written in.
    let contentType: String
    /// Text-like content that gzip shrinks; PNG, ICO and WOFF2 are compressed already and are sent as they are.
    let compressible: Bool

    /// HTML gets the page-level security headers (CSP, Referrer-Policy).
    var isHTML: Bool { contentType.hasPrefix("text/html") }

    /// The type for a file extension (lower case, without the dot), or nil when such files are not served.
    static func forExtension(_ ext: String) -> WebMediaType? {
        switch ext {
        case "html": .init(contentType: "text/html; charset=utf-8", compressible: true)
        case "js", "mjs": .init(contentType: "text/javascript; charset=utf-8", compressible: true)
        case "css": .init(contentType: "text/css; charset=utf-8", compressible: true)
        case "json": .init(contentType: "application/json", compressible: true)
        case "webmanifest": .init(contentType: "application/manifest+json", compressible: true)
        case "svg": .init(contentType: "image/svg+xml", compressible: true)
        case "txt": .init(contentType: "text/plain; charset=utf-8", compressible: true)
        case "png": .init(contentType: "image/png", compressible: false)
        case "ico": .init(contentType: "image/x-icon", compressible: false)
        case "woff2": .init(contentType: "font/woff2", compressible: false)
        default: nil
        }
    }
}
