import CorpusGenerator
import Foundation
import GRDB
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// The passes a cold index makes in key order instead of batch by batch:
/// the copies step's band pass (bands spilled in shares, finished after the
/// batches, or by the next run when one was killed) and the link table's
/// build (items cut by the docno of their first candidate). Each must give
/// what the plain way gives, and an incremental index what a cold one does.
@Suite(.serialized) struct ColdIndexPassTests {
    /// A database with the copies tables and the index's meta table.
    static func copiesDatabase() throws -> DatabaseQueue {
        let database = try DatabaseQueue()
        try database.write { db in
            try CopyGroups.createTables(db)
            try CopyGroups.createCountTables(db)
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID")
        }
        return database
    }

    static func groups(_ database: DatabaseQueue) throws -> Set<Set<Int64>> {
        try database.read { db in
            var members: [Int64: Set<Int64>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT docno, grp FROM copy_group") { members[row[1], default: []].insert(row[0]) }
            return Set(members.values)
        }
    }

    static func bands(_ database: DatabaseQueue) throws -> [Row] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT band, docno FROM copy_band ORDER BY band, docno") }
    }

    /// Bands cut into many shares (spilled to files) give the groups and the
    /// band rows of one share in memory.
    @Test func bandsSpilledInSharesGiveTheGroupsOfOneShare() throws {
        let (entries, _, _) = try CopyGrouperBatchTests.plantedEntries()
        let inMemory = try Self.copiesDatabase()
        let spilled = try Self.copiesDatabase()
        try inMemory.write { db in try CopyGrouper(db).add(db, entries) }
        // 12 bytes a pair: shares of 64 pairs, some 64 files.
        try spilled.write { db in try CopyGrouper(db).add(db, entries, shareBytes: 64 * 12) }
        let groups = try Self.groups(inMemory)
        #expect(groups.count > 50)
        #expect(try Self.groups(spilled) == groups)
        #expect(try Self.bands(spilled) == (try Self.bands(inMemory)))
        #expect(try Self.bands(inMemory).count == entries.count * CopySignature.bandCount)
    }

    /// Band keys are 32-bit numbers, and the band pass cuts them into
    /// shares by their order: every share gets its part, and the shares one
    /// after another are in key order.
    @Test func bandKeysAre32BitAndTheirSharesRunInKeyOrder() throws {
        let (entries, _, _) = try CopyGrouperBatchTests.plantedEntries()
        let keys = entries.flatMap(\.signature.bandKeys)
        #expect(keys.allSatisfy { $0 >= Int64(Int32.min) && $0 <= Int64(Int32.max) })
        #expect(keys.contains { $0 < 0 } && keys.contains { $0 > 0 })
        var bands = try PendingBands(expected: keys.count, folder: NSTemporaryDirectory(), shareBytes: keys.count * 12 / 8)
        defer { bands.close() }
        #expect(bands.shareCount == 8)
        for (number, key) in keys.enumerated() { try bands.append(key: key, docno: Int64(number)) }
        var all: [Int64] = []
        for share in 0..<bands.shareCount {
            let pairs = try bands.sortedShare(share)
            #expect(pairs.count > keys.count / 16, "share \(share) of 8 holds \(pairs.count) of \(keys.count)")
            all += pairs.map(\.key)
        }
        #expect(all == keys.sorted())
    }

    /// Batches staged and finished once give the groups of one batch; a run
    /// that staged batches and was killed before finishing is finished by
    /// the next run, with that run's own batches.
    @Test func stagedBatchesAreFinishedTogetherOrByTheNextRun() throws {
        let (entries, _, _) = try CopyGrouperBatchTests.plantedEntries()
        let whole = try Self.copiesDatabase()
        try whole.write { db in try CopyGrouper(db).add(db, entries) }
        let expected = try Self.groups(whole)

        let staged = try Self.copiesDatabase()
        for start in stride(from: 0, to: entries.count, by: 7) {
            let batch = Array(entries[start..<min(start + 7, entries.count)])
            try staged.write { db in try CopyGrouper(db).stage(db, batch) }
        }
        #expect(try Self.groups(staged).isEmpty, "nothing grouped before the pass")
        #expect(try staged.read { db in try IndexDatabase.meta(db, CopyGrouper.pendingKey) } == entries.first?.docno)
        try staged.write { db in try CopyGrouper(db).finishPending(db, spoolFolder: NSTemporaryDirectory(), shareBytes: 100 * 12) }
        #expect(try Self.groups(staged) == expected)
        #expect(try staged.read { db in try IndexDatabase.meta(db, CopyGrouper.pendingKey) } == nil)

        // Killed after staging half (no pass); the next run stages the rest, then finishes.
        let killed = try Self.copiesDatabase()
        let half = entries.count / 2
        try killed.write { db in try CopyGrouper(db).stage(db, Array(entries[..<half])) }
        try killed.write { db in
            let grouper = try CopyGrouper(db)
            try grouper.stage(db, Array(entries[half...]))
            try grouper.finishPending(db, spoolFolder: NSTemporaryDirectory())
        }
        #expect(try Self.groups(killed) == expected)
        #expect(try Self.bands(killed) == (try Self.bands(whole)))
    }

    /// A corpus with planted copies and related items between its stories.
    static func linkedCorpusWithCopies() throws -> (TemporaryCorpus, CorpusGenerator) {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 120, seed: 31, outsidePercent: 15)
        try CorpusWriter.write(base, to: corpus.corpus)
        try CopyPlanter(base: base, copies: 60, decoys: 6).write(to: corpus.corpus, truthFile: nil)
        return (corpus, base)
    }

    /// What an index answers about links and copies, by path (docnos differ between indexes).
    /// `threads` holds each article's thread at depth 1 (from the link
    /// table), then its backlinks (found through `related_date`).
    static func answers(_ library: CorpusLibrary) throws -> (groups: Set<[String]>, threads: [String: [String]]) {
        var threads: [String: [String]] = [:]
        for path in try library.list().map(\.path) {
            threads[path] = try library.thread(ofPath: path, depth: 1).map { "\($0.article.path) \($0.depth) \(String(describing: $0.direction))" }.sorted()
                + (try library.backlinks(ofPath: path).map { "backlink \($0.path)" }.sorted())
        }
        return (Set(try library.copyGroups()), threads)
    }

    /// Every dated item of the index, as `related_date` should list it.
    static func datedItems(_ library: CorpusLibrary) throws -> [[Int64]] {
        try library.index.database.writer.read { db in
            var rows: [[Int64]] = []
            try RelatedItemStore.forEachItem(db: db) { item in
                if let published = item.published { rows.append([published, Int64(item.docno), Int64(item.position)]) }
            }
            return rows.sorted { $0.lexicographicallyPrecedes($1) }
        }
    }

    static func dateRows(_ library: CorpusLibrary) throws -> [[Int64]] {
        try library.index.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT published, docno, position FROM related_date ORDER BY 1, 2, 3").map { [$0[0], $0[1], $0[2]] }
        }
    }

    /// The dates pass lists every dated item, in one share or spilled in many.
    @Test func datesSpilledInSharesListEveryDatedItem() throws {
        let (corpus, _) = try Self.linkedCorpusWithCopies()
        let library = try corpus.library()
        try library.index.update()
        let expected = try Self.datedItems(library)
        #expect(expected.count > 200)
        #expect(try Self.dateRows(library) == expected)
        #expect(try library.index.database.writer.read { db in try IndexDatabase.meta(db, RelatedItemStore.datesPendingKey) } == nil)
        try library.index.database.writer.write { db in
            try db.execute(sql: "DELETE FROM related_date")
            try IndexDatabase.setMeta(db, RelatedItemStore.datesPendingKey, 1)
            // 16 bytes a row: shares of ten rows.
            try RelatedItemStore.finishDates(db, spoolFolder: NSTemporaryDirectory(), shareBytes: 160)
        }
        #expect(try Self.dateRows(library) == expected)
    }

    /// A run killed after its batches (the band and date passes not made) is
    /// finished by the next update: the groups and links of a cold index.
    @Test func aKilledRunsGroupsAreFinishedByTheNextUpdate() throws {
        let (corpus, _) = try Self.linkedCorpusWithCopies()
        let library = try corpus.library()
        try library.index.update()
        let cold = try Self.answers(library)
        #expect(cold.groups.count > 20)
        // What a SIGKILL after the last batch's commit leaves: signatures, no bands, no groups, a stale character index.
        try library.index.database.writer.write { db in
            try db.execute(sql: "DELETE FROM copy_band; DELETE FROM copy_group; DELETE FROM related_date")
            try IndexDatabase.setMeta(db, CopyGrouper.pendingKey, 1)
            try IndexDatabase.setMeta(db, RelatedItemStore.datesPendingKey, 1)
            try IndexDatabase.setMeta(db, "chars_generation", -1)
        }
        let reopened = try corpus.library()
        let summary = try reopened.index.update()
        #expect(summary.indexed == 0)
        let repaired = try Self.answers(reopened)
        #expect(repaired.groups == cold.groups)
        #expect(repaired.threads == cold.threads)
    }

    static func articleIndexNames(_ library: CorpusLibrary) throws -> Set<String> {
        try library.index.database.writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'article' AND name LIKE 'article_%'"))
        }
    }

    /// A cold index drops the article table's indexes and makes them again
    /// after its batches; a run killed before that leaves the next run to make them.
    @Test func theArticleIndexesAreMadeAfterAColdIndexAndAfterAKilledOne() throws {
        let (corpus, base) = try Self.linkedCorpusWithCopies()
        let library = try corpus.library()
        try library.index.update()
        let names: Set = ["article_published", "article_category", "article_source", "article_id"]
        #expect(try Self.articleIndexNames(library) == names)
        let listed = try library.list().map(\.path)
        // Killed during a cold index: no index, a stale character index.
        try library.index.database.writer.write { db in
            for name in names { try db.execute(sql: "DROP INDEX \(name)") }
            try IndexDatabase.setMeta(db, "chars_generation", -1)
        }
        try corpus.write("late/" + base.fileName(3), base.snapshot(3).text)
        let reopened = try corpus.library()
        #expect(try reopened.index.update().indexed == 1)
        #expect(try Self.articleIndexNames(reopened) == names)
        #expect(Set(try reopened.list().map(\.path)) == Set(listed + ["late/" + base.fileName(3)]))
    }

    /// Files added, changed and removed, each followed by an update, leave
    /// the groups and threads of a cold index of the same files.
    @Test func incrementalUpdatesGiveTheGroupsAndLinksOfAColdIndex() throws {
        let (corpus, base) = try Self.linkedCorpusWithCopies()
        let removedLater = (0..<6).map { base.fileName($0 * 17) }
        let addedLater = Array(100..<120)
        for n in addedLater { try corpus.remove(base.fileName(n)) }
        let library = try corpus.library()
        try library.index.update()
        for n in addedLater { try corpus.write(base.fileName(n), base.snapshot(n).text) }
        try library.index.update()
        for path in removedLater { try corpus.remove(path) }
        try corpus.write(base.fileName(40), base.snapshot(40).text.replacingOccurrences(of: "。", with: "!"))
        try corpus.write("copy/" + base.fileName(41), base.snapshot(41).text)
        try library.index.update()
        let incremental = try Self.answers(library)

        let fresh = TemporaryCorpusCopy(of: corpus)
        let rebuilt = try fresh.library()
        try rebuilt.index.update()
        let cold = try Self.answers(rebuilt)
        #expect(incremental.groups == cold.groups)
        #expect(incremental.threads == cold.threads)
        #expect(cold.threads.values.contains { $0.count > 1 }, "the corpus has links")
        // The dates the ingest collected (cold) and those read back (a run that changed files) list every dated item.
        #expect(try Self.dateRows(library) == (try Self.datedItems(library)))
        #expect(try Self.dateRows(rebuilt) == (try Self.datedItems(rebuilt)))
        // Read on every core, the items come as read on one, in docno and position order, after the changes too.
        for index in [library, rebuilt] {
            let (parallel, serial) = try index.index.database.writer.read { db in
                var parallel: [String] = [], serial: [String] = []
                try RelatedItemStore.forEachItem(db: db, parallel: true, note: { $0.excerpt.count }) { item, length in
                    #expect(length == item.excerpt.count)
                    parallel.append("\(item.docno) \(item.position) \(item.published ?? -1) \(item.excerpt) \(item.title ?? "")")
                }
                try RelatedItemStore.forEachItem(db: db) { serial.append("\($0.docno) \($0.position) \($0.published ?? -1) \($0.excerpt) \($0.title ?? "")") }
                return (parallel, serial)
            }
            #expect(parallel.count > 500)
            #expect(parallel == serial)
        }
    }

    /// The dates an ingest collects are used only while they are every
    /// pending date: an article of the run that leaves again drops them
    /// (the pass then reads every frame), one from before the run does not.
    @Test func collectedDatesAreDroppedWhenAnArticleOfTheRunLeaves() throws {
        let database = try DatabaseQueue()
        try database.write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID; CREATE TABLE article (docno INTEGER PRIMARY KEY)")
            try RelatedItemStore.createTables(db)
            let dated = [RelatedItem(excerpt: "一", publishedAt: SnapshotTime(year: 2024, month: 5, day: 1, hour: 8, minute: 0, second: 0)),
                         RelatedItem(excerpt: "二", publishedAt: nil)]
            var writer = try RelatedItemStore.Writer(db, folder: NSTemporaryDirectory())
            defer { writer.close() }
            writer.dateNow = false
            try writer.date(dated, docno: 7, db: db)
            try writer.date(dated, docno: 8, db: db)
            #expect(writer.collected?.count == 2)
            #expect(writer.collected?.firstDocno == 7)
            #expect(try IndexDatabase.meta(db, RelatedItemStore.datesPendingKey) == 7)
            writer.removed(docno: 6)
            #expect(writer.collected != nil)
            writer.removed(docno: 8)
            #expect(writer.collected == nil)
            // A run that finds a killed run's dates pending collects none.
            var resumed = try RelatedItemStore.Writer(db, folder: NSTemporaryDirectory())
            defer { resumed.close() }
            #expect(resumed.collected == nil)
        }
    }

    /// Rows of integers go in a hundred to a statement, the last statement
    /// short; SQLite's refusal of one is its error, naming the statement.
    @Test func batchedRowsGoInWholeAndARefusalIsSQLitesError() throws {
        let database = try DatabaseQueue()
        try database.write { db in
            try db.execute(sql: "CREATE TABLE pair (a INTEGER NOT NULL, b INTEGER NOT NULL CHECK (b >= 0), PRIMARY KEY (a, b)) WITHOUT ROWID")
            var insert = BatchedInsert("INSERT INTO pair(a, b)", columns: 2)
            for a in 0..<250 { try insert.add(db, Int64(a), Int64(a * 3)) }
            try insert.flush(db)
            let rows = try Row.fetchAll(db, sql: "SELECT a, b FROM pair ORDER BY a").map { [$0[0] as Int64, $0[1] as Int64] }
            #expect(rows == (0..<250).map { [Int64($0), Int64($0 * 3)] })
            var refused = BatchedInsert("INSERT INTO pair(a, b)", columns: 2)
            try refused.add(db, 1000, -1)
            #expect {
                try refused.flush(db)
            } throws: { error in
                guard let error = error as? DatabaseError else { return false }
                return error.resultCode == .SQLITE_CONSTRAINT && error.sql?.hasPrefix("INSERT INTO pair(a, b) VALUES") == true
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pair") == 250)
        }
    }

    /// Items cut into many shares (spilled to files) resolve as in one share,
    /// and each answer is the one `related` gives.
    @Test func linkItemsSpilledInSharesResolveAsInOne() throws {
        let (corpus, _) = try Self.linkedCorpusWithCopies()
        let library = try corpus.library()
        try library.index.update()
        let characters = try library.index.characterIndex()
        let (one, many) = try library.index.database.writer.read { db in
            (try LinkTable.build(characters: characters, text: library.index.text, db: db, instance: 1),
             try LinkTable.build(characters: characters, text: library.index.text, db: db, instance: 1, docnosPerShare: 5))
        }
        #expect(one == many)
        #expect(one.targets.contains { $0 >= 0 })
        let paths = try library.index.database.writer.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT docno, path FROM article").map { ($0[0] as Int, $0[1] as String) })
        }
        for (docno, path) in paths {
            let related = try library.related(ofPath: path).map { $0.target?.path }
            #expect(related == many.itemTargets(of: docno).map { $0.flatMap { paths[$0] } }, "\(path)")
        }
    }
}

/// The signature decodes the body's UTF-8 itself: it must read the code
/// points `unicodeScalars` gives, every length of sequence included.
@Suite struct CopySignatureDecodingTests {
    @Test func theSignatureReadsTheCodePointsOfTheBody() throws {
        let paragraphs = [
            "ASCII words, digits 123 and\tcontrols; é ü ß (two bytes), 中文與繁體字 (three), 𠀀𠀁𪚥 (four), 😀!",
            "no-break\u{00A0}space, ideographic\u{3000}space, 滬港通開通以來，兩地市場互聯互通不斷深化。",
        ]
        let body = paragraphs.map { BodyBlock(.paragraph, $0) }
        var reference: [UInt32] = []
        for text in paragraphs {
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value <= 0x20 || value == 0xA0 || value == 0x3000 { continue }
                reference.append(ScriptFold.fold(value))
            }
            reference.append(0x0A)
        }
        let signature = try #require(CopySignature(body: body))
        #expect(signature == CopySignature(folded: reference))
        // Traditional characters fold: the simplified text signs the same.
        let simplified = paragraphs.map { BodyBlock(.paragraph, ScriptFold.fold($0)) }
        #expect(CopySignature(body: simplified) == signature)
    }
}
