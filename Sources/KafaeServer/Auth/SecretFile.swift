import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files holding secrets: never readable by anyone but this user, not even for a moment, and never half-written.
enum SecretFile {
    /// Writes `contents` to `path` unless a file is already there (returns false then).
    ///
    /// The bytes go to a temporary file in the same folder, created by `open(2)` with `O_CREAT | O_EXCL` and mode 0600
    /// (so it is private from its first instant, whatever the umask, and a planted file or link is never followed),
    /// written in full and `fsync`ed; `link(2)` then gives it its name, failing if the name is taken, so two
    /// processes starting together never replace each other's key. Where hard links are not supported, `rename(2)`.
    static func createExclusive(path: String, contents: Data) throws -> Bool {
        let dir = (path as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString.prefix(8)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw ConfigError("cannot create \(temp): \(String(cString: strerror(errno)))") }
        defer { unlink(temp) }
        var ok = true
        contents.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { ok = false; return }
                offset += n
            }
        }
        if ok { ok = fsync(fd) == 0 }
        let closed = close(fd) == 0
        guard ok, closed else { throw ConfigError("cannot write \(temp): \(String(cString: strerror(errno)))") }
        if link(temp, path) == 0 { return true }
        switch errno {
        case EEXIST:
            return false
        case EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK:
            // No hard links here: an atomic rename, after checking the name is still free.
            if access(path, F_OK) == 0 { return false }
            guard rename(temp, path) == 0 else { throw ConfigError("cannot write \(path): \(String(cString: strerror(errno)))") }
            return true
        default:
            throw ConfigError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
