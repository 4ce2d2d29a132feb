import CorpusGenerator
import Foundation
import Synchronization
import Testing
@testable import SnapshotStore

/// Several processes on one corpus: each `CorpusIndex` here stands for one
/// (its own connection, locks and loaded files), as the reader's background
/// indexer and a `snapread index` in another terminal are.
@Suite struct SharedIndexTests {
    /// Opened and updated at once on a fresh cache: the schema is created
    /// once, nobody sees "already exists" or "database is locked".
    @Test func fourIndexesAtOnceOnAFreshCacheAllSucceed() throws {
        for _ in 0..<3 {
            let corpus = try TemporaryCorpus(count: 25)
            let (path, locations) = (corpus.corpus, corpus.locations)
            let failures = Locked<[String]>([])
            let counts = Locked<[Int]>([])
            ParallelLoop.run(iterations: 4) { _ in
                do {
                    let library = try CorpusLibrary(corpus: path, locations: locations)
                    try library.index.update(parallel: false)
                    let count = try library.count()
                    counts.withLock { $0.append(count) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(counts.withLock { $0 } == [25, 25, 25, 25])
        }
    }

    /// What another process indexed is seen at the next update: the summary
    /// says the index changed (what the reader reloads on), and lists and
    /// searches answer from the new index, not the one loaded before.
    @Test func anIndexSeesWhatAnotherProcessIndexed() throws {
        let corpus = try TemporaryCorpus(count: 10, seed: 3)
        let reader = try corpus.library()
        #expect(try reader.index.update(parallel: false).indexChanged)
        #expect(try !reader.index.update(parallel: false).indexChanged)
        #expect(try reader.handles().count == 10)
        let before = try reader.searchHandles("。").count

        try CorpusWriter.write(CorpusGenerator(count: 50, seed: 9), to: corpus.corpus + "/more")
        let other = try corpus.library()
        #expect(try other.index.update().indexed == 50)

        let summary = try reader.index.update(parallel: false)
        #expect(summary.indexed == 0 && summary.indexChanged)
        #expect(try reader.handles().count == 60)
        let after = try reader.searchHandles("。").count
        let fresh = try other.searchHandles("。").count
        #expect(after == fresh && after > before, "\(before) \(after) \(fresh)")
        #expect(try reader.listResults()?.count == 60)
    }

    /// A reader opened while another process builds the index shows the
    /// whole index once that is done, not the empty one it opened on.
    @Test func aReaderOpenedDuringABuildSeesTheBuiltIndex() throws {
        let corpus = try TemporaryCorpus(count: 40, seed: 4)
        let reader = try corpus.library()
        #expect(try reader.handles().isEmpty)
        let builder = UncheckedBox(try corpus.library())
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            _ = try? builder.value.index.update(progress: { _ in started.signal() })
            done.signal()
        }.start()
        started.wait()
        // Waits for the build's lock, then finds nothing left to read.
        let summary = try reader.index.update(parallel: false)
        done.wait()
        #expect(summary.indexChanged)
        #expect(try reader.handles().count == 40)
    }

    /// A file that looks damaged for a moment (here a FIFO in the log's
    /// place, removed 30 ms later, as another process's closing removes its
    /// log) is not damage: the index is opened as it was, nothing rebuilt.
    @Test func aProblemGoneAMomentLaterIsNoDamage() throws {
        let corpus = try TemporaryCorpus(count: 5, seed: 5)
        try corpus.library().index.update(parallel: false)
        let path = corpus.locations.indexDatabase(forCorpus: StoreLocations.canonicalPath(corpus.corpus))
        #expect(mkfifo(path + "-wal", 0o644) == 0)
        let removed = Thread { usleep(30_000); unlink(path + "-wal") }
        removed.start()
        let damage = Locked<[String]>([])
        let index = try CorpusIndex(corpus: corpus.corpus, locations: corpus.locations,
                                    onDamage: { line in damage.withLock { $0.append(line) } })
        #expect(damage.withLock { $0 } == [])
        #expect(try index.update(parallel: false).indexed == 0)
    }
}
