import Foundation
import SnapshotFormat

/// One search result: the article, whether the title matched, and a snippet
/// around the first hit in the text.
public struct SearchHit: Sendable, Equatable {
    public var article: ArticleSummary
    public var titleHit: Bool
    public var snippet: String
}

/// A query cut into terms (split at white space); an article matches when it
/// contains every term, in its title, editor's note or body.
struct SearchQuery {
    struct Term {
        var bytes: [UInt8]
        var scalars: Set<UInt32>
        var foldASCII: Bool
    }

    var terms: [Term]

    init(_ text: String) {
        terms = text.split(whereSeparator: { $0.isWhitespace }).map { word in
            let bytes = Array(word.utf8)
            var scalars = Set<UInt32>()
            for scalar in word.unicodeScalars where scalar.value > 0x20 {
                var value = scalar.value
                if value >= 0x41 && value <= 0x5A { value += 0x20 }
                scalars.insert(value)
            }
            return Term(bytes: bytes, scalars: scalars, foldASCII: ByteSearch.hasASCIILetters(bytes))
        }.filter { !$0.scalars.isEmpty }
    }
}

extension CorpusLibrary {
    /// Articles containing every term of `query`, title hits first, then
    /// newest first. Exact for queries of any length, one character included.
    public func search(_ query: String, filter: ArticleFilter = ArticleFilter(), limit: Int? = nil) throws -> [SearchHit] {
        let parsed = SearchQuery(query)
        guard !parsed.terms.isEmpty else { return [] }
        let characters = try index.characterIndex()
        let matches = try rankedMatches(parsed, filter: filter, limit: limit, characters: characters)
        let summaries = try articles(docnos: matches.map { Int64($0.docno) })
        Trace.mark("search: summaries fetched")
        defer { Trace.mark("search: snippets made") }
        return matches.compactMap { match in
            guard let summary = summaries[Int64(match.docno)], let document = characters.document(match.docno) else { return nil }
            let text = index.text.bytes(offset: Int(document.textOffset), length: Int(document.textLength))
            return SearchHit(article: summary, titleHit: match.titleHit,
                             snippet: Snippet.make(text: text, bodyStart: Int(document.titleLength) + 1, term: parsed.terms[0]))
        }
    }

    /// The docnos of the articles matching `query`, ranked, without building
    /// rows or snippets: what the reader's list needs. `allowStale` searches a
    /// character index that an update in progress has not rewritten yet
    /// (articles added since are missed until it has).
    public func searchHandles(_ query: String, filter: ArticleFilter = ArticleFilter(), allowStale: Bool = false) throws -> [Int64] {
        let parsed = SearchQuery(query)
        guard !parsed.terms.isEmpty else { return [] }
        let characters = try index.characterIndex(allowStale: allowStale)
        return try rankedMatches(parsed, filter: filter, limit: nil, characters: characters).map { Int64($0.docno) }
    }

    struct Match {
        var docno: Int
        var titleHit: Bool
        var published: Int64
    }

    func rankedMatches(_ parsed: SearchQuery, filter: ArticleFilter, limit: Int?, characters: CharacterIndex) throws -> [Match] {
        var candidates = characters.live
        for term in parsed.terms {
            for scalar in term.scalars {
                guard let documents = characters.documents(containing: scalar) else { return [] }
                candidates.formIntersection(documents)
            }
        }
        if !filter.isEmpty { candidates.formIntersection(try documents(matching: filter)) }
        Trace.mark("search: \(candidates.count) candidates")

        var matches: [Match] = []
        for docno in candidates.members {
            guard let document = characters.document(docno) else { continue }
            let text = index.text.bytes(offset: Int(document.textOffset), length: Int(document.textLength))
            let title = UnsafeRawBufferPointer(rebasing: text[0..<min(Int(document.titleLength), text.count)])
            var titleHit = false
            var matchesAll = true
            for term in parsed.terms {
                if ByteSearch.firstOffset(of: term.bytes, in: title, foldASCII: term.foldASCII) != nil {
                    titleHit = true
                    continue
                }
                // A one-character term is answered exactly by the index.
                if term.scalars.count == 1 && term.bytes.count <= 4 { continue }
                if ByteSearch.firstOffset(of: term.bytes, in: text, foldASCII: term.foldASCII) == nil {
                    matchesAll = false
                    break
                }
            }
            if matchesAll { matches.append(Match(docno: docno, titleHit: titleHit, published: document.published)) }
        }
        Trace.mark("search: \(matches.count) verified")
        matches.sort { a, b in
            if a.titleHit != b.titleHit { return a.titleHit }
            if a.published != b.published { return a.published > b.published }
            return a.docno > b.docno
        }
        if let limit, matches.count > limit { matches.removeSubrange(max(0, limit)...) }
        return matches
    }
}

/// A short excerpt of the text around the first hit in the body.
enum Snippet {
    static let before = 20
    static let after = 40

    static func make(text: UnsafeRawBufferPointer, bodyStart: Int, term: SearchQuery.Term) -> String {
        guard bodyStart < text.count else { return "" }
        let body = UnsafeRawBufferPointer(rebasing: text[bodyStart...])
        guard let hit = ByteSearch.firstOffset(of: term.bytes, in: body, foldASCII: term.foldASCII) else {
            return line(in: body, from: 0, to: body.count, prefixed: false)
        }
        var start = hit
        var characters = 0
        while start > 0, characters < before {
            start -= 1
            if body[start] == 0x0A { start += 1; break }
            if body[start] & 0xC0 != 0x80 { characters += 1 }
        }
        var end = hit + term.bytes.count
        characters = 0
        while end < body.count, body[end] != 0x0A, characters < after {
            end += 1
            while end < body.count, body[end] & 0xC0 == 0x80 { end += 1 }
            characters += 1
        }
        let prefixed = start > 0 && body[start - 1] != 0x0A
        let suffixed = end < body.count && body[end] != 0x0A
        return line(in: body, from: start, to: end, prefixed: prefixed) + (suffixed ? "…" : "")
    }

    private static func line(in body: UnsafeRawBufferPointer, from start: Int, to end: Int, prefixed: Bool) -> String {
        var stop = start
        var characters = 0
        while stop < end, body[stop] != 0x0A {
            stop += 1
            if stop < body.count, body[stop] & 0xC0 != 0x80 { characters += 1 }
            if characters > before + after + 10 { break }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: body[start..<stop]), as: UTF8.self)
        return (prefixed ? "…" : "") + text
    }
}
