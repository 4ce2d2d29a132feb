import Foundation

/// Phase timings on stderr when `SNAPREAD_TRACE` is set, for finding where a
/// command spends its time. Silent otherwise.
public enum Trace {
    public static let enabled = ProcessInfo.processInfo.environment["SNAPREAD_TRACE"] != nil
    private static let start = Date()

    public static func mark(_ phase: @autoclosure () -> String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("[trace] \(String(format: "%7.1f", Date().timeIntervalSince(start) * 1000)) ms  \(phase())\n".utf8))
    }
}
