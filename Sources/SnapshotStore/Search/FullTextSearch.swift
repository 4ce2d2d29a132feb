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
        let results = try searchResults(query, filter: filter, limit: limit)
        // Rows and snippets on every core, each task filling its own stretch.
        let chunk = 2048
        let hits = [SearchHit](unsafeUninitializedCapacity: results.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let slots = UncheckedPointer(base)
            DispatchQueue.concurrentPerform(iterations: (results.count + chunk - 1) / chunk) { part in
                for position in (part * chunk)..<min(results.count, (part + 1) * chunk) {
                    (slots.pointer + position).initialize(to: results.withHit(at: position) { $0.hit })
                }
            }
            initialized = results.count
        }
        Trace.mark("search: rows and snippets made")
        return hits
    }

    /// The same results without making a row of strings for each: a view of
    /// each straight into the mapped index files, for printing many quickly.
    public func searchResults(_ query: String, filter: ArticleFilter = ArticleFilter(), limit: Int? = nil) throws -> SearchResults {
        let parsed = SearchQuery(query)
        guard !parsed.terms.isEmpty else { return SearchResults(matches: [], characters: nil, text: index.text, term: nil, marks: PersonMarks()) }
        let characters = try index.characterIndex()
        let matches = try rankedMatches(parsed, filter: filter, limit: limit, characters: characters)
        let (bookmarked, read) = try personMarks()
        return SearchResults(matches: matches, characters: characters, text: index.text, term: parsed.terms[0],
                             marks: PersonMarks(bookmarked: bookmarked, read: read))
    }

    /// The ids the person bookmarked and read.
    func personMarks() throws -> (bookmarked: Set<String>, read: Set<String>) {
        try reader.read { db in
            (Set(try String.fetchAll(db, sql: "SELECT article_id FROM user.bookmark")),
             Set(try String.fetchAll(db, sql: "SELECT article_id FROM user.read_state")))
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
        /// Where the first term first occurs in the text, when verification looked.
        var firstHit: Int? = nil
    }

    /// Whether a candidate holds every term, and whether one is in its title.
    /// One memmem per term: a first hit before the end of the title is a title hit.
    static func verify(docno: Int, document: DocumentEntry, terms: [SearchQuery.Term], text: TextStore) -> Match? {
        let bytes = text.bytes(offset: Int(document.textOffset), length: Int(document.textLength))
        let titleLength = min(Int(document.titleLength), bytes.count)
        var titleHit = false
        var firstHit: Int?
        for (position, term) in terms.enumerated() {
            if term.scalars.count == 1 && term.bytes.count <= 4 {
                // A one-character term is answered exactly by the index; only the title is looked at.
                let title = UnsafeRawBufferPointer(rebasing: bytes[0..<titleLength])
                if ByteSearch.firstOffset(of: term.bytes, in: title, foldASCII: term.foldASCII) != nil { titleHit = true }
                continue
            }
            guard let offset = ByteSearch.firstOffset(of: term.bytes, in: bytes, foldASCII: term.foldASCII) else { return nil }
            if offset + term.bytes.count <= titleLength { titleHit = true }
            if position == 0 { firstHit = offset }
        }
        return Match(docno: docno, titleHit: titleHit, published: document.published, firstHit: firstHit)
    }

    func rankedMatches(_ parsed: SearchQuery, filter: ArticleFilter, limit: Int?, characters: CharacterIndex) throws -> [Match] {
        let parts = try verifiedParts(parsed, filter: filter, characters: characters, render: nil)
        var matches = Self.rankOrder(parts, characters: characters).map { parts[Int($0.part)].matches[Int($0.index)] }
        if let limit, matches.count > limit { matches.removeSubrange(max(0, limit)...) }
        return matches
    }

    /// Where a match is among the parts of a verification.
    struct PartPosition: Sendable {
        var part: Int32
        var index: Int32
    }

    /// The matches of `parts` in rank order: title hits first, then as the
    /// list is ordered (newest first). Read off the list order the character
    /// index file keeps, in two passes over it, rather than sorted.
    static func rankOrder(_ parts: [VerifiedPart], characters: CharacterIndex) -> [PartPosition] {
        // For each docno: its match's position among all matches, times two,
        // plus one for a title hit; -1 when it did not match.
        var slot = [Int32](repeating: -1, count: characters.documentCapacity)
        var positions: [PartPosition] = []
        for (part, found) in parts.enumerated() {
            for (index, match) in found.matches.enumerated() where match.docno < slot.count {
                slot[match.docno] = Int32(positions.count) * 2 + (match.titleHit ? 1 : 0)
                positions.append(PartPosition(part: Int32(part), index: Int32(index)))
            }
        }
        var order: [PartPosition] = []
        order.reserveCapacity(positions.count)
        characters.withRankOrder { ranked in
            slot.withUnsafeBufferPointer { slot in
                for titleHits: Int32 in [1, 0] {
                    for rank in 0..<(ranked.count / 4) {
                        let docno = Int(ranked.loadUnaligned(fromByteOffset: rank * 4, as: UInt32.self))
                        guard docno < slot.count else { continue }
                        let value = slot[docno]
                        if value >= 0, value & 1 == titleHits { order.append(positions[Int(value >> 1)]) }
                    }
                }
            }
        }
        let total = parts.reduce(0) { $0 + $1.matches.count }
        guard order.count == total else {
            // A match the list order does not have (a damaged file): sort instead.
            var all: [PartPosition] = []
            for (part, found) in parts.enumerated() {
                for index in found.matches.indices { all.append(PartPosition(part: Int32(part), index: Int32(index))) }
            }
            return all.sorted { Match.ranksBefore(parts[Int($0.part)].matches[Int($0.index)], parts[Int($1.part)].matches[Int($1.index)]) }
        }
        return order
    }

    /// What one task of the verification found: its matches and, when asked,
    /// each one rendered (`ends[i]` is where match i's bytes end).
    struct VerifiedPart {
        var matches: [Match] = []
        var rendered: [UInt8] = []
        var ends: [Int] = []
    }

    /// The candidates of the character index checked against their text, one
    /// task per core, each taking the next chunk of candidates until none are
    /// left (so all finish together). `render`, when given, renders each match
    /// while its text is still in the cache, into one buffer per task.
    func verifiedParts(_ parsed: SearchQuery, filter: ArticleFilter, characters: CharacterIndex,
                       render: (@Sendable (Match, inout [UInt8]) -> Void)?) throws -> [VerifiedPart] {
        var candidates = characters.live
        for term in parsed.terms {
            for scalar in term.scalars {
                guard let documents = characters.documents(containing: scalar) else { return [] }
                candidates.formIntersection(documents)
            }
        }
        if !filter.isEmpty { candidates.formIntersection(try documents(matching: filter)) }
        Trace.mark("search: \(candidates.count) candidates")
        let members = candidates.members
        let chunk = 1024
        let chunks = ChunkDispenser(count: (members.count + chunk - 1) / chunk)
        let tasks = min(chunks.count, ProcessInfo.processInfo.activeProcessorCount)
        let parts = ParallelSlots<VerifiedPart>(count: tasks, initial: VerifiedPart())
        let text = index.text
        let terms = parsed.terms
        DispatchQueue.concurrentPerform(iterations: tasks) { task in
            var found = VerifiedPart()
            if render != nil {
                // Room for a generous rendering of this task's share: the
                // buffer is never copied as it grows, and is backed by few,
                // large pages (tens of megabytes for a common word).
                found.rendered = LargeBuffer.make(capacity: (members.count / tasks + chunk) * 768)
            }
            while let part = chunks.next() {
                for docno in members[(part * chunk)..<min(members.count, (part + 1) * chunk)] {
                    guard let document = characters.document(docno),
                          let match = Self.verify(docno: docno, document: document, terms: terms, text: text) else { continue }
                    found.matches.append(match)
                    if let render {
                        render(match, &found.rendered)
                        found.ends.append(found.rendered.count)
                    }
                }
            }
            parts.set(task, found)
        }
        Trace.mark("search: \(parts.values.reduce(0) { $0 + $1.matches.count }) verified")
        return parts.values
    }

    /// Every result rendered by `render` (straight from the index files, on
    /// every core, while verifying), in rank order: for printing all results
    /// of a search at once.
    public func searchRendered(_ query: String, filter: ArticleFilter = ArticleFilter(),
                               render: @escaping @Sendable (HitView, inout [UInt8]) -> Void) throws -> RenderedSearch {
        let parsed = SearchQuery(query)
        guard !parsed.terms.isEmpty else { return RenderedSearch(parts: [], ends: [], order: []) }
        let characters = try index.characterIndex()
        let (bookmarked, read) = try personMarks()
        let views = SearchResults(matches: [], characters: characters, text: index.text, term: parsed.terms[0],
                                  marks: PersonMarks(bookmarked: bookmarked, read: read))
        let parts = try verifiedParts(parsed, filter: filter, characters: characters) { match, out in
            views.withView(of: match) { render($0, &out) }
        }
        let order = Self.rankOrder(parts, characters: characters)
        Trace.mark("search: \(order.count) rendered and ranked")
        return RenderedSearch(parts: parts.map(\.rendered), ends: parts.map(\.ends), order: order)
    }
}

extension CorpusLibrary.Match {
    /// Title hits first, then the newest, then the higher docno.
    static func ranksBefore(_ a: Self, _ b: Self) -> Bool {
        if a.titleHit != b.titleHit { return a.titleHit }
        if a.published != b.published { return a.published > b.published }
        return a.docno > b.docno
    }
}

/// Search results already rendered, to be written out in rank order.
public struct RenderedSearch: Sendable {
    let parts: [[UInt8]]
    let ends: [[Int]]
    let order: [CorpusLibrary.PartPosition]

    init(parts: [[UInt8]], ends: [[Int]], order: [CorpusLibrary.PartPosition]) {
        self.parts = parts
        self.ends = ends
        self.order = order
    }

    public var count: Int { order.count }

    /// Every result's rendered bytes in rank order, valid inside `body`: for
    /// writing them out with no copy.
    public func withItems<R>(_ body: ([UnsafeRawBufferPointer]) -> R) -> R {
        // One part per core: pinned one inside the other.
        func pinning(_ part: Int, _ pinned: [UnsafeRawBufferPointer], _ body: ([UnsafeRawBufferPointer]) -> R) -> R {
            guard part < parts.count else {
                return body(order.map { position in
                    let part = Int(position.part), index = Int(position.index)
                    let start = index == 0 ? 0 : ends[part][index - 1]
                    return UnsafeRawBufferPointer(rebasing: pinned[part][start..<ends[part][index]])
                })
            }
            return parts[part].withUnsafeBytes { pinning(part + 1, pinned + [$0], body) }
        }
        return pinning(0, [], body)
    }
}

/// A pointer handed to the tasks of a parallel loop, each of which writes
/// only its own elements.
struct UncheckedPointer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>

    init(_ pointer: UnsafeMutablePointer<Element>) {
        self.pointer = pointer
    }
}

/// A short excerpt of the text around the first hit in the body.
enum Snippet {
    static let before = 20
    static let after = 40

    /// Where a snippet lies in the body, and whether text was cut before or after it.
    struct Location {
        var start: Int
        var end: Int
        var cutBefore: Bool
        var cutAfter: Bool
    }

    /// The snippet's place in `body`: up to 20 characters before the first
    /// hit and 40 after, within its line; the line's start when there is no hit.
    static func locate(body: UnsafeRawBufferPointer, term: SearchQuery.Term, hitInBody: Int? = nil) -> Location {
        guard let hit = hitInBody ?? ByteSearch.firstOffset(of: term.bytes, in: body, foldASCII: term.foldASCII) else {
            return Location(start: 0, end: lineEnd(in: body, from: 0, to: body.count), cutBefore: false, cutAfter: false)
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
        // Neither walk crossed a line break, so the snippet is one line; only
        // a term of more than 10 characters can make it longer than 70.
        let stop = term.bytes.count <= 10 ? end : lineEnd(in: body, from: start, to: end)
        return Location(start: start, end: stop,
                        cutBefore: start > 0 && body[start - 1] != 0x0A, cutAfter: end < body.count && body[end] != 0x0A)
    }

    static func make(text: UnsafeRawBufferPointer, bodyStart: Int, term: SearchQuery.Term, hitInBody: Int? = nil) -> String {
        guard bodyStart < text.count else { return "" }
        let body = UnsafeRawBufferPointer(rebasing: text[bodyStart...])
        let location = locate(body: body, term: term, hitInBody: hitInBody)
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: body[location.start..<location.end]), as: UTF8.self)
        return (location.cutBefore ? "…" : "") + text + (location.cutAfter ? "…" : "")
    }

    /// Where the line starting at `start` ends, before `end`, at 70 characters at most.
    private static func lineEnd(in body: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        var stop = start
        var characters = 0
        while stop < end, body[stop] != 0x0A {
            stop += 1
            if stop < body.count, body[stop] & 0xC0 != 0x80 { characters += 1 }
            if characters > before + after + 10 { break }
        }
        return stop
    }
}
