import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The address passport links are made from when `KAFAE_PUBLIC_URL` is not set: the request's Host header, which
/// the client writes, so it is checked before it goes into a link, a page or a QR code.
enum PublicAddress {
    /// A plain `host[:port]`: a DNS name (labels of letters, digits, `-` or `_`, at most 253 characters), an IPv4
    /// address, or an IPv6 address in brackets; the port 1–65535.
    static func isValidAuthority(_ authority: String) -> Bool {
        guard !authority.isEmpty, authority.utf8.count <= 253 + 6 else { return false }
        let hostPart: Substring
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            let inner = String(authority[authority.index(after: authority.startIndex)..<close])
            var v6 = in6_addr()
            guard inner.utf8.count <= 45, inet_pton(AF_INET6, inner, &v6) == 1 else { return false }
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { return false }
                port = rest.dropFirst()
            }
            hostPart = authority[...close]
        } else {
            if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                port = authority[authority.index(after: colon)...]
            } else {
                hostPart = authority[...]
            }
            guard isHostName(hostPart) else { return false }
        }
        if let port {
            guard (1...5).contains(port.count), port.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let p = Int(port), (1...65535).contains(p) else { return false }
        }
        return true
    }

    static func isHostName(_ host: Substring) -> Bool {
        guard (1...253).contains(host.utf8.count) else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }

    /// The scheme a trusted proxy reports (`X-Forwarded-Proto`), when it is `http` or `https`; `https` otherwise.
    static func forwardedScheme(_ header: String?) -> String {
        let first = header?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return first == "http" ? "http" : "https"
    }
}
