import Foundation
import GRDB
import SnapshotFormat

/// Finds the snapshot a related item was cut from.
///
/// The date must be the target's publish time (the same second, or failing
/// that the same minute); the excerpt, without its dots, must occur in the
/// target's text; a title, when the item has one, must be the target's title.
/// When stories that are not the same article all fit, there is no link: a
/// wrong link is worse than none.
enum RelatedLinkResolver {
    /// Excerpts shorter than this (in characters, after dots are dropped) are too
    /// common to identify a story.
    static let minimumExcerptLength = 8

    /// The excerpt without its leading and trailing dots and spaces, as
    /// UTF-8; empty when fewer than `minimumExcerptLength` characters are left.
    static func core(of excerpt: String) -> [UInt8] {
        // Index walks over the scalars, with no string made on the way: the
        // link table takes the core of every related item of a corpus.
        let scalars = excerpt.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end {
            let first = scalars[start]
            guard first == "." || first == "…" || first == "。" || first.properties.isWhitespace else { break }
            scalars.formIndex(after: &start)
        }
        while start < end {
            let before = scalars.index(before: end)
            let last = scalars[before]
            guard last == "." || last == "…" || last.properties.isWhitespace else { break }
            end = before
        }
        var counted = 0
        var position = start
        while position < end, counted < minimumExcerptLength {
            counted += 1
            scalars.formIndex(after: &position)
        }
        guard counted >= minimumExcerptLength else { return [] }
        return Array(excerpt.utf8[start..<end])
    }

    /// A story a related item may point at: one with the item's publish time.
    struct Candidate {
        var docno: Int64
        var id: String
        var title: String
        /// The searchable text after the title (editor's note and body), a
        /// copy: the compressed text store lends its bytes only inside a read.
        var body: [UInt8]
    }

    /// The docno the item points at, or nil.
    static func resolve(excerpt: String, title: String?, published: Int64?, db: Database, text: TextStore) throws -> Int64? {
        guard let published else { return nil }
        let needle = core(of: excerpt)
        guard !needle.isEmpty else { return nil }
        var candidates = try Row.fetchAll(db, sql: "SELECT docno, id, title, text_offset, text_length, title_length FROM article WHERE published = ?",
                                          arguments: [published])
        if candidates.isEmpty {
            let minute = published - ((published % 60) + 60) % 60
            candidates = try Row.fetchAll(db, sql: "SELECT docno, id, title, text_offset, text_length, title_length FROM article WHERE published BETWEEN ? AND ?",
                                          arguments: [minute, minute + 59])
        }
        return choose(needle: needle, title: title, among: candidates.map { row in
            let offset: Int = row[3]
            let length: Int = row[4]
            let titleLength: Int = row[5]
            return Candidate(docno: row[0], id: row[1], title: row[2],
                             body: text.copy(offset: offset + titleLength, length: max(0, length - titleLength)))
        })
    }

    /// Which of the stories published at the item's time (the same second,
    /// else the same minute) it was cut from: the one whose text holds the
    /// excerpt's core (`needle`) and whose title is the item's, when it has
    /// one; nil when none fits or different stories do. One decision for
    /// `related`, `backlinks` and the link table alike.
    static func choose(needle: [UInt8], title: String?, among candidates: [Candidate]) -> Int64? {
        var bodies: [Int64: [UInt8]] = [:]
        for candidate in candidates { bodies[candidate.docno] = candidate.body }
        return choose(title: title, among: candidates.map { ($0.docno, $0.id, $0.title) }) { docno in
            (bodies[docno] ?? []).withUnsafeBytes { containsIgnoringLineBreaks($0, needle) }
        }
    }

    /// The same decision, with each candidate's text asked of `bodyHolds`
    /// (whether it holds the excerpt's core), and only for a candidate
    /// whose title is the item's: the link table reads no text it need not.
    static func choose(title: String?, among candidates: [(docno: Int64, id: String, title: String)],
                       bodyHolds: (Int64) -> Bool) -> Int64? {
        var byDocno: [Int64: (id: String, title: String)] = [:]
        for candidate in candidates { byDocno[candidate.docno] = (candidate.id, candidate.title) }
        return choose(title: title, among: candidates.map(\.docno), titleOf: { byDocno[$0]?.title ?? "" },
                      idOf: { byDocno[$0]?.id ?? "" }, bodyHolds: bodyHolds)
    }

    /// The same decision again, with a candidate's title asked of `titleOf`
    /// only when the item has a title, and its id of `idOf` only when its
    /// text holds the excerpt: the link table then reads the list fields of
    /// few candidates besides the one an item points at.
    static func choose(title: String?, among candidates: [Int64], titleOf: (Int64) -> String, idOf: (Int64) -> String,
                       bodyHolds: (Int64) -> Bool) -> Int64? {
        let wantedTitle = title.map(normalizeTitle)
        var found: [(docno: Int64, id: String)] = []
        for docno in candidates {
            if let wantedTitle, normalizeTitle(titleOf(docno)) != wantedTitle { continue }
            if bodyHolds(docno) { found.append((docno, idOf(docno))) }
        }
        guard let first = found.first else { return nil }
        // Several files of the same article (a re-crawl, a copy) are one story.
        guard found.allSatisfy({ $0.id == first.id }) else { return nil }
        return found.map(\.docno).min()
    }

    /// The first second of the minute `published` lies in.
    static func minute(of published: Int64) -> Int64 {
        published - ((published % 60) + 60) % 60
    }

    static func normalizeTitle(_ title: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in title.unicodeScalars where !scalar.properties.isWhitespace { kept.append(scalar) }
        return String(kept)
    }

    /// Excerpts may run across a paragraph break, which the snapshot site drops.
    static func containsIgnoringLineBreaks(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        if ByteSearch.firstOffset(of: needle, in: haystack, foldASCII: false) != nil { return true }
        guard haystack.contains(0x0A) else { return false }
        // The text with its line breaks dropped, copied in one pass (a split
        // into lines made an array for every candidate of the link table).
        let joined = [UInt8](unsafeUninitializedCapacity: haystack.count) { buffer, count in
            count = 0
            for byte in haystack where byte != 0x0A {
                buffer[count] = byte
                count += 1
            }
        }
        return joined.withUnsafeBytes { ByteSearch.firstOffset(of: needle, in: $0, foldASCII: false) != nil }
    }
}

extension RelatedLinkResolver {
    /// The related items of the article `docno`, in order, each with the docno it points at.
    static func resolvedItems(ofDocno docno: Int64, db: Database, text: TextStore) throws -> [(RelatedItem, Int64?)] {
        try RelatedItemStore.items(ofDocno: docno, db: db).map { stored in
            let item = RelatedItem(title: stored.title, excerpt: stored.excerpt, publishedAt: stored.published.map { SnapshotTime(epochSeconds: $0) })
            return (item, try resolve(excerpt: stored.excerpt, title: stored.title, published: stored.published, db: db, text: text))
        }
    }

    /// The articles whose related items point at the article `docno`
    /// (published at `published`), each once, in the order found: only items
    /// dated in the same minute can.
    static func sources(ofDocno docno: Int64, published: Int64?, db: Database, text: TextStore) throws -> [Int64] {
        guard let published else { return [] }
        let minute = minute(of: published)
        var found: [Int64] = []
        for item in try RelatedItemStore.items(publishedFrom: minute, to: minute + 59, db: db) {
            let source = Int64(item.docno)
            if found.contains(source) { continue }
            if try resolve(excerpt: item.excerpt, title: item.title, published: item.published, db: db, text: text) == docno {
                found.append(source)
            }
        }
        return found
    }
}

extension CorpusLibrary {
    /// The related items of the article at `path`, each with its target.
    public func related(ofPath path: String) throws -> [ResolvedRelatedItem] {
        try recoveringFromDamage { try relatedOnce(ofPath: path) }
    }

    private func relatedOnce(ofPath path: String) throws -> [ResolvedRelatedItem] {
        try index.ensureTextMapped()
        let text = index.text
        let resolved: [(RelatedItem, Int64?)] = try reader.read { db in
            guard let docno = try Int64.fetchOne(db, sql: "SELECT docno FROM article WHERE path = ?", arguments: [path]) else {
                throw StoreError.notIndexed(path)
            }
            return try RelatedLinkResolver.resolvedItems(ofDocno: docno, db: db, text: text)
        }
        let targets = try articles(docnos: resolved.compactMap(\.1))
        return resolved.map { ResolvedRelatedItem(item: $0.0, target: $0.1.flatMap { targets[$0] }) }
    }

    /// The articles whose related items point at the article at `path`.
    public func backlinks(ofPath path: String) throws -> [ArticleSummary] {
        try recoveringFromDamage { try backlinksOnce(ofPath: path) }
    }

    private func backlinksOnce(ofPath path: String) throws -> [ArticleSummary] {
        try index.ensureTextMapped()
        let text = index.text
        let sources: [Int64] = try reader.read { db in
            guard let target = try Row.fetchOne(db, sql: "SELECT docno, published FROM article WHERE path = ?", arguments: [path]) else {
                throw StoreError.notIndexed(path)
            }
            return try RelatedLinkResolver.sources(ofDocno: target[0], published: target[1], db: db, text: text)
        }
        let summaries = try articles(docnos: sources)
        return sources.compactMap { summaries[$0] }.sorted { ($0.publishedAt?.epochSeconds ?? 0) > ($1.publishedAt?.epochSeconds ?? 0) }
    }
}
