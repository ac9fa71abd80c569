import Foundation
import Logging

/// Reads the PWA's folder once, at start, into memory: which files of `web/` are published, by their path relative
/// to the folder (`css/app.css`).
///
/// What is left out, and why:
/// - extensions ``WebMediaType`` does not know: only what the app is made of is published;
/// - dotfiles and dot-folders (`.git`, `.DS_Store`, editor swap files), `node_modules/` anywhere, and at the top the
///   JavaScript tests (`test/`) and `package.json`, which are there for `node --test`, not for phones;
/// - top-level names the server answers itself (`api`, `p`, `v`, `health`, `ready`), so a file can never shadow the
///   API, a passport or the versioned prefix;
/// - names with characters outside `A-Z a-z 0-9 - . _ ~` (logged): they would need percent-encoding, and the server
///   matches the raw request path exactly, so `%2e%2e`, `%2f` or `%00` can never name a file;
/// - symbolic links, unless they point at a file inside the folder that would be published itself; linked folders are
///   not entered at all (no loops, no way out);
/// - a file over ``Limits/maxFileBytes`` (a warning, and the start goes on). More than ``Limits/maxTotalBytes`` or
///   ``Limits/maxFiles`` in all stops the start: the setting most likely names the wrong folder.
struct WebFolderReader {
    struct Limits: Sendable {
        var maxFileBytes = 5 << 20
        var maxTotalBytes = 50 << 20
        var maxFiles = 5_000
        var maxDepth = 16
    }

    /// Top-level names the server's own routes use.
    static let reservedTopLevel: Set<String> = ["api", "p", "v", "health", "ready"]
    /// Top-level entries that belong to the JavaScript tests, not to the app.
    static let skippedTopLevel: Set<String> = ["test", "package.json", "package-lock.json"]

    let root: String
    var limits = Limits()
    let logger: Logger

    /// The published files, path → bytes; nil when the folder does not exist (the server then runs without the PWA).
    func read() throws -> [String: [UInt8]]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        var files: [String: [UInt8]] = [:]
        var total = 0
        try walk(realRoot: realRoot, relative: [], into: &files, total: &total)
        return files
    }

    private func walk(realRoot: String, relative: [String], into files: inout [String: [UInt8]], total: inout Int) throws {
        let directory = ([realRoot] + relative).joined(separator: "/")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
            let components = relative + [name]
            let path = components.joined(separator: "/")
            guard !Self.isHidden(name) else { continue }
            guard Self.hasSafeCharacters(name) else {
                logger.notice("web file name needs percent-encoding; not served", metadata: ["path": .string(path)])
                continue
            }
            guard Self.isPublishable(components) else { continue }
            let absolute = directory + "/" + name
            let type = try FileManager.default.attributesOfItem(atPath: absolute)[.type] as? FileAttributeType  // lstat
            if type == .typeDirectory {
                guard components.count < limits.maxDepth else {
                    logger.warning("web folder nested too deep; not served", metadata: ["path": .string(path)])
                    continue
                }
                try walk(realRoot: realRoot, relative: components, into: &files, total: &total)
                continue
            }
            guard Self.mediaType(of: name) != nil else { continue }
            let source: String
            if type == .typeSymbolicLink {
                guard let target = linkTarget(absolute, realRoot: realRoot) else {
                    logger.notice("web file is a link to something not served; skipped", metadata: ["path": .string(path)])
                    continue
                }
                source = target
            } else if type == .typeRegular {
                source = absolute
            } else {
                continue
            }
            let size = (try FileManager.default.attributesOfItem(atPath: source)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= limits.maxFileBytes else {
                logger.warning("web file too large; not served",
                               metadata: ["path": .string(path), "bytes": .stringConvertible(size),
                                          "maxBytes": .stringConvertible(limits.maxFileBytes)])
                continue
            }
            guard let data = FileManager.default.contents(atPath: source), data.count <= limits.maxFileBytes else {
                logger.warning("web file unreadable or changing; not served", metadata: ["path": .string(path)])
                continue
            }
            total += data.count
            guard total <= limits.maxTotalBytes, files.count < limits.maxFiles else {
                throw ConfigError("the web folder \(root) holds more than \(limits.maxFiles) files or \(limits.maxTotalBytes) bytes; "
                                  + "is KAFAE_WEB_DIR the PWA's folder?")
            }
            files[path] = [UInt8](data)
        }
    }

    /// The real path a link points at, when that is a regular file inside the folder that would be published itself.
    private func linkTarget(_ absolute: String, realRoot: String) -> String? {
        let target = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        guard target.hasPrefix(realRoot + "/") else { return nil }
        let components = target.dropFirst(realRoot.count + 1).split(separator: "/").map(String.init)
        guard components.allSatisfy({ !Self.isHidden($0) && Self.hasSafeCharacters($0) }), Self.isPublishable(components),
              let last = components.last, Self.mediaType(of: last) != nil,
              let type = try? FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType,
              type == .typeRegular else { return nil }
        return target
    }

    /// Dotfiles and dot-folders.
    static func isHidden(_ name: String) -> Bool { name.hasPrefix(".") }

    /// Whether a path (its components, already free of hidden and unsafe names) may be published: not inside
    /// `node_modules`, not a reserved or test-only top-level name.
    static func isPublishable(_ components: [String]) -> Bool {
        guard let first = components.first, !components.contains("node_modules") else { return false }
        return !reservedTopLevel.contains(first) && !skippedTopLevel.contains(first)
    }

    /// The type of a file by its extension, nil when the kind is not served.
    static func mediaType(of name: String) -> WebMediaType? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return WebMediaType.forExtension(name[name.index(after: dot)...].lowercased())
    }

    /// `A-Z a-z 0-9 - . _ ~`: RFC 3986's unreserved characters, which a URL path carries as they are.
    static func hasSafeCharacters(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
        }
    }
}
