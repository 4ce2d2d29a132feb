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

/// Hands out the numbers 0..<count, each once, to whichever task asks next.
final class ChunkDispenser: @unchecked Sendable {
    let count: Int
    private var handedOut = 0
    private let lock = NSLock()

    init(count: Int) {
        self.count = count
    }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard handedOut < count else { return nil }
        handedOut += 1
        return handedOut - 1
    }
}
