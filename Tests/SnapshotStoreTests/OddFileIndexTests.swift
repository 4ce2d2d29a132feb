import Foundation
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// FIFOs, sockets, links that lead nowhere or to folders: the index names
/// each with its reason and never blocks on one, even when a file becomes a
/// FIFO while the index is being brought up to date.
@Suite struct OddFileIndexTests {
    /// Runs an update on its own thread and fails (instead of hanging) when
    /// it has not finished in `seconds`.
    static func update(_ index: CorpusIndex, seconds: Double = 30, parallel: Bool = true,
                       progress: (@Sendable (IndexProgress) -> Void)? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) -> (IndexSummary, [String])? {
        let done = DispatchSemaphore(value: 0)
        let box = Box()
        let indexBox = UncheckedIndex(index: index)
        Thread.detachNewThread {
            var problems: [String] = []
            let summary = try? indexBox.index.update(parallel: parallel, progress: progress, problem: { problems.append($0.description) })
            box.set(summary.map { ($0, problems.sorted()) })
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else {
            Issue.record("the update was still running after \(seconds) s: it blocked", sourceLocation: sourceLocation)
            return nil
        }
        let result = box.get()
        if result == nil { Issue.record("the update failed", sourceLocation: sourceLocation) }
        return result
    }

    /// The index handed to the updating thread; the test waits for it, so
    /// only one thread uses it at a time.
    struct UncheckedIndex: @unchecked Sendable { let index: CorpusIndex }

    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (IndexSummary, [String])?
        func set(_ new: (IndexSummary, [String])?) { lock.lock(); value = new; lock.unlock() }
        func get() -> (IndexSummary, [String])? { lock.lock(); defer { lock.unlock() }; return value }
    }

    @Test func everyOddFileIsSkippedWithItsReason() throws {
        let corpus = try TemporaryCorpus(count: 5)
        #expect(mkfifo(corpus.corpus + "/pipe.txt", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: corpus.corpus + "/nowhere.txt", withDestinationPath: corpus.root + "/missing.txt")
        try FileManager.default.createDirectory(atPath: corpus.root + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: corpus.corpus + "/folder-link", withDestinationPath: corpus.root + "/elsewhere")
        let library = try corpus.library()
        let (summary, problems) = try #require(Self.update(library.index))
        #expect(summary.indexed == 5)
        #expect(summary.skipped == ["not a regular file": 2, "unreadable": 1])
        #expect(summary.line == "indexed 5, unchanged 0, removed 0, skipped 3 (2 not a regular file, 1 unreadable)")
        let expected = [
            "folder-link: not a regular file (a symbolic link to a folder, not followed)",
            "nowhere.txt: cannot be read: a symbolic link to a missing file",
            "pipe.txt: not a regular file (a FIFO)",
        ]
        #expect(problems == expected)
        // What the reader's `!` list shows.
        #expect(try library.skippedFiles().map { "\($0.path): \($0.reason)" } == expected)
        // Nothing changed: the next update reads nothing and gives the same count.
        let (again, problemsAgain) = try #require(Self.update(library.index))
        #expect(again.indexed == 0)
        #expect(again.skipped == summary.skipped)
        #expect(problemsAgain.isEmpty)
        // The link's target appears: it is read.
        try corpus.write("../missing.txt", snapshotText(title: "链接的目标", body: ["正文。"]))
        let (third, _) = try #require(Self.update(library.index))
        #expect(third.indexed == 1)
        #expect(third.skipped == ["not a regular file": 2])
    }

    @Test func aFileThatBecomesAFIFOWhileIndexingIsSkippedNotWaitedFor() throws {
        // More than one batch on one thread (250 files), so the last file is
        // read after the first batch has been reported.
        let corpus = try TemporaryCorpus(count: 300)
        let scanned = try CorpusScanner.scan(root: corpus.corpus)
        let last = try #require(scanned.last?.path)
        let target = corpus.corpus + "/" + last
        let replaced = ResultBox<Bool>()
        let library = try corpus.library()
        let result = Self.update(library.index, parallel: false) { _ in
            guard replaced.get() == nil else { return }
            unlink(target)
            replaced.set(mkfifo(target, 0o644) == 0)
        }
        #expect(replaced.get() == true, "the file was replaced during the update")
        let (summary, problems) = try #require(result)
        #expect(summary.indexed == 299)
        #expect(summary.skipped == ["not a regular file": 1])
        #expect(problems == ["\(last): not a regular file (a FIFO)"])
        // The lock was given back: another update runs and finishes.
        let (after, _) = try #require(Self.update(library.index))
        #expect(after.unchanged == 299)
    }
}

/// A value handed from one thread to another, under a lock.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ new: T) { lock.lock(); value = new; lock.unlock() }
    func get() -> T? { lock.lock(); defer { lock.unlock() }; return value }
}
