import Foundation
import NIOConcurrencyHelpers

/// The time of a log line, `2026-11-25T17:07:47.532Z`: the text up to the second is made once per second and reused,
/// since formatting a date is the most expensive part of a line.
enum LogTime {
    private static let cache = NIOLockedValueBox<(second: Int, text: String)>((-1, ""))

    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let second = spec.tv_sec
        let millis = Int(spec.tv_nsec / 1_000_000)
        let prefix = cache.withLockedValue { cached -> String in
            if cached.second == second { return cached.text }
            var t = tm()
            var s = second
            gmtime_r(&s, &t)
            let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday),
                              Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec))
            cached = (second, text)
            return text
        }
        return prefix + "." + (millis < 10 ? "00" : millis < 100 ? "0" : "") + String(millis) + "Z"
    }
}
