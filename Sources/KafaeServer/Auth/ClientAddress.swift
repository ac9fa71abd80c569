import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The address a request comes from, for per-address limits.
public enum ClientAddress {
    /// The client's address: the socket's peer, or behind `trustedHops` proxies the `X-Forwarded-For` entry the
    /// outermost trusted proxy appended, the `trustedHops`-th from the right. Entries to its left are written by the
    /// client and never trusted. A header with fewer entries than there are proxies did not pass through all of them
    /// (or was cut short), so it is ignored, as is an entry that is not an IP address: the peer's address is used.
    ///
    /// `forwardedFor` holds every `X-Forwarded-For` field line, in order (proxies may append a new line).
    public static func resolve(forwardedFor: [String], socketAddress: String?, trustedHops: Int) -> String {
        let peer = socketAddress.map(normalize) ?? "unknown"
        guard trustedHops > 0 else { return peer }
        let entries = forwardedFor.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard entries.count >= trustedHops else { return peer }
        let entry = entries[entries.count - trustedHops]
        guard isIPAddress(entry) else { return peer }
        return normalize(entry)
    }

    /// The key an address is limited under: an IPv4 address as is, an IPv6 address by its /64 (one subscriber's
    /// prefix: rotating within it must not give fresh buckets).
    public static func rateKey(_ address: String) -> String {
        var in6 = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &in6) == 1 else { return address }
        let bytes = withUnsafeBytes(of: &in6) { Array($0) }
        // An IPv4-mapped address (::ffff:a.b.c.d) is its IPv4 address.
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(format: "%x", Int(bytes[$0]) << 8 | Int(bytes[$0 + 1])) }
        return groups.joined(separator: ":") + "::/64"
    }

    static func isIPAddress(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 64 else { return false }
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, s, &v4) == 1 || inet_pton(AF_INET6, s, &v6) == 1
    }

    static func normalize(_ s: String) -> String { s.lowercased() }
}
