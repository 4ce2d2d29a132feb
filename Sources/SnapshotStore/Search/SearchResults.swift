import SnapshotFormat

/// One search result as bytes in the mapped index files, valid only inside
/// `SearchResults.withHit`: what the commands print from without making strings.
public struct HitView {
    public var docno: Int64
    public var path: UnsafeRawBufferPointer
    public var id: UnsafeRawBufferPointer
    public var title: UnsafeRawBufferPointer
    public var category: UnsafeRawBufferPointer?
    public var source: UnsafeRawBufferPointer?
    public var publishedAt: SnapshotTime?
    public var bookmarked: Bool
    public var read: Bool
    public var titleHit: Bool
    /// The snippet's text, and whether text was cut before and after it ("…").
    public var snippet: UnsafeRawBufferPointer
    public var snippetCutBefore: Bool
    public var snippetCutAfter: Bool

    /// The same result as values.
    public var hit: SearchHit {
        func string(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
        let article = ArticleSummary(docno: docno, path: string(path), id: string(id), title: string(title),
                                     category: category.map(string), publishedAt: publishedAt, source: source.map(string),
                                     bookmarked: bookmarked, read: read)
        let text = string(snippet)
        return SearchHit(article: article, titleHit: titleHit,
                         snippet: (snippetCutBefore ? "…" : "") + text + (snippetCutAfter ? "…" : ""))
    }
}

/// The ids a person bookmarked and read, looked up by the bytes of an id:
/// a 64-bit hash first (most ids are neither), the bytes only on a hit.
struct PersonMarks: Sendable {
    private var bookmarked: [UInt64: [[UInt8]]] = [:]
    private var read: [UInt64: [[UInt8]]] = [:]

    init() {}

    init(bookmarked: Set<String>, read: Set<String>) {
        for id in bookmarked { self.bookmarked[PathHash.of(id), default: []].append(Array(id.utf8)) }
        for id in read { self.read[PathHash.of(id), default: []].append(Array(id.utf8)) }
    }

    func isBookmarked(_ id: UnsafeRawBufferPointer) -> Bool { contains(bookmarked, id) }
    func isRead(_ id: UnsafeRawBufferPointer) -> Bool { contains(read, id) }

    private func contains(_ table: [UInt64: [[UInt8]]], _ id: UnsafeRawBufferPointer) -> Bool {
        guard !table.isEmpty else { return false }
        var hash = PathHash()
        hash.add(id)
        guard let candidates = table[hash.value] else { return false }
        return candidates.contains { $0.elementsEqual(id) }
    }
}

/// Ranked search results, each read from the character index file and the
/// text store when asked for; safe to read from many threads at once.
/// `@unchecked Sendable`: every stored property is a constant; the
/// character index is immutable and the text store's mapping is only read
/// while results are (the store is not remapped during a command's output).
public final class SearchResults: @unchecked Sendable {
    let matches: [CorpusLibrary.Match]
    private let characters: CharacterIndex?
    private let text: TextStore
    private let term: SearchQuery.Term?
    private let marks: PersonMarks

    init(matches: [CorpusLibrary.Match], characters: CharacterIndex?, text: TextStore, term: SearchQuery.Term?, marks: PersonMarks) {
        self.matches = matches
        self.characters = characters
        self.text = text
        self.term = term
        self.marks = marks
    }

    public var count: Int { matches.count }

    /// The character index the results are read from.
    var characterIndex: CharacterIndex? { characters }

    /// Calls `body` with a view of the result at `position`.
    public func withHit<R>(at position: Int, _ body: (HitView) -> R) -> R {
        withView(of: matches[position], body)
    }

    /// Calls `body` with a view of a verified match.
    func withView<R>(of match: CorpusLibrary.Match, _ body: (HitView) -> R) -> R {
        guard let characters, let document = characters.document(match.docno) else { return withView(of: match, text: nil, body) }
        return text.withBytes(offset: Int(document.textOffset), length: Int(document.textLength)) { withView(of: match, text: $0, body) }
    }

    /// `withView(of:_:)` of a match whose text is read already (`text`, the
    /// whole article's; nil when it has no document).
    func withView<R>(of match: CorpusLibrary.Match, text: UnsafeRawBufferPointer?, _ body: (HitView) -> R) -> R {
        var view = emptyView(of: match)
        guard let characters else { return body(view) }
        guard let text, let document = characters.document(match.docno) else { return withListing(match.docno, characters, view, body) }
        // The snippet points into the text as read: the view is used inside the read.
        return withSnippet(of: match, document: document, in: text) { snippet, location in
            if let location {
                view.snippet = snippet
                view.snippetCutBefore = location.cutBefore
                view.snippetCutAfter = location.cutAfter
            }
            return withListing(match.docno, characters, view, body)
        }
    }

    /// Appends the snippet of a verified match to `out`, to be shown later
    /// by `withView(of:kept:)`: one byte saying where text was cut (1
    /// before, 2 after), then the snippet's bytes. A search printing every
    /// result keeps only this of each while it reads the text front to back.
    func keepSnippet(of match: CorpusLibrary.Match, text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard let document = characters?.document(match.docno) else {
            out.append(0)
            return
        }
        withSnippet(of: match, document: document, in: text) { snippet, location in
            out.append((location?.cutBefore == true ? 1 : 0) | (location?.cutAfter == true ? 2 : 0))
            out.append(contentsOf: snippet)
        }
    }

    /// Calls `body` with a view of a verified match whose snippet was kept
    /// by `keepSnippet` (`kept`, its flags byte first): the text is not read again.
    func withView<R>(of match: CorpusLibrary.Match, kept: UnsafeRawBufferPointer, _ body: (HitView) -> R) -> R {
        var view = emptyView(of: match)
        guard let characters else { return body(view) }
        if let flags = kept.first {
            view.snippet = UnsafeRawBufferPointer(rebasing: kept[1...])
            view.snippetCutBefore = flags & 1 != 0
            view.snippetCutAfter = flags & 2 != 0
        }
        return withListing(match.docno, characters, view, body)
    }

    private func emptyView(of match: CorpusLibrary.Match) -> HitView {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        let published = match.published == DocumentEntry.absentPublished ? nil : SnapshotTime(epochSeconds: match.published)
        return HitView(docno: Int64(match.docno), path: empty, id: empty, title: empty, category: nil, source: nil,
                       publishedAt: published, bookmarked: false, read: false, titleHit: match.titleHit,
                       snippet: empty, snippetCutBefore: false, snippetCutAfter: false)
    }

    /// Calls `body` with the snippet of a match, as bytes of its text (valid
    /// only inside the call), and where it lies; nil and empty when the
    /// text has no body, or there is no term or document.
    private func withSnippet<R>(of match: CorpusLibrary.Match, document: DocumentEntry, in bytes: UnsafeRawBufferPointer,
                                _ body: (UnsafeRawBufferPointer, Snippet.Location?) -> R) -> R {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        guard let characters, let term else { return body(empty, nil) }
        let bodyStart = Int(document.titleLength) + 1
        guard bodyStart < bytes.count else { return body(empty, nil) }
        let text = UnsafeRawBufferPointer(rebasing: bytes[bodyStart...])
        // Verification found the first hit already; when it lies in the body, it is the snippet's.
        let known = match.firstHit.flatMap { $0 >= bodyStart ? $0 - bodyStart : nil }
        let location = Snippet.locate(body: text, term: term, hitInBody: known, foldScripts: characters.foldsScripts(match.docno))
        return body(UnsafeRawBufferPointer(rebasing: text[location.start..<location.end]), location)
    }

    /// Fills the view's list fields and calls `body` with it.
    private func withListing<R>(_ docno: Int, _ characters: CharacterIndex, _ view: HitView, _ body: (HitView) -> R) -> R {
        var view = view
        return characters.withListing(docno, keepingPages: true) { listing in
            if let listing {
                view.path = listing.path
                view.id = listing.id
                view.title = listing.title
                view.category = listing.category
                view.source = listing.source
                view.bookmarked = marks.isBookmarked(listing.id)
                view.read = marks.isRead(listing.id)
            }
            return body(view)
        }
    }
}
