import Foundation

/// A value shared between threads, read and written only under its lock:
/// `Synchronization.Mutex`'s shape, on a pthread mutex (`NSLock`), which
/// ThreadSanitizer understands. Under TSan, accesses inside `Mutex.withLock`
/// on two threads were reported as races (DECISIONS: "ThreadSanitizer: the
/// threaded suites in CI"); a lock TSan sees keeps its reports about our code.
/// `@unchecked Sendable`: `value` is touched only inside `withLock`.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, alone: no other thread is inside meanwhile.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
