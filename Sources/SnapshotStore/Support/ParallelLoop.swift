#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A loop whose iterations run on every core, on threads the loop starts
/// and joins itself. It stands where `DispatchQueue.concurrentPerform` stood:
/// called from a Swift concurrency thread (every test, and any async caller),
/// libdispatch's apply crashed inside itself now and then on Linux (a SEGV in
/// `dispatch_apply_f`, heap corruption without a sanitizer); see
/// docs/DECISIONS.md, "Parallel loops start their own threads".
public enum ParallelLoop {
    /// How many threads a loop uses at most: one a core.
    public static var width: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body` once for each of `0..<iterations`, on up to `width`
    /// threads (the calling one among them), handing out the numbers in
    /// order to whichever thread asks next; returns once every call has.
    public static func run(iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 0 else { return }
        let threads = min(iterations, width)
        guard threads > 1 else {
            for index in 0..<iterations { body(index) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = LoopWork(iterations: iterations, body: body)
            var started: [pthread_t] = []
            for _ in 1..<threads {
                let context = Unmanaged.passRetained(work).toOpaque()
                var thread = pthread_t()
                if pthread_create(&thread, nil, runLoopWork, context) == 0 {
                    started.append(thread)
                } else {
                    // No thread to be had: the calling thread does its share.
                    Unmanaged<LoopWork>.fromOpaque(context).release()
                }
            }
            work.drain()
            for thread in started { pthread_join(thread, nil) }
        }
    }
}

/// The start routine of a loop's thread: takes its reference to the work and drains it.
private func runLoopWork(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    Unmanaged<LoopWork>.fromOpaque(context).takeRetainedValue().drain()
    return nil
}

/// The iterations of one loop and the counter that hands them out.
/// `@unchecked Sendable`: `next` is atomic, and `body` is called from several
/// threads only because `ParallelLoop.run`'s callers ask for exactly that
/// (as `concurrentPerform`'s do); `run` joins every thread before `body` ends.
private final class LoopWork: @unchecked Sendable {
    let iterations: Int
    let body: (Int) -> Void
    let next = Atomic<Int>(0)

    init(iterations: Int, body: @escaping (Int) -> Void) {
        self.iterations = iterations
        self.body = body
    }

    func drain() {
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < iterations else { return }
            body(index)
        }
    }
}
