import Foundation
import Testing

/// Runs the built `snapread` binary and captures what it prints.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CommandRunner {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let sample = packageRoot + "/../shared/samples/000_088c11af44b8187a.txt"
    static let fixtures = packageRoot + "/Tests/SnapshotFormatTests/Fixtures"
    static let golden = packageRoot + "/Tests/EndToEndTests/Golden"

    /// The binary next to the test bundle (`swift test` builds it with the tests).
    static var binary: String {
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [bundle.appendingPathComponent("snapread").path, packageRoot + "/.build/debug/snapread"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return packageRoot + "/.build/debug/snapread"
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        // Watchers that commands start end soon after the tests.
        env["SNAPREAD_WATCH_IDLE"] = "20"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Compares `actual` with a golden file; `SNAPREAD_RECORD_GOLDEN=1` rewrites it on purpose.
    static func expectGolden(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = golden + "/" + name
        if ProcessInfo.processInfo.environment["SNAPREAD_RECORD_GOLDEN"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = FileManager.default.contents(atPath: path) else {
            Issue.record("golden file \(name) is missing; record it with SNAPREAD_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == String(decoding: expected, as: UTF8.self), "output differs from Golden/\(name)", sourceLocation: sourceLocation)
    }

    static func sampleIsPresent(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if FileManager.default.fileExists(atPath: sample) { return true }
        Issue.record("The real sample is missing at \(sample): these checks did NOT run.", sourceLocation: sourceLocation)
        return false
    }
}
