#if canImport(Glibc)
import Glibc
#endif

/// One piece of work on a thread of its own, started at once and joined
/// for its value: the next batch of files parsed while this one is written.
/// A pthread for the reason `ParallelLoop` starts its own (libdispatch's
/// threads under Swift concurrency on Linux, docs/DECISIONS.md).
final class BackgroundThread<Value>: @unchecked Sendable {
    private var value: Value?
    private let body: () -> Value
    private var thread = pthread_t()
    private var started = false

    /// Starts `body`; when no thread can be had, `join` runs it instead.
    init(_ body: @escaping () -> Value) {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        if pthread_create(&thread, nil, runBackgroundThread, context) == 0 {
            started = true
        } else {
            Unmanaged<BackgroundThread<Value>>.fromOpaque(context).release()
        }
    }

    fileprivate func run() { value = body() }

    /// Waits for the work and gives its value (runs it here when it never started).
    func join() -> Value {
        if started {
            pthread_join(thread, nil)
            started = false
        }
        if value == nil { value = body() }
        // Set by now: either the thread or the line above ran `body`.
        return value!
    }
}

/// The start routine: takes the thread's reference and runs its work.
private func runBackgroundThread(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let box = Unmanaged<AnyObject>.fromOpaque(context).takeRetainedValue()
    (box as? BackgroundRunnable)?.runInBackground()
    return nil
}

/// What the start routine calls, whatever the value's type.
private protocol BackgroundRunnable: AnyObject {
    func runInBackground()
}

extension BackgroundThread: BackgroundRunnable {
    fileprivate func runInBackground() { run() }
}
