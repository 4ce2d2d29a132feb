import ArgumentParser
import Foundation
import SnapshotFormat
import SnapshotStore

/// Link resolution against the generator's truth file, on an indexed corpus.
struct LinkCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "links", abstract: "Related-link resolution against snapgen's truth (index the corpus first).")

    @Argument(help: "The corpus folder.") var corpus: String
    @Argument(help: "The truth TSV written by snapgen --truth.") var truth: String

    func run() throws {
        let library = try CorpusLibrary(corpus: corpus)
        var expected: [String: [Int: String?]] = [:]
        for line in try String(contentsOfFile: truth, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3, let position = Int(parts[1]) else { continue }
            expected[String(parts[0]), default: [:]][position] = parts[2] == "-" ? nil : String(parts[2])
        }
        var inside = 0, outside = 0, found = 0, wrong = 0, invented = 0
        let start = now()
        for (file, items) in expected {
            let resolved = try library.related(ofPath: file)
            for (position, item) in resolved.enumerated() {
                let truth = items[position] ?? nil
                if truth != nil { inside += 1 } else { outside += 1 }
                guard let target = item.target?.path else { continue }
                if target == truth { found += 1 } else if truth == nil { invented += 1 } else { wrong += 1 }
            }
        }
        let seconds = now() - start
        print("links: \(inside + outside) related items (\(inside) with a target in the corpus, \(outside) outside)")
        print("links: found \(found) of \(inside) (\(format(Double(found) * 100 / Double(max(inside, 1)), 2))%), wrong \(wrong), invented for outside items \(invented)")
        print("links: \(format(seconds, 1)) s, \(format(seconds * 1e6 / Double(max(inside + outside, 1)), 1)) µs per item")
    }
}

/// Search results against a brute-force scan of every parsed file.
struct SearchCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search-check", abstract: "Search results against a brute-force scan of the files.")

    @Argument(help: "The corpus folder (indexed).") var corpus: String
    @Argument(help: "Queries to check.") var queries: [String]

    func run() throws {
        let library = try CorpusLibrary(corpus: corpus)
        var texts: [(String, [UInt8])] = []
        let enumerator = FileManager.default.enumerator(atPath: corpus)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".txt"), let article = try? SnapshotParser.parse(fileAt: corpus + "/" + path) else { continue }
            var text = article.title + "\n" + (article.editorNote ?? "")
            for block in article.body where block.kind != .image { text += "\n" + block.text }
            texts.append((path, Array(text.lowercased().utf8)))
        }
        for query in queries {
            let needle = Array(query.lowercased().utf8)
            let expected = Set(texts.filter { $0.1.firstRange(of: needle) != nil }.map(\.0))
            let got = Set(try library.search(query).map(\.article.path))
            let verdict = got == expected ? "exact" : "DIFFERENT (missing \(expected.subtracting(got).count), extra \(got.subtracting(expected).count))"
            print("search-check \(query) (\(query.count) characters): \(got.count) results, brute force \(expected.count): \(verdict)")
        }
    }
}
