import CorpusGenerator
import Foundation
import Synchronization
import Testing
@testable import SnapshotStore

/// The index is a cache: whatever happens to its files costs time, never a
/// wrong answer. Each cache file is zeroed, cut, bit-flipped and replaced by
/// noise, and then search, list and related must answer exactly what a
/// fresh index answers, with at most one line about the damage.
@Suite(.serialized) struct CacheDamageTests {
    /// Always vouches for the same corpus state, so that the watch token file
    /// is written and read like a real watcher's.
    struct FixedMonitor: ChangeMonitor {
        func currentToken(root: String) -> ChangeToken? { ChangeToken(instance: 7, changes: 3) }
    }

    /// What a corpus answers: search results (all, and the first few), the
    /// list, and the related items of some files, as comparable text.
    static func answers(_ library: CorpusLibrary, paths: [String]) throws -> [String] {
        var lines: [String] = []
        for query in ["社区", "。", "发展 合作", "村"] {
            lines += try library.search(query).map { "search \(query): \($0.article.path) \($0.titleHit) \($0.snippet)" }
            lines += try library.search(query, limit: 3).map { "search \(query) 3: \($0.article.path) \($0.snippet)" }
            let results = try library.searchResults(query, limit: 5)
            for position in 0..<results.count { lines.append("results \(query): " + results.withHit(at: position) { "\($0.hit.article.path) \($0.hit.snippet)" }) }
            var rendered: [UInt8] = []
            try library.searchRendered(query, limit: 4, render: { view, out in out += Array(view.hit.article.path.utf8) + [0x0A] },
                                       write: { pieces in for piece in pieces { rendered += piece } })
            lines.append("rendered \(query): " + String(decoding: rendered, as: UTF8.self))
        }
        lines += try library.list().map { "list: \($0.path) \($0.title) \($0.category ?? "-")" }
        if let results = try library.listResults() {
            for position in 0..<results.count { lines.append("list rows: " + results.withHit(at: position) { "\($0.hit.article.path)" }) }
        }
        lines += try library.categories().map { "category: \($0.name) \($0.count)" }
        for path in paths {
            lines += try library.related(ofPath: path).map { "related \(path): \($0.item.excerpt) -> \($0.target?.path ?? "none")" }
        }
        return lines
    }

    /// A deterministic generator for the offsets and the noise.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    enum Damage: CustomStringConvertible {
        case zeroed, truncated(Double), flipped(Int), noise

        var description: String {
            switch self {
            case .zeroed: return "zeroed"
            case .truncated(let share): return "truncated at \(Int(share * 100))%"
            case .flipped(let seed): return "bit flips (seed \(seed))"
            case .noise: return "noise"
            }
        }

        func apply(to bytes: inout [UInt8]) {
            switch self {
            case .zeroed:
                bytes = [UInt8](repeating: 0, count: bytes.count)
            case .truncated(let share):
                bytes = Array(bytes.prefix(Int(Double(bytes.count) * share)))
            case .flipped(let seed):
                var random = SeededRandom(state: UInt64(seed))
                guard !bytes.isEmpty else { return }
                for _ in 0..<3 {
                    let offset = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[offset] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                }
            case .noise:
                var random = SeededRandom(state: UInt64(bytes.count))
                bytes = (0..<max(bytes.count, 64)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
        }
    }

    static let damages: [Damage] = [.zeroed, .truncated(0), .truncated(0.01), .truncated(0.5), .truncated(0.99), .noise]
        + (1...6).map { .flipped($0) }

    @Test(arguments: ["", ".chars", ".text", ".state", ".watch"])
    func damageToACacheFileCostsOnlyTime(suffix: String) throws {
        let corpus = try TemporaryCorpus(count: 60, seed: 11)
        let paths = ["part-000/000000.txt", "part-000/000005.txt", "part-000/000017.txt"].filter {
            FileManager.default.fileExists(atPath: corpus.corpus + "/" + $0)
        }
        let expected: [String]
        let cache: String
        do {
            let library = try corpus.library()
            library.index.changeMonitor = FixedMonitor()
            try library.index.update()
            expected = try Self.answers(library, paths: try paths.isEmpty ? Array(library.list().prefix(3).map(\.path)) : paths)
            cache = library.index.database.path
        }
        let relatedPaths = paths.isEmpty ? try corpus.library().list().prefix(3).map(\.path) : paths
        #expect(expected.filter { $0.hasPrefix("search 。:") }.count == 60)
        #expect(expected.filter { $0.hasPrefix("search 社区") }.count > 5)
        #expect(expected.contains { $0.hasPrefix("related") && !$0.hasSuffix("-> none") })
        // The whole cache as it was, restored before each damage.
        let folder = (cache as NSString).deletingLastPathComponent
        let good = try FileManager.default.contentsOfDirectory(atPath: folder).reduce(into: [String: Data]()) { files, name in
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        let target = cache + suffix
        #expect(good[(target as NSString).lastPathComponent] != nil, "\(target) was not written")
        for damage in Self.damages {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) { unlink(folder + "/" + name) }
            for (name, data) in good { try data.write(to: URL(fileURLWithPath: folder + "/" + name)) }
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: target)))
            let before = bytes
            damage.apply(to: &bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: target))

            let (library, reports) = try corpus.libraryHearingDamage()
            library.index.changeMonitor = FixedMonitor()
            try library.index.update()
            let answers = try Self.answers(library, paths: relatedPaths)
            let lines = reports.withLock { $0 }
            let firstDifference = zip(answers, expected).first { $0 != $1 }.map { "\($0.0) instead of \($0.1)" }
            // Every page of index.sqlite carries a checksum (DECISIONS.md): a flip inside a row is seen too.
            #expect(answers.count == expected.count && firstDifference == nil,
                    "\(suffix) \(damage): \(answers.count) answers, \(expected.count) expected; \(firstDifference ?? "") (\(lines))")
            #expect(lines.count <= 1, "\(target) \(damage): \(lines)")
            var mayGoUnseen = false
            // A flipped page of index.sqlite that no query reads is seen
            // when one does; the fingerprints of the file state are read
            // only when no watcher vouches.
            if case .flipped = damage, suffix == "" || suffix == ".state" { mayGoUnseen = true }
            if bytes != before, !mayGoUnseen {
                #expect(lines.count == 1, "\(target) \(damage): the damage went unreported")
            }
            for line in lines { #expect(line.contains(folder) && line.contains("damaged"), "\(line)") }
        }
    }

    /// A temporary file left by a process that died mid-write is removed
    /// when the index is next opened; one of a running process is not.
    @Test func leftoversOfDeadWritersAreRemoved() throws {
        let corpus = try TemporaryCorpus(count: 3)
        let path = try corpus.library().index.database.path
        let dead = path + ".chars.tmp-999999"
        let alive = path + ".chars.tmp-\(getpid())"
        for file in [dead, alive] { FileManager.default.createFile(atPath: file, contents: Data("partial".utf8)) }
        _ = try corpus.library()
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive))
    }

    /// The checksum sees every kind of change to the bytes it covers.
    @Test func theChecksumSeesEveryFlipAndCut() {
        var random = SeededRandom(state: 3)
        let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let sum = ContentHash.of(bytes)
        for offset in stride(from: 0, to: bytes.count, by: 7) {
            var flipped = bytes
            flipped[offset] ^= 0x10
            #expect(ContentHash.of(flipped) != sum)
        }
        for length in [0, 1, 31, 32, 33, 999] { #expect(ContentHash.of(Array(bytes.prefix(length))) != sum) }
        #expect(ContentHash.of(bytes) == sum)
        #expect(ContentHash.of([UInt8](repeating: 0, count: 64)) != ContentHash.of([UInt8](repeating: 0, count: 65)))
    }
}
