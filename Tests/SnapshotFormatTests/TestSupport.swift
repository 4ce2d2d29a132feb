import Foundation
import Testing
@testable import SnapshotFormat

/// Where the test files and the shared sample live.
enum TestPaths {
    /// This file where it really is: the threaded-tests package (`Sanitize/`) compiles it through a link.
    private static let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    static let fixtures = here.deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let packageRoot = here
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let sample = packageRoot + "/../shared/samples/000_088c11af44b8187a.txt"

    static func fixture(_ name: String) -> String { fixtures + "/" + name }

    /// The real sample's bytes; records a failure (never a silent pass) when it is missing.
    static func sampleBytes(sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: sample) else {
            Issue.record("The real sample is missing at \(sample): these checks did NOT run. Check out ../shared beside the repository.", sourceLocation: sourceLocation)
            return nil
        }
        return Array(data)
    }
}

func parse(_ text: String, file: String = "test.txt") throws -> Article {
    try SnapshotParser.parse(bytes: Array(text.utf8), file: file)
}

func problem(of bytes: [UInt8]) -> SnapshotProblem? {
    do {
        _ = try SnapshotParser.parse(bytes: bytes, file: "x")
        return nil
    } catch {
        return error.problem
    }
}
