import Foundation
import Synchronization
import Testing
@testable import SnapshotStore

/// The loop that replaced `concurrentPerform`: every iteration once, on
/// several threads, nested and from many tasks at once.
@Suite struct ParallelLoopTests {
    @Test(arguments: [0, 1, 2, 7, 1000])
    func everyIterationRunsOnce(iterations: Int) {
        let counts = Locked([Int](repeating: 0, count: iterations))
        ParallelLoop.run(iterations: iterations) { index in
            counts.withLock { $0[index] += 1 }
        }
        #expect(counts.withLock { $0 } == [Int](repeating: 1, count: iterations))
    }

    @Test func iterationsRunOnMoreThanOneThreadWhenThereAreCores() {
        // Behind `Locked` (a pthread mutex), which ThreadSanitizer sees.
        let threads = Locked(Set<UInt>())
        let waiting = Atomic<Int>(0)
        ParallelLoop.run(iterations: ParallelLoop.width) { _ in
            threads.withLock { _ = $0.insert(UInt(pthread_self())) }
            // Each iteration waits (a bounded while) for the others to start,
            // so one thread cannot take them all.
            waiting.add(1, ordering: .relaxed)
            let deadline = Date().addingTimeInterval(5)
            while waiting.load(ordering: .relaxed) < ParallelLoop.width, Date() < deadline { sched_yield() }
        }
        #expect(threads.withLock { $0.count } == ParallelLoop.width)
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
