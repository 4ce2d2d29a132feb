import Foundation
import SnapshotFormat
import Testing
@testable import CorpusGenerator

/// The generator's output is pinned: the same seed gives the same files,
/// byte for byte, as the generator gave before it was made fast (the digests
/// were taken from that version's `snapgen`), whatever the number of cores.
@Suite struct CorpusGeneratorOutputTests {
    /// FNV-1a over every file (its path, a NUL, its bytes, a NUL) in path order.
    static func digest(ofFolder folder: String) throws -> (files: Int, digest: UInt64) {
        var paths: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue { paths.append(path) }
        }
        paths.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for path in paths {
            let bytes = try #require(FileManager.default.contents(atPath: folder + "/" + path))
            hash = fnv(Array(path.utf8) + [0] + Array(bytes) + [0], hash)
        }
        return (paths.count, hash)
    }

    static func fnv(_ bytes: [UInt8], _ start: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = start
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    static func fileDigest(_ path: String) throws -> UInt64 {
        fnv(Array(try #require(FileManager.default.contents(atPath: path))))
    }

    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "snapgen-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theCorpusAndItsTruthAreTheSameAsBefore() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let generator = CorpusGenerator(count: 300, seed: 7, filesPerFolder: 100)
        try CorpusWriter.write(generator, to: folder + "/c", truthFile: folder + "/t.tsv")
        let (files, digest) = try Self.digest(ofFolder: folder + "/c")
        #expect(files == 300)
        #expect(digest == 0x260D_7FC6_2C18_3800)
        #expect(try Self.fileDigest(folder + "/t.tsv") == 0x9890_84AF_F1E7_D1D0)
        // Each file, written by whichever core, is the snapshot the pure function gives.
        for n in stride(from: 0, to: 300, by: 37) {
            let written = try #require(FileManager.default.contents(atPath: folder + "/c/" + generator.fileName(n)))
            #expect(written == Data(generator.snapshot(n).text.utf8))
        }
    }

    @Test func copiesAndTheirTruthAreTheSameAsBefore() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let generator = CorpusGenerator(count: 200, seed: 7)
        try CorpusWriter.write(generator, to: folder + "/c", truthFile: folder + "/t.tsv")
        let planter = CopyPlanter(base: generator, copies: 80, decoys: 10)
        try planter.write(to: folder + "/c", truthFile: folder + "/copies.json")
        let (files, digest) = try Self.digest(ofFolder: folder + "/c")
        #expect(files == 300)
        // Changed on purpose when the edit in the other script joined the kinds
        // (and the truth named each edit's rewritten block).
        #expect(digest == 0x69D5_66AB_6316_582A)
        #expect(try Self.fileDigest(folder + "/t.tsv") == 0x3573_D2D6_57E0_3ED0)
        let truthDigest = try Self.fileDigest(folder + "/copies.json")
        #expect(truthDigest == 0x1C66_39A2_C262_EEDD)
        // The truth written beside the files is the one `truth()` gives.
        let decoded = try JSONDecoder().decode([String: [PlantedFile]].self, from: try #require(FileManager.default.contents(atPath: folder + "/copies.json")))
        #expect(decoded["files"] == planter.truth())
    }

    /// What counting excerpts in scalars stands on: every word the generator
    /// draws is one scalar a character, so a cut by scalars is a cut by characters.
    @Test func everyWordIsOneScalarACharacter() {
        let lists = [Vocabulary.categories, Vocabulary.sources, Vocabulary.surnames, Vocabulary.givenNames, Vocabulary.nouns,
                     Vocabulary.verbs, Vocabulary.adjectives, Vocabulary.phrases, Vocabulary.latinWords, Vocabulary.connectors,
                     Vocabulary.quoteVerbs, Vocabulary.roles, [",", "、", "个", "“", "”", "。”", "。", "……", "|"]]
        for word in lists.joined() {
            #expect(word.count == word.unicodeScalars.count, "\(word)")
        }
    }

    /// The excerpt cut on UTF-8 is the one cut on characters.
    @Test func excerptsAreCutByCharacters() {
        for index in 0..<40 {
            let draft = StoryDraft(index: index, seed: 3)
            let story = StoryCore(draft)
            var rng = SplitMix64(seed: UInt64(index))
            var same = rng
            let cut = draft.excerpt(&rng)
            // By characters, as the generator cut before.
            let characters = Array(story.body.filter { $0.kind != .image }.map(\.text).joined())
            let length = min(characters.count, same.int(60...90))
            let expected = same.chance(10) ? String(characters[0..<length])
                : { let start = same.int(0...max(0, characters.count - length)); return "..." + String(characters[start..<(start + length)]) }()
            #expect(cut == expected)
        }
    }
}
