import CursesTerminal
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT, SIGTERM, SIGHUP and SIGQUIT as something the reader's loop reads:
/// the handler only writes the signal's number into this pipe (all a signal
/// handler may safely do), the loop waits on the read end with the keyboard,
/// leaves the way `q` does (the place saved, pending writes flushed, the
/// terminal restored) and then ends with the signal, so the shell sees the
/// status it expects (143 for TERM, 129 for HUP).
final class SignalPipe {
    /// The read end, for the loop's wait.
    let descriptor: Int32
    private let writeEnd: Int32
    /// The first signal read off the pipe: the one the process ends with.
    private(set) var caught: Int32?

    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        }
        descriptor = ends[0]
        writeEnd = ends[1]
        // Without a pipe the signals keep their old way: restore and end at once.
        if writeEnd >= 0 { CursesTerminal.forwardTerminationSignals(to: writeEnd) }
    }

    /// Whether a signal has come (reads what the handler wrote, never waits).
    func received() -> Bool {
        guard caught == nil, descriptor >= 0 else { return caught != nil }
        var byte: UInt8 = 0
        if read(descriptor, &byte, 1) == 1 { caught = Int32(byte) }
        return caught != nil
    }

    /// After the loop has cleaned up: ends the process with the signal that
    /// stopped it, if one did; otherwise returns.
    func endIfCaught() {
        guard let caught else { return }
        CursesTerminal.endWithSignal(caught)
    }
}
