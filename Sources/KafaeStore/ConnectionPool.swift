/// A fixed set of connections lent one at a time: a borrower waits, first come first served, until one is free.
actor ConnectionPool<Connection: Sendable> {
    private var idle: [Connection]
    private var waiters: [CheckedContinuation<Connection, Never>] = []

    init(_ connections: [Connection]) {
        self.idle = connections
    }

    private func take() async -> Connection {
        if let c = idle.popLast() { return c }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func give(_ c: Connection) {
        if waiters.isEmpty {
            idle.append(c)
        } else {
            waiters.removeFirst().resume(returning: c)
        }
    }

    /// Runs `body` with a connection of the pool, returning it afterwards whatever happens.
    nonisolated func with<R: Sendable>(_ body: @Sendable (Connection) async throws -> R) async throws -> R {
        let c = await take()
        do {
            let r = try await body(c)
            await give(c)
            return r
        } catch {
            await give(c)
            throw error
        }
    }

    /// Takes every idle connection out of the pool (for closing).
    func drain() -> [Connection] {
        defer { idle = [] }
        return idle
    }
}
