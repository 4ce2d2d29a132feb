import Foundation
import GRDB
import Synchronization
import Testing
@testable import SnapshotStore

/// `A` (mark every article shown as read) writes one transaction for the
/// lot: one a mark took 10.6 s for 3,000 articles, and quitting waited for it.
@Suite struct ReadMarkBatchTests {
    /// Counts the COMMITs a connection runs.
    final class CommitCounter: Sendable {
        private let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
        func add() { count.withLock { $0 += 1 } }
    }

    /// The COMMITs the connection runs from now on.
    static func countingCommits(_ userData: UserData) throws -> CommitCounter {
        let commits = CommitCounter()
        try userData.writer.inDatabase { db in
            db.trace(options: .statement) { event in
                if "\(event)".uppercased().hasPrefix("COMMIT") { commits.add() }
            }
        }
        return commits
    }

    @Test func manyMarksAreOneTransaction() throws {
        let corpus = try TemporaryCorpus()
        let userData = UserData(path: corpus.locations.userDatabase)
        try userData.setRead("already", true)
        let commits = try Self.countingCommits(userData)
        let ids = (0..<3000).map { "article-\($0)" } + ["already"]
        try userData.setRead(ids)
        #expect(commits.value == 1)
        // An empty batch writes nothing.
        try userData.setRead([])
        #expect(commits.value == 1)
        #expect(try ids.allSatisfy { try userData.isRead($0) })
        #expect(try !userData.isRead("article-3000"))
        // What was read before keeps its first time.
        let count = try userData.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM read_state") }
        #expect(count == 3001)
    }

    @Test func aBatchThatCannotBeSavedSaysSoAndSavesNone() throws {
        let corpus = try TemporaryCorpus()
        let path = corpus.locations.userDatabase
        try FileManager.default.createDirectory(atPath: corpus.locations.dataDirectory, withIntermediateDirectories: true)
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }).write(to: URL(fileURLWithPath: path))
        let userData = UserData(path: path)
        #expect(userData.problem?.kind == .damaged)
        let error = try #require(throws: UserDataWriteError.self) { try userData.setRead(["a", "b"]) }
        #expect(error.summary.hasPrefix("read marks not saved: user.sqlite is damaged"), "\(error.summary)")
        #expect(try !userData.isRead("a"))
    }

    @Test func aFailureInsideTheBatchLeavesNoneOfItWritten() throws {
        let corpus = try TemporaryCorpus()
        let userData = UserData(path: corpus.locations.userDatabase)
        // A trigger that refuses one id stands in for a write failing half way.
        try userData.writer.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE INSERT ON read_state WHEN NEW.article_id = 'bad'
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """)
        }
        #expect(throws: UserDataWriteError.self) { try userData.setRead(["a", "b", "bad", "c"]) }
        #expect(try !userData.isRead("a"))
        #expect(try !userData.isRead("c"))
    }
}
