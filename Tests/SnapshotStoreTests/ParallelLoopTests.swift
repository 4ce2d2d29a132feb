import Foundation
import Synchronization
import Testing
@testable import SnapshotStore

/// The loop that replaced `concurrentPerform`: every iteration once, on
/// several threads, nested and from many tasks at once.
@Suite struct ParallelLoopTests {
    @Test(arguments: [0, 1, 2, 7, 1000])
    func everyIterationRunsOnce(iterations: Int) {
        let counts = Mutex([Int](repeating: 0, count: iterations))
        ParallelLoop.run(iterations: iterations) { index in
            counts.withLock { $0[index] += 1 }
        }
        #expect(counts.withLock { $0 } == [Int](repeating: 1, count: iterations))
    }

    @Test func iterationsRunOnMoreThanOneThreadWhenThereAreCores() {
        // An NSLock (a pthread mutex), not a Mutex: ThreadSanitizer sees
        // pthread locks, and reported the inserts under a Mutex as a race,
        // most likely because Synchronization is not built with it
        // (DECISIONS, ThreadSanitizer).
        let threads = LockedThreadSet()
        let waiting = Atomic<Int>(0)
        ParallelLoop.run(iterations: ParallelLoop.width) { _ in
            threads.insert(UInt(pthread_self()))
            // Each iteration waits (a bounded while) for the others to start,
            // so one thread cannot take them all.
            waiting.add(1, ordering: .relaxed)
            let deadline = Date().addingTimeInterval(5)
            while waiting.load(ordering: .relaxed) < ParallelLoop.width, Date() < deadline { sched_yield() }
        }
        #expect(threads.count == ParallelLoop.width)
    }

    @Test func nestedLoopsFromManyTasksFinish() async {
        let total = Tally()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    ParallelLoop.run(iterations: 8) { _ in
                        ParallelLoop.run(iterations: 8) { _ in total.value.add(1, ordering: .relaxed) }
                    }
                }
            }
        }
        #expect(total.value.load(ordering: .relaxed) == 16 * 8 * 8)
    }
}

/// A counter the tasks of a test share.
private final class Tally: Sendable {
    let value = Atomic<Int>(0)
}

/// The threads a loop ran on, behind a pthread lock.
/// `@unchecked Sendable`: `set` is only touched with `lock` held.
private final class LockedThreadSet: @unchecked Sendable {
    private let lock = NSLock()
    private var set = Set<UInt>()

    func insert(_ thread: UInt) {
        lock.lock()
        defer { lock.unlock() }
        set.insert(thread)
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return set.count
    }
}
