import Foundation

/// Phase timings on stderr when `SNAPREAD_TRACE` is set, for finding where a
/// command spends its time. Silent otherwise.
public enum Trace {
    public static let enabled = ProcessInfo.processInfo.environment["SNAPREAD_TRACE"] != nil
    private static let start = Date()

    /// With `SNAPREAD_TRACE=memory`: the resident set now and at its peak.
    private static func memory() -> String {
        guard ProcessInfo.processInfo.environment["SNAPREAD_TRACE"] == "memory",
              let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
        let fields = status.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") || $0.hasPrefix("RssAnon") || $0.hasPrefix("RssFile") }
        return "  [" + fields.map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }.joined(separator: ", ") + "]"
    }

    public static func mark(_ phase: @autoclosure () -> String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("[trace] \(String(format: "%7.1f", Date().timeIntervalSince(start) * 1000)) ms  \(phase())\(memory())\n".utf8))
    }
}
