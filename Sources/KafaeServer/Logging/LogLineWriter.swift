import Foundation
import NIOConcurrencyHelpers

/// Hands log lines to a file descriptor in batches from a thread of its own, so a request never waits on the
/// terminal or the log collector's pipe.
///
/// Lines keep their order: they are appended to one buffer, and whoever writes takes all of it under the write lock.
/// A line at `error` or worse is written before `write` returns, with everything before it, so the lines that explain
/// a crash are out before it happens. The batch thread writes within about 10 ms of a line; `flush()` (called when the
/// server stops, and at exit) writes the rest.
public final class LogLineWriter: @unchecked Sendable {
    /// Standard output, where the container runtime collects logs.
    public static let standardOutput = LogLineWriter(fileDescriptor: 1)

    /// Above this many bytes waiting, the writing line writes the batch itself instead of waiting for the thread.
    static let batchBytes = 64 * 1024

    private let fd: Int32
    private let condition = NSCondition()
    private var buffer: [UInt8] = []
    private var threadStarted = false
    private let writeLock = NIOLock()

    public init(fileDescriptor: Int32) {
        fd = fileDescriptor
        buffer.reserveCapacity(Self.batchBytes)
    }

    func write(_ line: [UInt8], urgent: Bool) {
        condition.lock()
        buffer.append(contentsOf: line)
        let full = buffer.count >= Self.batchBytes
        if !threadStarted {
            threadStarted = true
            startThread()
        }
        condition.signal()
        condition.unlock()
        if urgent || full { flush() }
    }

    /// Writes every line waiting, in order.
    public func flush() {
        writeLock.withLock {
            condition.lock()
            var batch: [UInt8] = []
            swap(&batch, &buffer)
            buffer.reserveCapacity(Self.batchBytes)
            condition.unlock()
            writeAll(batch)
        }
    }

    private func startThread() {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                while buffer.isEmpty { condition.wait() }
                condition.unlock()
                // Let a burst of requests gather into one write.
                usleep(10_000)
                flush()
            }
        }
        thread.name = "kafae-log-writer"
        thread.start()
        // At exit, what is still waiting on standard output is written (once: only that writer registers it).
        if self === LogLineWriter.standardOutput { atexit { LogLineWriter.standardOutput.flush() } }
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n; continue }
                if n < 0, errno == EINTR || errno == EAGAIN { continue }
                return // the descriptor is gone: nothing sensible left to do with a log line
            }
        }
    }
}
