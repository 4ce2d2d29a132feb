import Foundation

/// Which documents hold each character in their title: postings of the
/// titles alone, beside the character index (one file, `.titles`), so that
/// a search with a limit finds the candidates that can have a title hit
/// without reading the title of every candidate it walks past. A query
/// whose title hits are rare among many candidates (智慧社区: 448 title hits
/// among 881,978 candidates at a million) then checks the titles of a few
/// hundred articles, not of a tenth of the list.
///
/// The postings are a filter, never the answer: a title hit is still
/// decided by looking for the term in the title's bytes, so ranking is what
/// it was without them. The file is made from the list fields of the
/// character index file it names by generation; when it is missing, stale
/// or damaged it is made again (at a million, about a second) or, should
/// that fail, the search walks the list as it did before.
///
/// Layout (little endian): magic `SRTT`, version, the character index's
/// generation (u64), document capacity (u32), entry count (u32); the entry
/// directory (scalar, kind, count, offset: 20 bytes each, sorted by
/// scalar); each entry's data, a sorted u32 list (kind 0) or a bitmap of
/// the capacity (kind 1), whichever is smaller; a `ContentHash` of every
/// byte before it.
/// `@unchecked Sendable`: immutable once `init` returns (`data` is a
/// read-only mapping), so threads share it.
final class TitleIndex: @unchecked Sendable {
    static let magic: UInt32 = 0x5454_5253 // "SRTT"
    static let version: UInt32 = 1

    let generation: UInt64
    let documentCapacity: Int
    private let data: MappedFile
    private var entries: [CharacterIndex.Entry] = []

    /// Reads and checks a mapped file whole (it is small: a few percent of
    /// the character index); throws `StoreError.damaged` when it is not good.
    init(data: MappedFile, path: String) throws {
        self.data = data
        func damaged(_ why: String) -> StoreError { StoreError.damaged(file: path, reason: why) }
        let size = data.count
        guard size >= 32 else { throw damaged("truncated (\(size) bytes)") }
        guard data.readUInt32(0) == TitleIndex.magic else { throw damaged("not a title index (bad magic)") }
        guard data.readUInt32(4) == TitleIndex.version else { throw damaged("format version \(data.readUInt32(4)), not \(TitleIndex.version)") }
        guard data.withUnsafeBytes({ ContentHash.trailerMatches($0) }) else { throw damaged("checksum mismatch (truncated or changed)") }
        generation = data.readUInt64(8)
        documentCapacity = Int(data.readUInt32(16))
        let entryCount = Int(data.readUInt32(20))
        let directoryEnd = 24 + entryCount * 20
        let end = size - 8
        guard directoryEnd <= end else { throw damaged("directory past the end") }
        let words = UInt64((documentCapacity + 63) / 64)
        var previous: UInt32?
        entries.reserveCapacity(entryCount)
        for position in 0..<entryCount {
            let base = 24 + position * 20
            let entry = CharacterIndex.Entry(scalar: data.readUInt32(base), kind: data.readUInt32(base + 4),
                                             count: data.readUInt32(base + 8), offset: data.readUInt64(base + 12))
            let width: UInt64 = entry.kind == 1 ? 8 : 4
            guard entry.kind <= 1, entry.offset >= UInt64(directoryEnd), entry.offset <= UInt64(end),
                  UInt64(entry.count) * width <= UInt64(end) - entry.offset,
                  entry.kind == 0 || UInt64(entry.count) == words,
                  previous.map({ $0 < entry.scalar }) ?? true else {
                throw damaged("entry \(position) of the directory out of range")
            }
            previous = entry.scalar
            entries.append(entry)
        }
    }

    /// Documents with `scalar` (folded, as the character index keeps it) in
    /// their title; nil when none.
    func documents(containing scalar: UInt32) -> DocumentBitmap? {
        CharacterIndex.documents(containing: scalar, entries: entries, data: data, capacity: documentCapacity)
    }

    /// The documents whose title may hold a term of `terms`: for each term,
    /// those with every one of its characters in the title (a superset of
    /// the title hits: the bytes are still looked at).
    func possibleTitleHits(_ terms: [SearchQuery.Term]) -> DocumentBitmap {
        var union = DocumentBitmap(capacity: documentCapacity)
        for term in terms {
            var found: DocumentBitmap?
            for scalar in term.scalars {
                guard let documents = documents(containing: scalar) else {
                    found = DocumentBitmap(capacity: documentCapacity)
                    break
                }
                if found == nil { found = documents } else { found?.formIntersection(documents) }
            }
            if let found { union.formUnion(found) }
        }
        return union
    }

    /// The file at `path` when it is good and made for the character index
    /// of `generation` and `capacity`; nil otherwise (missing, stale, damaged).
    static func load(path: String, generation: UInt64, capacity: Int) -> TitleIndex? {
        guard FileManager.default.fileExists(atPath: path), let data = try? MappedFile(path: path),
              let index = try? TitleIndex(data: data, path: path),
              index.generation == generation, index.documentCapacity == capacity else { return nil }
        return index
    }

    /// Writes the postings of every title `titles` gives (called with each
    /// docno in increasing order and a function to hand its title bytes to)
    /// to `path`, for the character index of `generation`.
    static func write(capacity: Int, generation: UInt64, to path: String,
                      titles: ((Int, UnsafeRawBufferPointer) -> Void) throws -> Void) throws {
        var builder = CharacterIndexBuilder()
        try titles { docno, title in builder.add(docno: UInt32(docno), text: title) }
        let temporary = path + ".tmp-\(getpid())"
        let out = try BufferedFileWriter(path: temporary)
        let words = (capacity + 63) / 64
        let order = builder.scalars.indices.filter { slot in
            builder.scalars[slot] != CharacterIndex.foldMarker && (builder.postings[slot].bitmap != nil || !builder.postings[slot].list.isEmpty)
        }.sorted { builder.scalars[$0] < builder.scalars[$1] }
        // Each entry as a list or a bitmap of the whole capacity, the
        // smaller; written one entry at a time, with no list of every
        // entry's members beside the builder (a bitmap's members at a
        // million titles are several times its 125 KB).
        func memberCount(_ postings: CharacterIndexBuilder.Postings) -> Int { postings.bitmap?.count ?? postings.list.count }
        out.appendUInt32(magic)
        out.appendUInt32(version)
        out.appendUInt64(generation)
        out.appendUInt32(UInt32(capacity))
        out.appendUInt32(UInt32(order.count))
        var offset = UInt64(24 + order.count * 20)
        for slot in order {
            out.appendUInt32(builder.scalars[slot])
            let count = memberCount(builder.postings[slot])
            if count * 4 > words * 8 {
                out.appendUInt32(1)
                out.appendUInt32(UInt32(words))
                out.appendUInt64(offset)
                offset += UInt64(words * 8)
            } else {
                out.appendUInt32(0)
                out.appendUInt32(UInt32(count))
                out.appendUInt64(offset)
                offset += UInt64(count * 4)
            }
        }
        for slot in order {
            let postings = builder.postings[slot]
            if memberCount(postings) * 4 > words * 8 {
                var bitmap = [UInt64](repeating: 0, count: words)
                if let source = postings.bitmap {
                    for index in 0..<min(words, source.words.count) { bitmap[index] = source.words[index] }
                    // Only docnos below the capacity.
                    if capacity % 64 != 0 { bitmap[words - 1] &= (1 << UInt64(capacity % 64)) - 1 }
                } else {
                    for docno in postings.list where Int(docno) < capacity { bitmap[Int(docno) >> 6] |= 1 << UInt64(docno & 63) }
                }
                for word in bitmap { out.appendUInt64(word) }
            } else if let source = postings.bitmap {
                for docno in source.members { out.appendUInt32(UInt32(docno)) }
            } else {
                for docno in postings.list { out.appendUInt32(docno) }
            }
        }
        try out.finish()
        try ContentHash.appendChecksum(toFileAt: temporary)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StoreError.io(path, String(cString: strerror(errno)))
        }
    }
}
