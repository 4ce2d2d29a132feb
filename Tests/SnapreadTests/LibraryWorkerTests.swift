import Foundation
import ReaderCore
import Testing
@testable import snapread

/// The reader's background workers' one shape: the newest request wins,
/// answers arrive in `drain()` in order.
@Suite struct LibraryWorkerTests {
    /// No corpus there: every job ends in its `failed` answer, which is
    /// where these tests hold the worker up.
    static let missing = NSTemporaryDirectory() + "snapread-no-corpus-" + UUID().uuidString

    /// Drains until `count` answers came, or ten seconds passed.
    static func answers<Result>(_ count: Int, from worker: LibraryWorker<Result>) -> [Result] {
        var answers: [Result] = []
        let deadline = Date().addingTimeInterval(10)
        while answers.count < count, Date() < deadline {
            answers += worker.drain()
            if answers.count < count { Thread.sleep(forTimeInterval: 0.01) }
        }
        return answers
    }

    @Test func aRequestOvertakenBeforeItStartsIsDropped() {
        let worker = LibraryWorker<Int>(label: "test.latest", corpus: Self.missing, databasePath: nil)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        // The first job runs and waits; the second and third queue behind it.
        worker.submit({ _ in 1 }, failed: { _ in
            started.signal()
            release.wait()
            return 1
        })
        started.wait()
        worker.submit({ _ in 2 }, failed: { _ in 2 })
        worker.submit({ _ in 3 }, failed: { _ in 3 })
        release.signal()
        // The first had started: its answer comes (the model drops it if stale);
        // the second was overtaken before it started: never run, never answered.
        #expect(Self.answers(2, from: worker) == [1, 3])
        // One queue, in order: had the second run late, it would come before a fourth.
        worker.submit({ _ in 4 }, failed: { _ in 4 })
        #expect(Self.answers(1, from: worker) == [4])
    }

    @Test func anIndexThatCannotBeOpenedAnswersWithTheFailure() {
        let worker = LibraryWorker<Message>(label: "test.failed", corpus: Self.missing, databasePath: nil)
        worker.answer(.loadThread(handle: 4, depth: 2)) { .threadLoaded(handle: 4, depth: 2, stories: [], error: "\($0)") }
        let answers = Self.answers(1, from: worker)
        #expect(answers.count == 1)
        guard case .threadLoaded(let handle, let depth, let stories, let error)? = answers.first else {
            Issue.record("not a thread's answer: \(answers)")
            return
        }
        #expect(handle == 4 && depth == 2 && stories.isEmpty)
        #expect(error?.contains(Self.missing) == true, "\(error ?? "nil")")
    }
}
