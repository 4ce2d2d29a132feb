import Foundation

/// One slot per task of a parallel loop, each written by the thread that
/// runs its task and read once the loop is done.
final class ParallelSlots<Value>: @unchecked Sendable {
    private var storage: [Value]
    private let lock = NSLock()

    init(count: Int, initial: Value) {
        storage = Array(repeating: initial, count: count)
    }

    var count: Int { storage.count }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    func value(_ index: Int) -> Value {
        lock.lock()
        defer { lock.unlock() }
        return storage[index]
    }

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
