import Foundation
import SnapshotFormat

/// Which documents contain each character: the first step of every search.
///
/// A query's characters are looked up and their document sets intersected;
/// only the survivors are checked against their text. One- and two-character
/// Chinese queries, which trigram indexes cannot answer, work the same way as
/// long ones. ASCII letters are folded to lower case, so Latin words match
/// regardless of case.
struct CharacterIndexBuilder {
    /// Lists longer than this become bitmaps (about where a bitmap of 100,000
    /// documents is smaller).
    static let bitmapThreshold = 2048

    struct Postings {
        var list: [UInt32] = []
        var bitmap: DocumentBitmap?
        var last: UInt32 = .max

        mutating func add(_ docno: UInt32) {
            guard docno != last else { return }
            last = docno
            if bitmap != nil {
                bitmap?.insert(Int(docno))
                return
            }
            list.append(docno)
            if list.count > CharacterIndexBuilder.bitmapThreshold {
                var converted = DocumentBitmap(capacity: Int(docno) + 1)
                for member in list { converted.insert(Int(member)) }
                bitmap = converted
                list = []
            }
        }
    }

    private var basicSlots = [Int32](repeating: -1, count: 0x10000)
    private var otherSlots: [UInt32: Int32] = [:]
    private(set) var scalars: [UInt32] = []
    private(set) var postings: [Postings] = []

    /// Adds every character of `text` (UTF-8) as present in document `docno`.
    mutating func add(docno: UInt32, text: UnsafeRawBufferPointer) {
        add(docno: docno, characters: CharacterIndexBuilder.characters(of: text))
    }

    /// Adds `characters` (from `characters(of:)`) as present in document `docno`.
    mutating func add(docno: UInt32, characters: [UInt32]) {
        for scalar in characters { add(scalar: scalar, docno: docno) }
    }

    /// The distinct characters of `text` (UTF-8) as the index keeps them,
    /// sorted: what `add(docno:text:)` adds. Apart from `add` so that the
    /// threads that parse files do this part, not the one that writes.
    static func characters(of text: UnsafeRawBufferPointer) -> [UInt32] {
        // Characters of the Basic Multilingual Plane (nearly all) are kept
        // once each by a bit of their own, and come out of the bits in
        // order; the few others are sorted. Sorting every character of a
        // body (thousands) to drop the repeats was a tenth of a cold
        // index's CPU.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 1024) { seen in
            seen.initialize(repeating: 0)
            var others: [UInt32] = []
            var distinct = 0
            @inline(__always) func add(_ scalar: UInt32) {
                guard scalar < 0x10000 else { return others.append(scalar) }
                let word = Int(scalar >> 6), bit = UInt64(1) << UInt64(scalar & 63)
                if seen[word] & bit == 0 {
                    seen[word] |= bit
                    distinct += 1
                }
            }
            var folds = false
            var index = 0
            let count = text.count
            let folder = ScriptFold.folder
            while index < count {
                let lead = text[index]
                if lead < 0x80 {
                    // ASCII: spaces and controls are not searched; letters fold to lower case.
                    index += 1
                    if lead > 0x20 { add(UInt32(lead >= 0x41 && lead <= 0x5A ? lead + 0x20 : lead)) }
                    continue
                }
                guard let (scalar, length) = UTF8Scalar.decode(text, at: index) else {
                    index += 1
                    continue
                }
                index += length
                // Traditional characters are indexed as their simplified forms
                // (ScriptFold), and the document is marked as one whose text
                // must be folded before it is compared with a query.
                let folded = folder.fold(scalar)
                if folded != scalar { folds = true }
                add(folded)
            }
            if folds { add(CharacterIndex.foldMarker) }
            others.sort()
            // A copy of the size it needs: a batch's lists wait for the writing thread.
            var found: [UInt32] = []
            found.reserveCapacity(distinct + others.count)
            for word in 0..<1024 where seen[word] != 0 {
                var bits = seen[word]
                while bits != 0 {
                    found.append(UInt32(word << 6 | bits.trailingZeroBitCount))
                    bits &= bits - 1
                }
            }
            for scalar in others where found.last != scalar { found.append(scalar) }
            return found
        }
    }

    private mutating func add(scalar: UInt32, docno: UInt32) {
        let slot: Int
        if scalar < 0x10000 {
            let existing = basicSlots[Int(scalar)]
            if existing >= 0 {
                slot = Int(existing)
            } else {
                slot = newSlot(scalar)
                basicSlots[Int(scalar)] = Int32(slot)
            }
        } else if let existing = otherSlots[scalar] {
            slot = Int(existing)
        } else {
            slot = newSlot(scalar)
            otherSlots[scalar] = Int32(slot)
        }
        postings[slot].add(docno)
    }

    private mutating func newSlot(_ scalar: UInt32) -> Int {
        scalars.append(scalar)
        postings.append(Postings())
        return postings.count - 1
    }

    /// Loads the postings of an existing index so more documents can be added.
    mutating func load(_ index: CharacterIndex) {
        for entry in index.entries {
            let bitmap = index.bitmap(for: entry)
            let slot: Int
            if entry.scalar < 0x10000 {
                slot = newSlot(entry.scalar)
                basicSlots[Int(entry.scalar)] = Int32(slot)
            } else {
                slot = newSlot(entry.scalar)
                otherSlots[entry.scalar] = Int32(slot)
            }
            if entry.kind == 1 {
                postings[slot].bitmap = bitmap
            } else {
                postings[slot].list = bitmap.members.map { UInt32($0) }
            }
            postings[slot].last = .max
        }
    }
}

/// Per-document facts that searches need without touching SQLite.
struct DocumentEntry {
    var textOffset: UInt64
    var textLength: UInt32
    var titleLength: UInt32
    var published: Int64

    static let absentPublished = Int64.min
    static let size = 24
}

/// What a list row shows of a document, kept in the character index file so
/// that a search printing a hundred thousand rows needs no SQL.
/// The list fields of every document, as they go into the character index
/// file: per docno, where its fields start in one blob of bytes (each field a
/// u32 length, all ones for null, then UTF-8).
///
/// The blob (some 130 bytes a document: 130 MB at a million) is not kept in
/// memory: it goes to an unlinked temporary file as it is made, and is
/// copied from there into the character index file, a megabyte at a time.
/// Only the starts stay, 8 bytes a document.
/// A class: it owns the temporary file, closed when it goes.
final class ListingTable {
    /// The start of a docno that has no fields.
    static let absent = UInt64.max
    private(set) var starts: [UInt64]
    /// Bytes of the blob so far.
    private(set) var blobLength = 0
    private var spill: SpillFiles
    private var scratch: [UInt8] = []

    /// `folder`: where the blob's temporary file is made (beside the index).
    init(capacity: Int, folder: String = NSTemporaryDirectory()) throws {
        starts = Array(repeating: Self.absent, count: capacity)
        spill = try SpillFiles(count: 1, folder: folder)
    }

    deinit { spill.close() }

    /// Adds a document's fields: path, id, title, category, source.
    func add(docno: Int, fields: [String?]) throws {
        starts[docno] = UInt64(blobLength)
        scratch.removeAll(keepingCapacity: true)
        for field in fields {
            guard let field else {
                withUnsafeBytes(of: UInt32.max.littleEndian) { scratch += $0 }
                continue
            }
            withUnsafeBytes(of: UInt32(field.utf8.count).littleEndian) { scratch += $0 }
            scratch += field.utf8
        }
        blobLength += scratch.count
        try scratch.withUnsafeBytes { try spill.append(0, $0) }
    }

    func has(_ docno: Int) -> Bool { docno < starts.count && starts[docno] != Self.absent }

    /// Hands the blob to `body` in order, a megabyte at a time.
    func forEachBlobChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try spill.forEachChunk(0, body)
    }

    /// Calls `body` with the title bytes of every document that has fields,
    /// in docno order, read back from the temporary file a window at a time
    /// (the fields were written in docno order, so the reads go forward).
    /// Each record delimits itself (length-prefixed fields): only its path,
    /// id and title are walked, from its start.
    func forEachTitle(_ body: (Int, UnsafeRawBufferPointer) -> Void) throws {
        try spill.flush(0)
        var window: [UInt8] = []
        var windowStart = 0, windowLength = 0
        // Makes bytes `begin..<end` of the blob readable in the window; false past its end.
        func reach(_ begin: Int, _ end: Int) throws -> Bool {
            guard end <= blobLength else { return false }
            if begin >= windowStart && end <= windowStart + windowLength { return true }
            windowLength = min(blobLength - begin, max(end - begin, 1 << 20))
            if window.count < windowLength { window = [UInt8](repeating: 0, count: windowLength) }
            try spill.read(0, at: begin, into: &window, length: windowLength)
            windowStart = begin
            return true
        }
        for (docno, start) in starts.enumerated() where start != Self.absent {
            let begin = Int(start)
            var cursor = begin
            // Past the path and the id to the title.
            for field in 0..<3 {
                guard try reach(begin, cursor + 4) else { break }
                let length = window.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: cursor - windowStart, as: UInt32.self) }
                cursor += 4
                if length == .max {
                    if field == 2 { body(docno, UnsafeRawBufferPointer(start: nil, count: 0)) }
                    continue
                }
                let fieldEnd = min(blobLength, cursor + Int(length))
                if field == 2 {
                    guard try reach(begin, fieldEnd) else { break }
                    window.withUnsafeBytes { body(docno, UnsafeRawBufferPointer(rebasing: $0[(cursor - windowStart)..<(fieldEnd - windowStart)])) }
                }
                cursor = fieldEnd
            }
        }
    }
}

/// The character index and document table as written to disk: one file,
/// mapped into memory, read without parsing.
///
/// Layout (little endian): magic `SRCI`, version, generation (u64), document
/// capacity (u32), entry count (u32); then the document table (24 bytes a
/// document); the live-document bitmap; the entry directory (scalar, kind,
/// count, offset: 20 bytes each, sorted by scalar); then each entry's data, a
/// sorted u32 list or a bitmap. Then the listing section: an offset per
/// document into a blob of its list fields (each a u32 length, all ones for
/// null, then UTF-8), every live document in list order (newest first), the
/// blob. Version 3 adds the text store's block checksums (`TextBlockSums`);
/// version 4 makes them the compressed store's frames directory and sums
/// and a trailer: where the listing section starts, where the checksums
/// start, and a `ContentHash` of every byte before it. The whole file is
/// checked when it is opened, and every offset in it is checked against the
/// file's size, so a damaged file is refused, never read out of bounds.
/// `@unchecked Sendable`: immutable once `init` returns (`entries` is only
/// appended to there; `data` is a read-only mapping; the text sums, read
/// on demand, behind a lock), so threads share it.
final class CharacterIndex: @unchecked Sendable {
    struct Entry {
        var scalar: UInt32
        var kind: UInt32
        var count: UInt32
        var offset: UInt64
    }

    static let magic: UInt32 = 0x4943_5253 // "SRCI"
    static let version: UInt32 = 4
    /// The trailer: listing start, checksums start, checksum.
    static let trailerSize = 24

    let generation: UInt64
    let documentCapacity: Int
    private(set) var entries: [Entry] = []
    private let data: MappedFile
    private let tableOffset = 24
    private let liveOffset: Int
    private let liveWords: Int
    private let listingOffset: Int
    private let blobOffset: Int
    /// Where the blob ends (the text checksums follow it).
    private let blobEnd: Int
    private let rankOffset: Int
    /// How many documents the list order holds (the live ones).
    let rankedCount: Int
    /// The checksums of the text store this index was written with, read
    /// from the file the first time they are asked for (by a library that
    /// maps the text store): a reader process opens the index in several
    /// libraries, and most never read the text.
    var textSums: TextBlockSums {
        loadedTextSums.withLock { loaded in
            if let loaded { return loaded }
            // Checked in `init`, and the file is read-only: the section reads the same again.
            let sums = TextBlockSums(reading: data, at: blobEnd, end: size - CharacterIndex.trailerSize) ?? .empty
            data.releaseResidentPages(in: blobEnd..<(size - CharacterIndex.trailerSize))
            loaded = sums
            return sums
        }
    }
    private let loadedTextSums = Locked<TextBlockSums?>(nil)
    private var size: Int { data.count }
    /// A noncharacter no text holds, indexed for the documents with
    /// traditional characters (their text is folded when verified).
    static let foldMarker: UInt32 = 0xFDD0
    /// The documents whose text changes when folded to simplified characters.
    private var foldedDocuments: DocumentBitmap?
    /// How often reading list fields gives the listing section's pages back
    /// (some 130 MB at a million articles, read at random by the link table).
    /// Rarely: a read at random
    /// maps back up to a large folio of the file, so giving pages back often
    /// makes every read a fault (a search of 智慧社区 at a million spent
    /// 0.6 s in the kernel with every 4,096).
    private let listingReleases = ReleaseCadence(every: 1 << 16)

    /// Whether opening this index read the whole file to match its checksum
    /// (false when a `VerifiedMark` vouched for it).
    let checkedWhole: Bool

    /// Reads and checks a mapped file; throws `StoreError.damaged` naming
    /// `path` and what is wrong when it is not a whole, good file.
    /// `vouched`: a `VerifiedMark` says this very file was checked whole and
    /// matched, so its checksum is not computed again (every offset is still
    /// checked against the file's size).
    init(data: MappedFile, path: String, vouched: Bool = false) throws {
        self.data = data
        func damaged(_ why: String) -> StoreError { StoreError.damaged(file: path, reason: why) }
        let size = data.count
        guard size >= 24 + CharacterIndex.trailerSize else { throw damaged(size == 0 ? "empty" : "truncated (\(size) bytes)") }
        guard data.readUInt32(0) == CharacterIndex.magic else { throw damaged("not a character index (bad magic)") }
        guard data.readUInt32(4) == CharacterIndex.version else { throw damaged("format version \(data.readUInt32(4)), not \(CharacterIndex.version)") }
        checkedWhole = !vouched
        if !vouched {
            let stored = data.readUInt64(size - 8)
            // Its pages are let go as they are summed: at a million articles the file is some 230 MB.
            let computed = data.withUnsafeBytes {
                ContentHash.of(UnsafeRawBufferPointer(rebasing: $0[0..<(size - 8)])) { data.releaseResidentPages(in: $0) }
            }
            guard stored == computed else { throw damaged("checksum mismatch (truncated or changed)") }
        }
        generation = data.readUInt64(8)
        documentCapacity = Int(data.readUInt32(16))
        let entryCount = Int(data.readUInt32(20))
        liveWords = (documentCapacity + 63) / 64
        liveOffset = tableOffset + documentCapacity * DocumentEntry.size
        let directory = liveOffset + liveWords * 8
        let directoryEnd = directory + entryCount * 20
        let trailer = size - CharacterIndex.trailerSize
        guard directoryEnd <= trailer else { throw damaged("directory past the end") }
        let listingStart = data.readUInt64(trailer)
        let sumsStart = data.readUInt64(trailer + 8)
        guard listingStart >= UInt64(directoryEnd), sumsStart >= listingStart, sumsStart <= UInt64(trailer) else {
            throw damaged("section offsets out of range")
        }
        listingOffset = Int(listingStart)
        blobEnd = Int(sumsStart)
        rankOffset = listingOffset + documentCapacity * 8 + 4
        guard rankOffset <= blobEnd else { throw damaged("listing section past its end") }
        rankedCount = Int(data.readUInt32(rankOffset - 4))
        blobOffset = rankOffset + rankedCount * 4
        guard blobOffset <= blobEnd else { throw damaged("list order past its end") }
        // A megabyte at a time, each let go once read: at a million articles
        // the two tables are 12 MB, and a reader opens the file in several
        // libraries at once as it starts.
        let step = 1 << 18
        for first in stride(from: 0, to: rankedCount, by: step) {
            let end = min(rankedCount, first + step)
            for rank in first..<end where Int(data.readUInt32(rankOffset + rank * 4)) >= documentCapacity {
                throw damaged("list order names document \(data.readUInt32(rankOffset + rank * 4)) of \(documentCapacity)")
            }
            data.releaseResidentPages(in: (rankOffset + first * 4)..<(rankOffset + end * 4))
        }
        for first in stride(from: 0, to: documentCapacity, by: step / 2) {
            let end = min(documentCapacity, first + step / 2)
            for docno in first..<end where data.readUInt64(listingOffset + docno * 8) > UInt64(blobEnd - blobOffset) {
                throw damaged("listing offset of document \(docno) out of range")
            }
            data.releaseResidentPages(in: (listingOffset + first * 8)..<(listingOffset + end * 8))
        }
        entries.reserveCapacity(entryCount)
        var previous: UInt32?
        for position in 0..<entryCount {
            let base = directory + position * 20
            let entry = Entry(scalar: data.readUInt32(base), kind: data.readUInt32(base + 4),
                              count: data.readUInt32(base + 8), offset: data.readUInt64(base + 12))
            let width: UInt64 = entry.kind == 1 ? 8 : 4
            guard entry.kind <= 1, entry.offset >= UInt64(directoryEnd),
                  // Compared so that no sum can overflow, whatever the file holds.
                  entry.offset <= listingStart, UInt64(entry.count) * width <= listingStart - entry.offset,
                  entry.kind == 0 || Int(entry.count) <= liveWords,
                  previous.map({ $0 < entry.scalar }) ?? true else {
                throw damaged("entry \(position) of the directory out of range")
            }
            previous = entry.scalar
            entries.append(entry)
        }
        guard TextBlockSums(reading: data, at: blobEnd, end: trailer, keeping: false) != nil else { throw damaged("text checksums out of range") }
        data.releaseResidentPages(in: blobEnd..<trailer)
        foldedDocuments = documents(containing: CharacterIndex.foldMarker)
        // The checks above read every page; what is used from here on is a small part.
        data.releaseResidentPages()
    }

    /// Gives back the pages of the file's mapping that reads have made
    /// resident (they stay in the page cache): for a pass over every
    /// document, as the link table's build makes, a share at a time.
    func releaseResidentPages() {
        data.releaseResidentPages()
    }

    /// Whether document `docno` holds traditional characters: its text is
    /// then folded before a query is looked for in it.
    func foldsScripts(_ docno: Int) -> Bool {
        foldedDocuments?.contains(docno) ?? false
    }

    /// The file at `path`, checked; nil when there is none.
    /// A `VerifiedMark` beside it saves checking it whole again (and is
    /// written once it has been).
    static func load(path: String) throws -> CharacterIndex? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try MappedFile(path: path)
        let sum = data.count >= 8 ? data.readUInt64(data.count - 8) : 0
        let vouched = data.count >= 8 && VerifiedMark.vouches(for: data.identity, sum: sum, file: path)
        let index = try CharacterIndex(data: data, path: path, vouched: vouched)
        if !vouched { VerifiedMark.record(data.identity, sum: sum, file: path) }
        return index
    }

    func document(_ docno: Int) -> DocumentEntry? {
        guard docno >= 0, docno < documentCapacity else { return nil }
        let base = tableOffset + docno * DocumentEntry.size
        let entry = DocumentEntry(textOffset: data.readUInt64(base), textLength: data.readUInt32(base + 8),
                                  titleLength: data.readUInt32(base + 12), published: Int64(bitPattern: data.readUInt64(base + 16)))
        return entry
    }

    /// Calls `body` with every document of the list order (u32 docnos), as
    /// mapped: for walking all of it quickly.
    func withRankOrder<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        data.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[rankOffset..<(rankOffset + rankedCount * 4)])) }
    }

    /// Gives back the mapped pages of the list order, once a copy of it is made.
    func releaseRankOrderPages() {
        data.releaseResidentPages(in: rankOffset..<(rankOffset + rankedCount * 4))
    }

    /// The list fields of a document as bytes in the mapped file.
    struct ListingBytes {
        var path: UnsafeRawBufferPointer
        var id: UnsafeRawBufferPointer
        var title: UnsafeRawBufferPointer
        var category: UnsafeRawBufferPointer?
        var source: UnsafeRawBufferPointer?
    }

    /// Calls `body` with the list fields of a live document (nil when the
    /// file does not have them), valid only inside the call. `keepingPages`
    /// leaves out the count of `listingReleases`: for a search printing
    /// every result, whose peak is reached before it reads list fields (at
    /// a million, giving them back cost 0.08 s in the kernel and 2 MB of
    /// peak was saved), and whose cores would share the counter's cache line.
    func withListing<R>(_ docno: Int, keepingPages: Bool = false, _ body: (ListingBytes?) -> R) -> R {
        guard docno >= 0, docno < documentCapacity else { return body(nil) }
        if !keepingPages, listingReleases.counts() { data.releaseResidentPages(in: listingOffset..<blobEnd) }
        let start = blobOffset + Int(data.readUInt64(listingOffset + docno * 8))
        let limit = blobEnd
        return data.withUnsafeBytes { raw -> R in
            var cursor = start
            var broken = false
            func field() -> UnsafeRawBufferPointer? {
                guard cursor + 4 <= limit else {
                    broken = true
                    return nil
                }
                let length = raw.loadUnaligned(fromByteOffset: cursor, as: UInt32.self)
                cursor += 4
                if length == .max { return nil }
                let end = min(cursor + Int(length), limit)
                defer { cursor = end }
                return UnsafeRawBufferPointer(rebasing: raw[cursor..<end])
            }
            guard let path = field(), let id = field(), let title = field() else { return body(nil) }
            let category = field()
            let source = field()
            return body(broken ? nil : ListingBytes(path: path, id: id, title: title, category: category, source: source))
        }
    }

    /// Reads a byte of each cache line of a document's list fields (the
    /// first 256 bytes of them) and returns their sum: for bringing many
    /// documents' fields into the cache together, ahead of `withListing`
    /// (the loads of a loop of these overlap; those of a loop that renders
    /// each one in turn do not).
    func touchListing(_ docno: Int) -> UInt8 {
        guard docno >= 0, docno < documentCapacity else { return 0 }
        let start = blobOffset + Int(data.readUInt64(listingOffset + docno * 8))
        guard start < blobEnd else { return 0 }
        let end = min(blobEnd, start + 256)
        return data.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[start..<end]).touchingEveryCacheLine() }
    }

    /// Calls `body` with the title bytes of every live document that has
    /// list fields, in docno order.
    func forEachTitle(_ body: (Int, UnsafeRawBufferPointer) -> Void) {
        for docno in live.members {
            withListing(docno) { listing in
                if let listing { body(docno, listing.title) }
            }
        }
    }

    var live: DocumentBitmap {
        var words = [UInt64](repeating: 0, count: liveWords)
        for index in 0..<liveWords { words[index] = data.readUInt64(liveOffset + index * 8) }
        return DocumentBitmap(words: words)
    }

    /// Documents containing `scalar` (after folding), or nil when none do.
    func documents(containing scalar: UInt32) -> DocumentBitmap? {
        Self.documents(containing: scalar, entries: entries, data: data, capacity: documentCapacity)
    }

    func bitmap(for entry: Entry) -> DocumentBitmap {
        Self.bitmap(for: entry, data: data, capacity: documentCapacity)
    }

    /// The documents of `scalar` in a directory of `entries` sorted by
    /// scalar, whose postings are in `data`: the lookup of this file and of
    /// the title postings (`TitleIndex`), which share the entry format.
    static func documents(containing scalar: UInt32, entries: [Entry], data: MappedFile, capacity: Int) -> DocumentBitmap? {
        var low = 0
        var high = entries.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if entries[middle].scalar < scalar { low = middle + 1 } else if entries[middle].scalar > scalar { high = middle - 1 } else {
                return bitmap(for: entries[middle], data: data, capacity: capacity)
            }
        }
        return nil
    }

    /// An entry's postings as a bitmap: stored as one (kind 1) or as a list of docnos.
    static func bitmap(for entry: Entry, data: MappedFile, capacity: Int) -> DocumentBitmap {
        let base = Int(entry.offset)
        if entry.kind == 1 {
            var words = [UInt64](repeating: 0, count: Int(entry.count))
            for index in 0..<Int(entry.count) { words[index] = data.readUInt64(base + index * 8) }
            return DocumentBitmap(words: words)
        }
        var bitmap = DocumentBitmap(capacity: capacity)
        for index in 0..<Int(entry.count) {
            let docno = Int(data.readUInt32(base + index * 4))
            if docno < capacity { bitmap.insert(docno) }
        }
        return bitmap
    }

    /// Serializes a builder, the document table and the live set.
    static func write(builder: CharacterIndexBuilder, documents: [DocumentEntry?], listings: ListingTable,
                      textSums: TextBlockSums, generation: UInt64, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let out = try BufferedFileWriter(path: temporary)
        let capacity = documents.count
        let liveWords = (capacity + 63) / 64
        out.appendUInt32(magic)
        out.appendUInt32(version)
        out.appendUInt64(generation)
        out.appendUInt32(UInt32(capacity))
        let order = builder.scalars.indices.filter { slot in
            let postings = builder.postings[slot]
            return postings.bitmap != nil || !postings.list.isEmpty
        }.sorted { builder.scalars[$0] < builder.scalars[$1] }
        out.appendUInt32(UInt32(order.count))
        var live = DocumentBitmap(capacity: capacity)
        for (docno, document) in documents.enumerated() {
            let entry = document ?? DocumentEntry(textOffset: 0, textLength: 0, titleLength: 0, published: DocumentEntry.absentPublished)
            out.appendUInt64(entry.textOffset)
            out.appendUInt32(entry.textLength)
            out.appendUInt32(entry.titleLength)
            out.appendUInt64(UInt64(bitPattern: entry.published))
            if document != nil { live.insert(docno) }
        }
        for index in 0..<liveWords { out.appendUInt64(index < live.words.count ? live.words[index] : 0) }
        // The directory, then each entry's data where the directory says.
        var offset = UInt64(out.count + order.count * 20)
        for slot in order {
            let postings = builder.postings[slot]
            out.appendUInt32(builder.scalars[slot])
            if let bitmap = postings.bitmap {
                out.appendUInt32(1)
                out.appendUInt32(UInt32(bitmap.words.count))
                out.appendUInt64(offset)
                offset += UInt64(bitmap.words.count * 8)
            } else {
                out.appendUInt32(0)
                out.appendUInt32(UInt32(postings.list.count))
                out.appendUInt64(offset)
                offset += UInt64(postings.list.count * 4)
            }
        }
        for slot in order {
            let postings = builder.postings[slot]
            if let bitmap = postings.bitmap {
                for word in bitmap.words { out.appendUInt64(word) }
            } else {
                for docno in postings.list { out.appendUInt32(docno) }
            }
        }
        // The listing section: an offset per document into the blob, the
        // list order, the blob, and where the section starts.
        let start = out.count
        // A document without fields points where the next one's start.
        var starts = [UInt64](repeating: 0, count: capacity)
        var next = UInt64(listings.blobLength)
        for docno in (0..<capacity).reversed() {
            if listings.has(docno) { next = listings.starts[docno] }
            starts[docno] = next
        }
        for value in starts { out.appendUInt64(value) }
        starts = []
        // The list's order: newest first, then the higher docno, as the SQL of `CorpusLibrary.list`.
        let ranked = documents.indices.filter { documents[$0] != nil && listings.has($0) }
            .sorted { a, b in
                let left = documents[a]?.published ?? DocumentEntry.absentPublished
                let right = documents[b]?.published ?? DocumentEntry.absentPublished
                return left != right ? left > right : a > b
            }
        out.appendUInt32(UInt32(ranked.count))
        for docno in ranked { out.appendUInt32(UInt32(docno)) }
        try listings.forEachBlobChunk { out.append($0) }
        let sumsStart = out.count
        textSums.write(to: out)
        out.appendUInt64(UInt64(start))
        out.appendUInt64(UInt64(sumsStart))
        try out.finish()
        try ContentHash.appendChecksum(toFileAt: temporary)
        guard rename(temporary, path) == 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
    }
}

extension Data {
    func readUInt32(_ offset: Int) -> UInt32 {
        withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
    }

    func readUInt64(_ offset: Int) -> UInt64 {
        withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
    }

    mutating func appendUInt32(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendUInt64(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
