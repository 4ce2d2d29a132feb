import CorpusGenerator
import Foundation
import GRDB
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// The copies step keeps nothing between batches: candidates come from the
/// band table. These tests hold it to giving the same groups however the
/// articles are cut into batches and runs.
@Suite(.serialized) struct CopyGrouperBatchTests {
    /// The entries of a planted corpus (every kind of copy, decoys too),
    /// numbered in path order as a first index numbers them, with the truth.
    static func plantedEntries() throws -> (entries: [CopyEntry], paths: [Int64: String], truth: [PlantedFile]) {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 80, seed: 17)
        try CorpusWriter.write(base, to: corpus.corpus)
        let planter = CopyPlanter(base: base, copies: 120, decoys: 10)
        try planter.write(to: corpus.corpus, truthFile: nil)
        var entries: [CopyEntry] = []
        var paths: [Int64: String] = [:]
        for (position, (path, article)) in try corpus.parsedArticles().sorted(by: { $0.key < $1.key }).enumerated() {
            let docno = Int64(position + 1)
            paths[docno] = path
            if let entry = CopyEntry(docno: docno, article: article) { entries.append(entry) }
        }
        return (entries, paths, planter.truth())
    }

    /// The groups the grouper records when given `entries` in runs (a new
    /// grouper each, as each index update makes one), each cut into batches.
    static func groups(_ entries: [CopyEntry], runs: [(count: Int, batch: Int)]) throws -> Set<Set<Int64>> {
        let database = try DatabaseQueue()
        try database.write { db in
            try CopyGroups.createTables(db)
            try CopyGroups.createCountTables(db)
        }
        var rest = entries[...]
        for run in runs {
            let grouper = try database.read { db in try CopyGrouper(db) }
            var taken = rest.prefix(run.count)
            rest = rest.dropFirst(run.count)
            while !taken.isEmpty {
                let batch = Array(taken.prefix(run.batch))
                taken = taken.dropFirst(run.batch)
                try database.write { db in try grouper.add(db, batch) }
            }
        }
        return try database.read { db in
            var members: [Int64: Set<Int64>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT docno, grp FROM copy_group") { members[row[1], default: []].insert(row[0]) }
            return Set(members.values)
        }
    }

    @Test func batchesAndRunsGiveTheGroupsOfOneBatch() throws {
        let (entries, paths, truth) = try Self.plantedEntries()
        let whole = try Self.groups(entries, runs: [(entries.count, entries.count)])
        let score = GroupingScore(groups: whole.map { $0.compactMap { paths[$0] } }, truth: truth)
        #expect(score.truePairs > 100)
        #expect(score.precision >= 0.99 && score.recall >= 0.95, "precision \(score.precision), recall \(score.recall)")
        // Copies land in other batches than their originals, and in later runs.
        #expect(try Self.groups(entries, runs: [(entries.count, 7)]) == whole)
        #expect(try Self.groups(entries, runs: [(entries.count, 1)]) == whole)
        #expect(try Self.groups(entries, runs: [(150, 150), (entries.count, 3)]) == whole)
        #expect(try Self.groups(entries, runs: [(100, 40), (60, 60), (entries.count, 11)]) == whole)
    }

    /// A few files added to an indexed corpus join the groups of copies that
    /// were indexed before them (in another run, so only the band table knows them).
    @Test func addedFilesJoinCopiesIndexedBefore() throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 30, seed: 12)
        try CorpusWriter.write(base, to: corpus.corpus)
        let first = CopyPlanter(base: base, copies: 40)
        try first.write(to: corpus.corpus, truthFile: nil)
        let library = try corpus.library()
        try library.index.update()

        // Copies 40..<48 tell stories 10..<18, each of which has its original and one copy already.
        let more = CopyPlanter(base: base, copies: 48)
        let converter = try ScriptConverter(to: .traditional)
        var added: [String] = []
        for k in 40..<48 {
            let (copy, _) = more.planted(k, converter: converter)
            try corpus.write(copy.fileName, copy.text)
            added.append(copy.fileName)
        }
        let summary = try library.index.update()
        #expect(summary.indexed == 8)
        var story: [String: Int] = [:]
        for file in more.truth() { story[file.file] = file.story }
        for path in added {
            let expected = Set(story.filter { $0.value == story[path] && $0.key != path }.keys)
            #expect(expected.count == 2)
            #expect(Set(try library.copies(ofPath: path)?.map(\.path) ?? []) == expected, "\(path)")
        }

        let fresh = TemporaryCorpusCopy(of: corpus)
        let rebuilt = try fresh.library()
        try rebuilt.index.update()
        #expect(Set(try rebuilt.copyGroups()) == Set(try library.copyGroups()))
    }
}
