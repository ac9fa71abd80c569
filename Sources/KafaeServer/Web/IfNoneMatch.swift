/// Reads a request's `If-None-Match` (RFC 9110 §13.1.2): does the client already hold the representation whose ETag
/// is `etag`?
///
/// The header is a comma-separated list of entity tags or `*`. The comparison is the weak one the RFC prescribes for
/// this header (a `W/` prefix is ignored), against the tag of the representation that would be sent — the gzip copy
/// and the plain file have different tags, so a cache holding one is never told it holds the other.
enum IfNoneMatch {
    static func matches(_ fieldValues: [String], etag: String) -> Bool {
        for field in fieldValues {
            for member in field.split(separator: ",") {
                var tag = member.drop { $0 == " " || $0 == "\t" }
                while let last = tag.last, last == " " || last == "\t" { tag = tag.dropLast() }
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
                if tag == etag { return true }
            }
        }
        return false
    }
}
