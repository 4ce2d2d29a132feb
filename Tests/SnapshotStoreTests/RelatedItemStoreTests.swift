import Foundation
import GRDB
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// The related items kept in compressed frames: read back as parsed,
/// found by their time, gone with their article, and an index of the
/// older layout or a damaged frame rebuilt with one line.
@Suite struct RelatedItemStoreTests {
    @Test func aRecordReadsBackAndNoCutOfItDoes() {
        let items = [
            RelatedItem(title: "山里的学校", excerpt: "...一条新路修到了村口,孩子们", publishedAt: SnapshotTime(epochSeconds: 1_704_067_200)),
            RelatedItem(title: nil, excerpt: "", publishedAt: nil),
            RelatedItem(title: "", excerpt: "before 1970", publishedAt: SnapshotTime(epochSeconds: -86_399)),
            RelatedItem(title: nil, excerpt: String(repeating: "长", count: 300), publishedAt: SnapshotTime(epochSeconds: 0)),
        ]
        var bytes: [UInt8] = []
        RelatedRecord.append(items, to: &bytes)
        let decoded = RelatedRecord.decode(bytes[...])
        #expect(decoded?.map(\.excerpt) == items.map(\.excerpt))
        #expect(decoded?.map(\.title) == items.map(\.title))
        #expect(decoded?.map { $0.publishedAt?.epochSeconds } == items.map { $0.publishedAt?.epochSeconds })
        for cut in 0..<bytes.count { #expect(RelatedRecord.decode(bytes[0..<cut]) == nil, "cut at \(cut)") }
        #expect(RelatedRecord.decode((bytes + [0])[...]) == nil)
    }

    /// Every article's items as its file says, by docno and by time;
    /// several articles share a frame, and removed articles take their
    /// dated rows and their emptied frames with them.
    @Test func itemsAreThoseOfTheFilesAndLeaveWithThem() throws {
        let corpus = try TemporaryCorpus(count: 300, seed: 8)
        let library = try corpus.library()
        try library.index.update()
        let parsed = try corpus.parsedArticles()
        let database = library.index.database.writer
        func stored() throws -> (byPath: [String: [StoredRelatedItem]], dated: Int, frames: Int, articles: Int) {
            try database.read { db in
                var byPath: [String: [StoredRelatedItem]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT docno, path FROM article") {
                    byPath[row[1]] = try RelatedItemStore.items(ofDocno: row[0], db: db)
                }
                return (byPath, try RelatedItemStore.items(publishedFrom: Int64.min, to: Int64.max, db: db).count,
                        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM related_frame") ?? 0,
                        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article") ?? 0)
            }
        }
        let before = try stored()
        #expect(before.byPath.count == parsed.count)
        var dated = 0
        for (path, article) in parsed {
            let items = before.byPath[path] ?? []
            #expect(items.map(\.excerpt) == article.related.map(\.excerpt), "\(path)")
            #expect(items.map(\.title) == article.related.map(\.title), "\(path)")
            #expect(items.map(\.published) == article.related.map { $0.publishedAt?.epochSeconds }, "\(path)")
            #expect(items.map(\.position) == Array(0..<article.related.count))
            dated += article.related.filter { $0.publishedAt != nil }.count
        }
        #expect(dated > 0 && before.dated == dated)
        #expect(before.frames > 1 && before.frames * 4 < before.articles, "\(before.frames) frames for \(before.articles) articles")

        let paths = parsed.keys.sorted()
        for path in paths.dropFirst(10) { try corpus.remove(path) }
        try library.index.update()
        let after = try stored()
        #expect(after.articles == 10)
        #expect(after.dated == paths.prefix(10).reduce(0) { $0 + (parsed[$1]?.related.filter { $0.publishedAt != nil }.count ?? 0) })
        #expect(after.frames <= 10)
        for path in paths.prefix(10) { #expect(after.byPath[path]?.map(\.excerpt) == parsed[path]?.related.map(\.excerpt)) }
        for path in paths.prefix(10) { try corpus.remove(path) }
        try library.index.update()
        #expect(try stored().frames == 0 && stored().dated == 0)
    }

    /// An index written before the items moved (migrations up to v5, an
    /// article in it) is thrown away with one line and read again.
    @Test func anIndexOfTheOlderLayoutIsRebuiltWithOneLine() throws {
        let corpus = try TemporaryCorpus(count: 60, seed: 3)
        let fresh = try corpus.library()
        try fresh.index.update()
        let path = try #require(try fresh.list().first { try !fresh.related(ofPath: $0.path).isEmpty }?.path)
        let expected = try CacheDamageTests.answers(fresh, paths: [path])
        let cache = fresh.index.database.path
        for name in try FileManager.default.contentsOfDirectory(atPath: (cache as NSString).deletingLastPathComponent) {
            try FileManager.default.removeItem(atPath: (cache as NSString).deletingLastPathComponent + "/" + name)
        }
        do {
            let old = try DatabaseQueue(path: cache)
            try IndexDatabase.migrator.migrate(old, upTo: "v5: search folds traditional characters")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO article(id, path, title, related_count, text_offset, text_length, title_length)
                    VALUES ('x', 'gone.txt', 'gone', 1, 0, 4, 4);
                    INSERT INTO related(docno, position, published, excerpt, title) VALUES (1, 0, 0, 'an excerpt of old', NULL);
                    """)
            }
        }
        try Data("abcd".utf8).write(to: URL(fileURLWithPath: cache + ".text"))
        let (library, reports) = try corpus.libraryHearingDamage()
        try library.index.update()
        let lines = reports.withLock { $0 }
        #expect(lines.count == 1 && lines.first?.contains("older format") == true && lines.first?.contains(cache) == true, "\(lines)")
        #expect(try CacheDamageTests.answers(library, paths: [path]) == expected)
    }

    /// A frame whose bytes changed does not decompress (zstd's checksum):
    /// one line, the index rebuilt, the same answers.
    @Test func aDamagedFrameCostsOneLineAndARebuild() throws {
        let corpus = try TemporaryCorpus(count: 80, seed: 21)
        let expected: [String]
        let paths: [String]
        do {
            let library = try corpus.library()
            try library.index.update()
            paths = try library.list().map(\.path).filter { try !library.related(ofPath: $0).isEmpty }
            try #require(paths.count > 20)
            expected = try CacheDamageTests.answers(library, paths: paths)
            try library.index.database.writer.write { db in
                for frame in try Int64.fetchAll(db, sql: "SELECT frame FROM related_frame") {
                    var data = [UInt8](try #require(try Data.fetchOne(db, sql: "SELECT data FROM related_frame WHERE frame = ?", arguments: [frame])))
                    data[data.count / 2] ^= 0x10
                    try db.execute(sql: "UPDATE related_frame SET data = ? WHERE frame = ?", arguments: [Data(data), frame])
                }
            }
        }
        let (library, reports) = try corpus.libraryHearingDamage()
        try library.index.update()
        let answers = try CacheDamageTests.answers(library, paths: paths)
        let lines = reports.withLock { $0 }
        #expect(answers == expected)
        #expect(lines.count == 1 && lines.first?.contains("related items") == true, "\(lines)")
    }
}
