import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Lets background work wake the reader's loop as soon as it has a result:
/// a pipe whose read end the loop waits on together with the keyboard.
/// `@unchecked Sendable`: both descriptors are constants set in `init`, and a
/// write to a pipe from several threads at once is safe.
final class WakeSignal: @unchecked Sendable {
    let descriptor: Int32
    private let writeEnd: Int32

    init() {
        (descriptor, writeEnd) = nonBlockingPipe()
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// Wakes the loop (a full pipe already will: the byte is not needed).
    func signal() {
        guard writeEnd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }
}

/// A pipe whose ends never block and are not inherited by child processes;
/// both -1 when the system has no pipe to give.
func nonBlockingPipe() -> (read: Int32, write: Int32) {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return (-1, -1) }
    for end in ends {
        _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        _ = fcntl(end, F_SETFD, FD_CLOEXEC)
    }
    return (ends[0], ends[1])
}

/// What a background thread hands to the reader's loop: posted from any
/// thread (waking the loop), drained by the loop, oldest first.
/// `@unchecked Sendable`: `items` is read and written only under `lock`.
final class Inbox<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []
    private let wake: WakeSignal?

    init(wake: WakeSignal?) {
        self.wake = wake
    }

    func post(_ item: Element) {
        lock.lock()
        items.append(item)
        lock.unlock()
        wake?.signal()
    }

    func drain() -> [Element] {
        lock.lock()
        defer { lock.unlock() }
        let drained = items
        items.removeAll()
        return drained
    }
}
