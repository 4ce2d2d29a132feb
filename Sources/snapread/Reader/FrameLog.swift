import Foundation
import ReaderCore

/// Timing records for benchmarks: the wall-clock time of the first frame and
/// the time from each key to the frame that answers it. Off unless a path is given.
final class FrameLog {
    private let handle: FileHandle?
    private var firstFrameLogged = false
    private var pendingKey: (name: String, start: UInt64)?

    init(path: String?) {
        guard let path, FileManager.default.createFile(atPath: path, contents: nil) else {
            handle = nil
            return
        }
        handle = FileHandle(forWritingAtPath: path)
    }

    func keyRead(_ key: Key) {
        guard handle != nil else { return }
        pendingKey = (key.name, DispatchTime.now().uptimeNanoseconds)
    }

    func frameDrawn() {
        guard let handle else { return }
        if !firstFrameLogged {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            handle.write(Data("first-frame \(Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))\n".utf8))
            firstFrameLogged = true
        }
        if let key = pendingKey {
            let micros = (DispatchTime.now().uptimeNanoseconds - key.start) / 1000
            handle.write(Data("key \(key.name) \(micros)\n".utf8))
            pendingKey = nil
        }
    }
}
