import Foundation

/// One slot per task of a parallel loop, each written by the thread that
/// runs its task and read once the loop is done.
/// `@unchecked Sendable`: `storage` is read and written only under `lock`.
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

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// Hands out the numbers 0..<count, each once, to whichever task asks next.
/// `@unchecked Sendable`: `handedOut` is read and written only under `lock`.
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

/// Puts blocks of work finished out of order back in order: each is handed
/// on once all before it have been, by whichever task finished the one that
/// was awaited, one at a time. Delivered blocks are kept for reuse.
/// `@unchecked Sendable`: every stored property is read and written only
/// under `lock` (deliveries too run under it, so one at a time).
final class OrderedDelivery<Block>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var waiting: [Int: Block] = [:]
    private var spare: [Block] = []
    private var wantsMore = true

    /// Whether the receiver has said it wants no more blocks.
    var stopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !wantsMore
    }

    /// Hands in block `number`; delivers it and any that waited for it, in
    /// order, while `deliver` returns true. Returns a delivered block, emptied
    /// by `reset`, for the caller to fill next, when there is one.
    func hand(_ number: Int, _ block: Block, to deliver: (Block) -> Bool, reset: (inout Block) -> Void) -> Block? {
        lock.lock()
        defer { lock.unlock() }
        waiting[number] = block
        while var ready = waiting.removeValue(forKey: next) {
            if wantsMore { wantsMore = deliver(ready) }
            next += 1
            reset(&ready)
            spare.append(ready)
        }
        return spare.popLast()
    }
}

/// A value handed to the tasks of a parallel loop that only ever use it one
/// at a time (under a lock of their own).
/// `@unchecked Sendable`: the box only carries the value; whoever opens it
/// keeps to that one-at-a-time rule (`OrderedDelivery` calls it under its lock).
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
