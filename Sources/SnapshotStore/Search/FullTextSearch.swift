import CSystemSupport
import GRDB
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
        /// The term is one Unicode scalar, which the character index answers
        /// exactly. Not `scalars.count == 1`: that set also holds one element
        /// for `pp` or `区区`, which must be looked for in the text.
        var isOneCharacter: Bool
    }

    var terms: [Term]

    init(_ text: String) {
        terms = text.split(whereSeparator: { $0.isWhitespace }).map { original in
            // Both scripts match: the query is folded as the index is.
            let word = ScriptFold.fold(String(original))
            let bytes = Array(word.utf8)
            var scalars = Set<UInt32>()
            for scalar in word.unicodeScalars where scalar.value > 0x20 {
                var value = scalar.value
                if value >= 0x41 && value <= 0x5A { value += 0x20 }
                scalars.insert(value)
            }
            return Term(bytes: bytes, scalars: scalars, foldASCII: ByteSearch.hasASCIILetters(bytes),
                        isOneCharacter: word.unicodeScalars.count == 1)
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
            ParallelLoop.run(iterations: (results.count + chunk - 1) / chunk) { part in
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
        try recoveringFromDamage { try searchResultsOnce(query, filter: filter, limit: limit) }
    }

    private func searchResultsOnce(_ query: String, filter: ArticleFilter, limit: Int?) throws -> SearchResults {
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
        return try recoveringFromDamage {
            let characters = try index.characterIndex(allowStale: allowStale)
            return try rankedMatches(parsed, filter: filter, limit: nil, characters: characters).map { Int64($0.docno) }
        }
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
    static func verify(docno: Int, document: DocumentEntry, terms: [SearchQuery.Term], text: TextStore, foldScripts: Bool = false) -> Match? {
        text.withBytes(offset: Int(document.textOffset), length: Int(document.textLength)) { bytes in
            verify(docno: docno, document: document, terms: terms, bytes: bytes, foldScripts: foldScripts)
        }
    }

    /// `verify` on the text already read.
    static func verify(docno: Int, document: DocumentEntry, terms: [SearchQuery.Term], bytes: UnsafeRawBufferPointer, foldScripts: Bool) -> Match? {
        let titleLength = min(Int(document.titleLength), bytes.count)
        var titleHit = false
        var firstHit: Int?
        for (position, term) in terms.enumerated() {
            if term.isOneCharacter {
                // A one-character term is answered exactly by the index; only the title is looked at.
                let title = UnsafeRawBufferPointer(rebasing: bytes[0..<titleLength])
                if ByteSearch.firstOffset(of: term.bytes, in: title, foldASCII: term.foldASCII, foldScripts: foldScripts) != nil { titleHit = true }
                continue
            }
            guard let offset = ByteSearch.firstOffset(of: term.bytes, in: bytes, foldASCII: term.foldASCII, foldScripts: foldScripts) else { return nil }
            if offset + term.bytes.count <= titleLength { titleHit = true }
            if position == 0 { firstHit = offset }
        }
        return Match(docno: docno, titleHit: titleHit, published: document.published, firstHit: firstHit)
    }

    /// The matches in rank order, the first `limit` only when given.
    func rankedMatches(_ parsed: SearchQuery, filter: ArticleFilter, limit: Int?, characters: CharacterIndex) throws -> [Match] {
        guard let limit else {
            // All of them: verified in the order of the text store (front to
            // back), then put in rank order.
            let parts = try verifiedParts(parsed, filter: filter, characters: characters, render: nil)
            return Self.rankOrder(parts, characters: characters).map { parts[Int($0.part)].matches[Int($0.index)] }
        }
        // A few: the candidates are verified in rank order until there are enough.
        guard limit > 0 else { return [] }
        var matches: [Match] = []
        try verifyInRankOrder(parsed, filter: filter, limit: limit, characters: characters, render: nil) { block in
            matches += block.matches.prefix(limit - matches.count)
            return matches.count < limit
        }
        Trace.mark("search: \(matches.count) verified")
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

    /// What verification found in a stretch of candidates: the matches and,
    /// when asked, each one rendered (`ends[i]` is where match i's bytes end).
    struct VerifiedPart {
        var matches: [Match] = []
        var rendered: [UInt8] = []
        var ends: [Int] = []

        /// Verifies one candidate and, when it matches, keeps it (rendered by
        /// `render` when given).
        mutating func check(_ docno: Int, document: DocumentEntry, terms: [SearchQuery.Term], text: TextStore, foldScripts: Bool,
                            render: Render?) {
            text.withBytes(offset: Int(document.textOffset), length: Int(document.textLength)) { bytes in
                check(docno, document: document, terms: terms, bytes: bytes, foldScripts: foldScripts, render: render)
            }
        }

        /// `check` of a candidate whose text is read already (`bytes`).
        mutating func check(_ docno: Int, document: DocumentEntry, terms: [SearchQuery.Term], bytes: UnsafeRawBufferPointer,
                            foldScripts: Bool, render: Render?) {
            guard let match = CorpusLibrary.verify(docno: docno, document: document, terms: terms, bytes: bytes, foldScripts: foldScripts) else { return }
            matches.append(match)
            if let render {
                render(match, bytes, &rendered)
                ends.append(rendered.count)
            }
        }

        /// Renders a match, given its text, onto the end of the buffer.
        typealias Render = @Sendable (Match, UnsafeRawBufferPointer, inout [UInt8]) -> Void

        /// Where match `index`'s bytes lie in `rendered`.
        func range(of index: Int) -> Range<Int> {
            (index == 0 ? 0 : ends[index - 1])..<ends[index]
        }

        mutating func empty() {
            matches.removeAll(keepingCapacity: true)
            rendered.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
        }
    }

    /// The live articles that hold every character of the query and pass
    /// `filter`, by the character index; nil when a character occurs nowhere.
    func candidates(_ parsed: SearchQuery, filter: ArticleFilter, characters: CharacterIndex) throws -> DocumentBitmap? {
        var candidates = characters.live
        for term in parsed.terms {
            for scalar in term.scalars {
                guard let documents = characters.documents(containing: scalar) else { return nil }
                candidates.formIntersection(documents)
            }
        }
        var others = filter
        others.distinct = false
        if !others.isEmpty { candidates.formIntersection(try documents(matching: others)) }
        if filter.distinct { try keepFirstMatchingCopies(&candidates, terms: parsed.terms, characters: characters) }
        return candidates
    }

    /// `--distinct` in a search: of a story's copies among the candidates,
    /// the first published that holds the query stays and the others go, so a
    /// story whose first snapshot lacks the query is found by a later one.
    /// The copies among the candidates are verified here, in publishing order
    /// a story at a time, until one matches.
    func keepFirstMatchingCopies(_ candidates: inout DocumentBitmap, terms: [SearchQuery.Term], characters: CharacterIndex) throws {
        var stories: [Int64: [(published: Int64, docno: Int)]] = [:]
        try reader.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT g.grp, g.docno, COALESCE(a.published, 9223372036854775807) FROM copy_group g JOIN article a ON a.docno = g.docno
                """)
            while let row = try rows.next() {
                let docno: Int = row[1]
                if candidates.contains(docno) { stories[row[0], default: []].append((row[2], docno)) }
            }
        }
        for members in stories.values where members.count > 1 {
            var kept = false
            for member in members.sorted(by: { ($0.published, $0.docno) < ($1.published, $1.docno) }) {
                if !kept, let document = characters.document(member.docno),
                   Self.verify(docno: member.docno, document: document, terms: terms, text: index.text,
                               foldScripts: characters.foldsScripts(member.docno)) != nil {
                    kept = true
                } else {
                    candidates.remove(member.docno)
                }
            }
        }
    }

    /// The candidates of the character index checked against their text, one
    /// task per core, each taking the next chunk of candidates in docno order
    /// (the order of the text store) until none are left. `render`, when
    /// given, renders each match while its text is still in the cache, into
    /// one buffer per task.
    func verifiedParts(_ parsed: SearchQuery, filter: ArticleFilter, characters: CharacterIndex, keptBytes: Int = 768,
                       render: VerifiedPart.Render?) throws -> [VerifiedPart] {
        guard let candidates = try candidates(parsed, filter: filter, characters: characters) else { return [] }
        Trace.mark("search: \(candidates.count) candidates")
        let members = candidates.members
        let chunk = 1024
        let chunks = ChunkDispenser(count: (members.count + chunk - 1) / chunk)
        let tasks = min(chunks.count, ProcessInfo.processInfo.activeProcessorCount)
        let parts = ParallelSlots<VerifiedPart>(count: tasks, initial: VerifiedPart())
        let text = index.text
        let terms = parsed.terms
        ParallelLoop.run(iterations: tasks) { task in
            var found = VerifiedPart()
            if render != nil {
                // Room for a generous rendering of this task's share: the
                // buffer is never copied as it grows, and is backed by few,
                // large pages (tens of megabytes for a common word).
                found.rendered = LargeBuffer.make(capacity: (members.count / tasks + chunk) * keptBytes)
            }
            while let part = chunks.next() {
                var low = Int.max, high = 0
                // A frame at a time: the candidates that follow in the same
                // frame are read from it with one lookup.
                var position = part * chunk
                let end = min(members.count, (part + 1) * chunk)
                while position < end {
                    guard let first = characters.document(members[position]) else {
                        position += 1
                        continue
                    }
                    text.withFrameText(holding: Int(first.textOffset)) { frame, start in
                        var document = first
                        var isFirst = true
                        while true {
                            let docno = members[position]
                            let offset = Int(document.textOffset) - start, length = Int(document.textLength)
                            let inFrame = offset >= 0 && offset + length <= frame.count
                            // The first is read from its frame, or is empty (damage);
                            // the others that are not in it wait for their own.
                            guard inFrame || isFirst else { return }
                            isFirst = false
                            low = min(low, Int(document.textOffset))
                            high = max(high, Int(document.textOffset) + length)
                            let bytes = inFrame ? UnsafeRawBufferPointer(rebasing: frame[offset..<(offset + length)]) : UnsafeRawBufferPointer(start: nil, count: 0)
                            found.check(docno, document: document, terms: terms, bytes: bytes, foldScripts: characters.foldsScripts(docno), render: render)
                            position += 1
                            guard position < end, let next = characters.document(members[position]) else { return }
                            document = next
                        }
                    }
                }
                // Rendering is the last use of this text: its pages are let go
                // here, on every core, rather than all at exit on one.
                if render != nil, low < high { text.release(low..<high) }
            }
            parts.set(task, found)
        }
        Trace.mark("search: \(parts.values.reduce(0) { $0 + $1.matches.count }) verified")
        return parts.values
    }

    /// The candidates of `parsed` under `filter` checked against their text
    /// in the order their results are shown (`RankedCandidates`), a stretch
    /// at a time, each stretch growing (`limit` candidates first, then four
    /// times as many each time): the verified blocks go to `deliver` in
    /// order until it returns false or no candidate is left. A search for 50
    /// results then reads what 50 results need, whatever the corpus's size.
    func verifyInRankOrder(_ parsed: SearchQuery, filter: ArticleFilter, limit: Int, characters: CharacterIndex,
                           render: VerifiedPart.Render?, deliver: (VerifiedPart) -> Bool) throws {
        guard let candidates = try candidates(parsed, filter: filter, characters: characters) else { return }
        var order = RankedCandidates(candidates: candidates, terms: parsed.terms, characters: characters, text: index.text,
                                     titles: index.titleIndex(for: characters))
        var wanted = max(1, limit)
        var wantsMore = true
        var given = 0
        while wantsMore {
            let stretch = order.next(wanted)
            guard !stretch.isEmpty else { break }
            given += stretch.count
            // Blocks of about what is still wanted, shared by the cores: a
            // few results cost a few verifications.
            let blockSize = min(256, max(16, wanted / ProcessInfo.processInfo.activeProcessorCount))
            verifyInOrder(stretch, terms: parsed.terms, characters: characters, blockSize: blockSize, render: render) { block in
                wantsMore = deliver(block)
                return wantsMore
            }
            wanted = min(wanted * 4, 1 << 16)
        }
        Trace.mark("search: \(given) of \(candidates.count) candidates ordered")
    }

    /// Whether a term occurs in the document's title: read from the list
    /// fields of the character index file (the text store is not touched).
    static func hasTitleHit(_ docno: Int, terms: [SearchQuery.Term], characters: CharacterIndex, text: TextStore) -> Bool {
        characters.withListing(docno) { listing in
            let title: UnsafeRawBufferPointer
            if let listing {
                title = listing.title
            } else if let document = characters.document(docno) {
                return text.withBytes(offset: Int(document.textOffset), length: Int(document.textLength)) { bytes in
                    hasTerm(terms, in: UnsafeRawBufferPointer(rebasing: bytes[0..<min(Int(document.titleLength), bytes.count)]), folds: characters.foldsScripts(docno))
                }
            } else {
                return false
            }
            return hasTerm(terms, in: title, folds: characters.foldsScripts(docno))
        }
    }

    private static func hasTerm(_ terms: [SearchQuery.Term], in title: UnsafeRawBufferPointer, folds: Bool) -> Bool {
        terms.contains { ByteSearch.firstOffset(of: $0.bytes, in: title, foldASCII: $0.foldASCII, foldScripts: folds) != nil }
    }

    /// Checks the candidates of `order` against their text in blocks, on
    /// every core, and hands the blocks to `deliver` in order, one at a time
    /// (it returns false when it wants no more). `render`, when given,
    /// renders each match while its text is still in the cache. Blocks are
    /// reused once delivered.
    func verifyInOrder(_ order: [UInt32], terms: [SearchQuery.Term], characters: CharacterIndex, blockSize: Int = 256,
                       render: VerifiedPart.Render?, deliver: (VerifiedPart) -> Bool) {
        guard !order.isEmpty else { return }
        // Small enough that a few results cost little and both cores finish
        // together; large enough that handing out blocks costs nothing.
        let blockSize = max(1, blockSize)
        let blocks = ChunkDispenser(count: (order.count + blockSize - 1) / blockSize)
        let delivery = OrderedDelivery<VerifiedPart>()
        let text = index.text
        withoutActuallyEscaping(deliver) { deliver in
            let handOn = UncheckedBox(deliver)
            ParallelLoop.run(iterations: min(blocks.count, ProcessInfo.processInfo.activeProcessorCount)) { _ in
                var block = VerifiedPart()
                while !delivery.stopped, let number = blocks.next() {
                    block.empty()
                    for docno in order[(number * blockSize)..<min(order.count, (number + 1) * blockSize)] {
                        guard let document = characters.document(Int(docno)) else { continue }
                        block.check(Int(docno), document: document, terms: terms, text: text, foldScripts: characters.foldsScripts(Int(docno)), render: render)
                    }
                    block = delivery.hand(number, block, to: handOn.value, reset: { $0.empty() }) ?? VerifiedPart()
                }
            }
        }
    }

    /// Every result of a search rendered by `render` (straight from the index
    /// files, on every core, while verifying) and handed to `write` in rank
    /// order, a batch of pieces at a time: for printing all results, or the
    /// first `limit`. Returns how many there were.
    @discardableResult
    public func searchRendered(_ query: String, filter: ArticleFilter = ArticleFilter(), limit: Int? = nil,
                               render: @escaping @Sendable (HitView, inout [UInt8]) -> Void,
                               write: ([UnsafeRawBufferPointer]) -> Void) throws -> Int {
        try searchRendered(query, filter: filter, limit: limit, blockSize: Self.renderBlock, render: render, write: write)
    }

    /// `searchRendered` with every result rendered `blockSize` at a time
    /// (tests make them small, to have many blocks).
    @discardableResult
    func searchRendered(_ query: String, filter: ArticleFilter = ArticleFilter(), limit: Int? = nil, blockSize: Int,
                        render: @escaping @Sendable (HitView, inout [UInt8]) -> Void,
                        write: ([UnsafeRawBufferPointer]) -> Void) throws -> Int {
        let parsed = SearchQuery(query)
        guard !parsed.terms.isEmpty, limit.map({ $0 > 0 }) ?? true else { return 0 }
        // Nothing is written before the text read is known to be good: a
        // damaged index is rebuilt and the search run again, from the start.
        let rendered = try recoveringFromDamage { () throws -> RenderedSearch in
            let result = try renderSearch(parsed, filter: filter, limit: limit, render: render)
            if let damage = index.text.damage { throw damage }
            return result
        }
        guard let views = rendered.views else {
            // A few, rendered already.
            Self.withPinnedBytes(rendered.parts.map(\.rendered)) { buffers in
                write(rendered.order.map { position in
                    UnsafeRawBufferPointer(rebasing: buffers[Int(position.part)][rendered.parts[Int(position.part)].range(of: Int(position.index))])
                })
            }
            return rendered.order.count
        }
        // Every result: only the snippets were kept while reading the text;
        // the rows are rendered now, in rank order, a block at a time on
        // every core, and written as each block's turn comes (a few blocks'
        // worth of rows exists at once, not the whole output).
        Self.renderInOrder(rendered, views: views, blockSize: max(1, blockSize), render: render, write: write)
        Trace.mark("search: \(rendered.order.count) rendered and written")
        return rendered.order.count
    }

    /// How many results a block of `renderInOrder` holds: a few hundred
    /// kilobytes of rows, written at once.
    static let renderBlock = 4096

    /// The results of `search` (snippets kept), in the order of its `order`,
    /// rendered by `render` on every core, `blockSize` at a time, and handed
    /// to `write` in order.
    private static func renderInOrder(_ search: RenderedSearch, views: SearchResults, blockSize: Int,
                                      render: @escaping @Sendable (HitView, inout [UInt8]) -> Void,
                                      write: ([UnsafeRawBufferPointer]) -> Void) {
        struct Block {
            var bytes: [UInt8] = []
            var ends: [Int] = []
        }
        let order = search.order, parts = search.parts
        let blocks = ChunkDispenser(count: (order.count + blockSize - 1) / blockSize)
        // Within a block, a stretch at a time (256 of a full block).
        let stretchSize = min(256, max(1, blockSize / 16))
        let delivery = OrderedDelivery<Block>()
        withoutActuallyEscaping(write) { write in
            let deliver: (Block) -> Bool = { block in
                block.bytes.withUnsafeBytes { bytes in
                    var start = 0
                    write(block.ends.map { end in
                        defer { start = end }
                        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                    })
                }
                return true
            }
            let characters = views.characterIndex
            withPinned(parts.map(\.matches)) { matches in
                withPinned(parts.map(\.ends)) { ends in
                    withPinnedBytes(parts.map(\.rendered)) { kept in
                        let pinned = UncheckedBox((matches, ends, kept))
                        withoutActuallyEscaping(deliver) { deliver in
                            let handOn = UncheckedBox(deliver)
                            ParallelLoop.run(iterations: min(blocks.count, ProcessInfo.processInfo.activeProcessorCount)) { _ in
                                let (matches, ends, kept) = pinned.value
                                var block = Block()
                                var stretch: [(match: Match, kept: UnsafeRawBufferPointer)] = []
                                var touched: UInt8 = 0
                                while let number = blocks.next() {
                                    // A few hundred at a time, in three loops: the
                                    // results in rank order lie all over memory, and
                                    // loops that only load let those loads overlap.
                                    var low = number * blockSize
                                    let high = min(order.count, (number + 1) * blockSize)
                                    while low < high {
                                        let top = min(high, low + stretchSize)
                                        stretch.removeAll(keepingCapacity: true)
                                        for position in order[low..<top] {
                                            let part = Int(position.part), index = Int(position.index)
                                            let start = index == 0 ? 0 : ends[part][index - 1]
                                            stretch.append((matches[part][index], UnsafeRawBufferPointer(rebasing: kept[part][start..<ends[part][index]])))
                                        }
                                        for item in stretch {
                                            touched &+= item.kept.touchingEveryCacheLine() &+ (characters?.touchListing(item.match.docno) ?? 0)
                                        }
                                        for item in stretch {
                                            views.withView(of: item.match, kept: item.kept) { render($0, &block.bytes) }
                                            block.ends.append(block.bytes.count)
                                        }
                                        low = top
                                    }
                                    block = delivery.hand(number, block, to: handOn.value, reset: {
                                        $0.bytes.removeAll(keepingCapacity: true)
                                        $0.ends.removeAll(keepingCapacity: true)
                                    }) ?? Block()
                                }
                                // The bytes touched are used (the touching loop is not left out).
                                if Trace.enabled { Trace.mark("search: a task rendered its blocks (\(touched))") }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with the elements of every array, all valid at once.
    static func withPinned<Element, R>(_ arrays: [[Element]], _ body: ([UnsafeBufferPointer<Element>]) -> R) -> R {
        func pinning(_ index: Int, _ pinned: [UnsafeBufferPointer<Element>]) -> R {
            guard index < arrays.count else { return body(pinned) }
            return arrays[index].withUnsafeBufferPointer { pinning(index + 1, pinned + [$0]) }
        }
        return pinning(0, [])
    }

    /// A search rendered, not yet written: the pieces, and their order.
    /// With `views`, the pieces are only the kept snippets of every result
    /// (`SearchResults.keepSnippet`), to be rendered in order.
    struct RenderedSearch {
        var parts: [VerifiedPart]
        var order: [PartPosition]
        var views: SearchResults? = nil
    }

    private func renderSearch(_ parsed: SearchQuery, filter: ArticleFilter, limit: Int?,
                              render: @escaping @Sendable (HitView, inout [UInt8]) -> Void) throws -> RenderedSearch {
        let characters = try index.characterIndex()
        let (bookmarked, read) = try personMarks()
        let views = SearchResults(matches: [], characters: characters, text: index.text, term: parsed.terms[0],
                                  marks: PersonMarks(bookmarked: bookmarked, read: read))
        guard let limit else {
            // Every match: verified front to back through the text store,
            // keeping each one's snippet while its text is in the cache
            // (rendering in rank order would visit the text again, out of
            // order), then ranked; the rows are rendered when written.
            let parts = try verifiedParts(parsed, filter: filter, characters: characters, keptBytes: 320,
                                          render: { match, text, out in views.keepSnippet(of: match, text: text, into: &out) })
            let order = Self.rankOrder(parts, characters: characters)
            Trace.mark("search: \(order.count) ranked")
            return RenderedSearch(parts: parts, order: order, views: views)
        }
        let renderMatch: VerifiedPart.Render = { match, text, out in views.withView(of: match, text: text) { render($0, &out) } }
        // A few: verified in rank order until there are enough, kept in
        // order (each block's first matches, up to the limit).
        var kept: [VerifiedPart] = []
        var positions: [PartPosition] = []
        try verifyInRankOrder(parsed, filter: filter, limit: limit, characters: characters, render: renderMatch) { block in
            let taken = min(block.matches.count, limit - positions.count)
            if taken > 0 {
                var copy = VerifiedPart()
                copy.matches = Array(block.matches.prefix(taken))
                copy.ends = Array(block.ends.prefix(taken))
                copy.rendered = Array(block.rendered[0..<block.ends[taken - 1]])
                for index in 0..<taken { positions.append(PartPosition(part: Int32(kept.count), index: Int32(index))) }
                kept.append(copy)
            }
            return positions.count < limit
        }
        Trace.mark("search: \(positions.count) rendered")
        return RenderedSearch(parts: kept, order: positions)
    }

    /// Calls `body` with the bytes of every array, all valid at once.
    static func withPinnedBytes<R>(_ arrays: [[UInt8]], _ body: ([UnsafeRawBufferPointer]) -> R) -> R {
        func pinning(_ index: Int, _ pinned: [UnsafeRawBufferPointer]) -> R {
            guard index < arrays.count else { return body(pinned) }
            return arrays[index].withUnsafeBytes { pinning(index + 1, pinned + [$0]) }
        }
        return pinning(0, [])
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

/// A pointer handed to the tasks of a parallel loop, each of which writes
/// only its own elements.
/// `@unchecked Sendable`: no two tasks touch the same element, and the
/// memory outlives the loop (it is the buffer being initialized).
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
    /// hit and 40 after, within its line; the start of the first line with
    /// text when there is no hit (up to 70 characters).
    static func locate(body: UnsafeRawBufferPointer, term: SearchQuery.Term, hitInBody: Int? = nil, foldScripts: Bool = false) -> Location {
        guard let hit = hitInBody ?? ByteSearch.firstOffset(of: term.bytes, in: body, foldASCII: term.foldASCII, foldScripts: foldScripts) else {
            // The hit is in the title: the start of the first line with text
            // (the body begins with the editor's note, empty when there is none).
            var first = 0
            while first < body.count, body[first] == 0x0A { first += 1 }
            let end = lineEnd(in: body, from: first, to: body.count)
            return Location(start: first, end: end, cutBefore: false, cutAfter: end < body.count && body[end] != 0x0A)
        }
        // Character by character back to 20 before the hit and on to 40 after
        // it, stopping at line feeds (a vector loop, 32 bytes at a time).
        guard let base = body.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return Location(start: 0, end: 0, cutBefore: false, cutAfter: false)
        }
        let start = snapread_snippet_start(base, hit, before)
        let end = snapread_snippet_end(base, body.count, min(body.count, hit + term.bytes.count), after)
        // Neither walk crossed a line break, so the snippet is one line; only
        // a term of more than 10 characters can make it longer than 70.
        let stop = term.bytes.count <= 10 ? end : lineEnd(in: body, from: start, to: end)
        return Location(start: start, end: stop,
                        cutBefore: start > 0 && body[start - 1] != 0x0A, cutAfter: end < body.count && body[end] != 0x0A)
    }

    /// Where the line starting at `start` ends, before `end`, at 70 characters at most.
    private static func lineEnd(in body: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        var stop = start
        var characters = 0
        while stop < end, body[stop] != 0x0A {
            stop += 1
            if stop < body.count, body[stop] & 0xC0 != 0x80 { characters += 1 }
            if characters == before + after + 10 { break }
        }
        return stop
    }
}
