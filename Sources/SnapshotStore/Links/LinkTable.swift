import Dispatch
import Foundation
import GRDB
import SnapshotFormat

/// Every related item of every article resolved, and the inverse (who links
/// to whom), for the character index generation it was made against: what a
/// thread walks instead of resolving items one by one (about 90 µs each).
///
/// Each answer is the one `related` and `backlinks` give, by construction:
/// the same candidates (the articles of the item's second, else its minute)
/// and the same decision (`RelatedLinkResolver.choose`). Kept current
/// incrementally: an item's answer depends only on the articles published in
/// its minute, so when articles come and go only the items dated in their
/// minutes are resolved again, plus the items of the new articles.
struct LinkTable: Equatable {
    /// The character index generation this table describes.
    var generation: UInt64
    /// Which database this table belongs to (`meta.links_instance`): a
    /// rebuilt database numbers its articles anew.
    var instance: Int64
    /// Document numbers run below this.
    var capacity: Int
    /// The articles the table knows, and their publish times when it was made.
    var live: DocumentBitmap
    var published: [Int64]
    /// Article d's items are `targets[itemStart[d]..<itemStart[d + 1]]`, in
    /// order: the docno each points at, -1 for none.
    var itemStart: [UInt32]
    var targets: [Int32]
    /// The articles that link to article d: `sources[sourceStart[d]..<sourceStart[d + 1]]`, ascending.
    var sourceStart: [UInt32]
    var sources: [Int32]

    /// The articles article `docno`'s items point at, in item order (repeats kept out).
    func targets(of docno: Int) -> [Int] {
        guard docno >= 0, docno < capacity else { return [] }
        var found: [Int] = []
        for position in Int(itemStart[docno])..<Int(itemStart[docno + 1]) where targets[position] >= 0 {
            let target = Int(targets[position])
            if !found.contains(target) { found.append(target) }
        }
        return found
    }

    /// The articles that link to `docno`, ascending.
    func sources(of docno: Int) -> [Int] {
        guard docno >= 0, docno < capacity else { return [] }
        return sources[Int(sourceStart[docno])..<Int(sourceStart[docno + 1])].map { Int($0) }
    }

    /// The items of article `docno`, resolved.
    func itemTargets(of docno: Int) -> [Int?] {
        guard docno >= 0, docno < capacity else { return [] }
        return targets[Int(itemStart[docno])..<Int(itemStart[docno + 1])].map { $0 >= 0 ? Int($0) : nil }
    }

    /// Fills `sourceStart` and `sources` from the targets.
    mutating func invert() {
        var counts = [UInt32](repeating: 0, count: capacity + 1)
        func eachLink(_ body: (Int, Int) -> Void) {
            for source in 0..<capacity {
                let items = Int(itemStart[source])..<Int(itemStart[source + 1])
                for position in items where targets[position] >= 0 {
                    let target = Int(targets[position])
                    // An article whose items point twice at one story links to it once.
                    if targets[items.lowerBound..<position].contains(targets[position]) { continue }
                    body(source, target)
                }
            }
        }
        eachLink { _, target in counts[target + 1] += 1 }
        for docno in 0..<capacity { counts[docno + 1] += counts[docno] }
        sourceStart = counts
        var fill = Array(counts.dropLast())
        sources = [Int32](repeating: 0, count: Int(counts[capacity]))
        // Sources are visited in ascending order, so each list comes out sorted.
        eachLink { source, target in
            sources[Int(fill[target])] = Int32(source)
            fill[target] += 1
        }
    }
}

/// The articles of the character index by publish time, to find the
/// candidates of a related item without SQL.
struct LinkCandidateIndex {
    private let characters: CharacterIndex
    private let text: TextStore
    /// (published, docno) of every live dated article, sorted.
    private let byTime: [(published: Int64, docno: Int32)]
    /// How often the pages of the character index file that resolutions
    /// read are given back, in items resolved. Most reads go forward (the
    /// items come in the order of their first candidate), but an item's
    /// other candidates (the copies of a story, published in the same
    /// second) are anywhere in the document table and the list fields, and
    /// a share's reads at random kept up to 110 MB of the file resident at
    /// a million articles (35 MB with this cadence, for some 80,000 more
    /// page faults in the whole build). The search keeps its own, rarer cadence.
    static let itemsPerRelease = 2048
    private let releases = ReleaseCadence(every: LinkCandidateIndex.itemsPerRelease)

    init(characters: CharacterIndex, text: TextStore) {
        self.characters = characters
        self.text = text
        var pairs: [(published: Int64, docno: Int32)] = []
        pairs.reserveCapacity(characters.rankedCount)
        for docno in characters.live.members {
            guard let document = characters.document(docno), document.published != DocumentEntry.absentPublished else { continue }
            pairs.append((document.published, Int32(docno)))
        }
        pairs.sort { $0.published != $1.published ? $0.published < $1.published : $0.docno < $1.docno }
        byTime = pairs
        (bucketShift, bucketStart) = Self.buckets(pairs)
        // The whole document table was read: only what resolutions read counts from here.
        characters.releaseResidentPages()
    }

    /// `byTime` cut into buckets of 2^`bucketShift` seconds from its first
    /// time: `bucketStart[b]` is the first position in bucket b or after it.
    /// A search looks in one bucket (a few articles), where a binary search
    /// of the whole array took a score of cache misses for each of the
    /// millions of items of a link step.
    private let bucketShift: Int64
    private let bucketStart: [Int32]

    /// Buckets of at least 64 seconds, widened until there are at most about
    /// two for each article (the times may span decades).
    static func buckets(_ byTime: [(published: Int64, docno: Int32)]) -> (shift: Int64, start: [Int32]) {
        guard let earliest = byTime.first?.published, let latest = byTime.last?.published else { return (6, [0, 0]) }
        var shift: Int64 = 6
        while (latest - earliest) >> shift > Int64(2 * byTime.count + 16) { shift += 1 }
        let count = Int((latest - earliest) >> shift) + 1
        var start = [Int32](repeating: Int32(byTime.count), count: count + 1)
        var bucket = 0
        for (position, pair) in byTime.enumerated() {
            let own = Int((pair.published - earliest) >> shift)
            while bucket <= own {
                start[bucket] = Int32(position)
                bucket += 1
            }
        }
        return (shift, start)
    }

    /// The first position whose time is at least `time`.
    private func lowerBound(_ time: Int64) -> Int {
        Self.lowerBound(time, in: byTime, shift: bucketShift, start: bucketStart)
    }

    /// The first position of `byTime` whose time is at least `time`, looked
    /// for in its bucket of `buckets(byTime)` (`shift`, `start`).
    static func lowerBound(_ time: Int64, in byTime: [(published: Int64, docno: Int32)], shift: Int64, start: [Int32]) -> Int {
        guard let earliest = byTime.first?.published, time > earliest else { return 0 }
        let bucket = (time - earliest) >> shift
        guard bucket < Int64(start.count - 1) else { return byTime.count }
        var low = Int(start[Int(bucket)])
        var high = Int(start[Int(bucket) + 1])
        while low < high {
            let middle = (low + high) / 2
            if byTime[middle].published < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The articles published in exactly this second, else in its minute.
    /// One binary search, then steps to the ends of the second or minute:
    /// at a million articles the four searches this took were a third of
    /// the link step's item read (each a score of cache misses).
    func docnos(at published: Int64) -> ArraySlice<(published: Int64, docno: Int32)> {
        let exact = lowerBound(published)
        var exactEnd = exact
        while exactEnd < byTime.count && byTime[exactEnd].published == published { exactEnd += 1 }
        if exact < exactEnd { return byTime[exact..<exactEnd] }
        let minute = RelatedLinkResolver.minute(of: published)
        var start = exact
        while start > 0 && byTime[start - 1].published >= minute { start -= 1 }
        var end = exact
        while end < byTime.count && byTime[end].published < minute + 60 { end += 1 }
        return byTime[start..<end]
    }

    /// The lowest docno among the candidates of an item dated `published`
    /// (-1 for none): where in the text store its resolution reads.
    func firstCandidate(at published: Int64?) -> Int32 {
        guard let published else { return -1 }
        return docnos(at: published).lazy.map(\.docno).min() ?? -1
    }

    /// What `RelatedLinkResolver.resolve` answers for this item, from the
    /// character index file and the text store; nil when the file lacks the
    /// list fields of an article it reads (then it cannot stand for SQL).
    /// A candidate's list fields are read only when they decide something
    /// (its title, for an item with one; its id, once its text holds the
    /// excerpt): the reads at random over the whole file were most of what
    /// the link step held resident.
    func resolve(excerpt: String, title: String?, published: Int64?) -> Int64?? {
        if releases.counts() { characters.releaseResidentPages() }
        guard let published else { return .some(nil) }
        let found = docnos(at: published)
        guard !found.isEmpty else { return .some(nil) }
        let needle = RelatedLinkResolver.core(of: excerpt)
        guard !needle.isEmpty else { return .some(nil) }
        var lacking = false
        func field(_ docno: Int64, _ pick: (CharacterIndex.ListingBytes) -> UnsafeRawBufferPointer) -> String {
            characters.withListing(Int(docno)) { listing in
                guard let listing else {
                    lacking = true
                    return ""
                }
                return String(decoding: pick(listing), as: UTF8.self)
            }
        }
        // The body is searched where the text store holds it, and only for a candidate whose title fits.
        let answer = RelatedLinkResolver.choose(title: title, among: found.map { Int64($0.docno) },
                                                titleOf: { field($0, \.title) }, idOf: { field($0, \.id) }) { docno in
            guard let document = characters.document(Int(docno)) else { return false }
            let titleLength = Int(document.titleLength)
            return text.withBytes(offset: Int(document.textOffset) + titleLength, length: max(0, Int(document.textLength) - titleLength)) {
                RelatedLinkResolver.containsIgnoringLineBreaks($0, needle)
            }
        }
        return lacking ? nil : .some(answer)
    }
}

/// One related item as the index stores it.
struct StoredRelatedItem: Sendable {
    var docno: Int
    var position: Int
    var published: Int64?
    var excerpt: String
    var title: String?

    init(docno: Int, position: Int, item: RelatedItem) {
        self.docno = docno
        self.position = position
        published = item.publishedAt?.epochSeconds
        excerpt = item.excerpt
        title = item.title
    }
}

extension LinkTable {
    /// Why a table could not be made from the character index file.
    struct Unavailable: Error {}

    /// Resolves `items` (on every core unless `parallel` is false): the docno each points at, or -1.
    ///
    /// Items are taken in the order of their candidates' docnos, which is
    /// the order of their text in the store: candidates that share a
    /// compressed frame then come one after another, and the frame is
    /// decompressed once for them (decompressing a frame for each item was
    /// seven tenths of a build).
    static func resolve(_ items: [StoredRelatedItem], with candidates: LinkCandidateIndex, parallel: Bool = true) throws -> [Int32] {
        let order = items.indices.map { (key: candidates.firstCandidate(at: items[$0].published), index: $0) }
            .sorted { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }.map(\.index)
        let chunk = 512
        let parts = (items.count + chunk - 1) / chunk
        let slots = ParallelSlots<[Int32]?>(count: parts, initial: nil)
        func resolvePart(_ part: Int) {
            var answers: [Int32] = []
            for index in order[(part * chunk)..<min(items.count, (part + 1) * chunk)] {
                let item = items[index]
                guard let answer = candidates.resolve(excerpt: item.excerpt, title: item.title, published: item.published) else {
                    slots.set(part, nil)
                    return
                }
                answers.append(answer.map { Int32($0) } ?? -1)
            }
            slots.set(part, answers)
        }
        if parallel {
            ParallelLoop.run(iterations: parts, resolvePart)
        } else {
            for part in 0..<parts { resolvePart(part) }
        }
        var all = [Int32](repeating: -1, count: items.count)
        for (part, answers) in slots.values.enumerated() {
            guard let answers else { throw Unavailable() }
            for (offset, answer) in answers.enumerated() { all[order[part * chunk + offset]] = answer }
        }
        return all
    }

    /// Every item of every article resolved, from scratch. `db` must be read
    /// in the transaction that found `characters` current.
    ///
    /// The items come out of the related-item store in docno order, and go
    /// to one share each by the docno of their first candidate (the order of
    /// the text store): `LinkItemShares`, spilled to files beside the index
    /// when there are several. Each share is then resolved in that order, so
    /// that a compressed frame of the text store is decompressed about once
    /// in the whole build (resolving 16,384 items at a time in the order of
    /// their sources decompressed a frame for nearly every item at 100,000
    /// articles), and the pages of the text store and of the character
    /// index file it mapped are given back before the next share.
    static func build(characters: CharacterIndex, text: TextStore, db: Database, instance: Int64, parallel: Bool = true,
                      spoolFolder: String = NSTemporaryDirectory(), docnosPerShare: Int = LinkItemShares.docnosPerShare) throws -> LinkTable {
        let candidates = LinkCandidateIndex(characters: characters, text: text)
        Trace.mark("links: candidates by time")
        let capacity = characters.documentCapacity
        let live = characters.live
        var counts = [UInt32](repeating: 0, count: capacity + 1)
        var shares = try LinkItemShares(capacity: capacity, docnosPerShare: docnosPerShare, folder: spoolFolder)
        defer { shares.close() }
        var itemCount = 0
        // Positions must run 0, 1, 2 … within an article, articles in docno order.
        var previous = (docno: -1, position: -1)
        // Each item's first candidate is found where it is decoded, on every core.
        try RelatedItemStore.forEachItem(db: db, parallel: parallel, note: { candidates.firstCandidate(at: $0.published) }) { item, first in
            guard item.docno >= 0, item.docno < capacity, live.contains(item.docno),
                  item.docno > previous.docno || (item.docno == previous.docno && item.position == previous.position + 1),
                  item.docno == previous.docno || item.position == 0
            else { throw Unavailable() }
            previous = (item.docno, item.position)
            counts[item.docno + 1] += 1
            // An item with no candidate points nowhere: it is not spilled.
            if first >= 0 { try shares.append(item, number: itemCount, firstCandidate: Int(first)) }
            itemCount += 1
        }
        Trace.mark("links: \(itemCount) items in \(shares.count) shares")
        var targets = [Int32](repeating: -1, count: itemCount)
        for share in 0..<shares.count {
            let (numbers, items) = try shares.items(share)
            for (number, answer) in zip(numbers, try resolve(items, with: candidates, parallel: parallel)) { targets[number] = answer }
            if share % 16 == 15 { Trace.mark("links: share \(share + 1) resolved") }
            text.release(0..<text.size)
            characters.releaseResidentPages()
        }
        Trace.mark("links: every share resolved")
        for docno in 0..<capacity { counts[docno + 1] += counts[docno] }
        var table = LinkTable(generation: characters.generation, instance: instance, capacity: capacity, live: live,
                              published: publishTimes(characters), itemStart: counts, targets: targets, sourceStart: [], sources: [])
        table.invert()
        Trace.mark("links: table inverted")
        return table
    }

    /// The publish time of every document of the character index (absent for gaps and undated articles).
    static func publishTimes(_ characters: CharacterIndex) -> [Int64] {
        defer { characters.releaseResidentPages() }
        return (0..<characters.documentCapacity).map { characters.document($0)?.published ?? DocumentEntry.absentPublished }
    }

    /// This table brought up to date with `characters`: the items of new
    /// articles resolved, and again every item dated in a minute in which an
    /// article was added or removed; nil when so much changed that a build
    /// from scratch is quicker.
    func refreshed(characters: CharacterIndex, text: TextStore, db: Database, parallel: Bool = true) throws -> LinkTable? {
        let capacity = characters.documentCapacity
        let live = characters.live
        var added: [Int] = []
        var minutes = Set<Int64>()
        for docno in live.members where !self.live.contains(docno) {
            added.append(docno)
            if let published = characters.document(docno)?.published, published != DocumentEntry.absentPublished {
                minutes.insert(RelatedLinkResolver.minute(of: published))
            }
        }
        for docno in self.live.members where !live.contains(docno) {
            if docno < published.count, published[docno] != DocumentEntry.absentPublished {
                minutes.insert(RelatedLinkResolver.minute(of: published[docno]))
            }
        }
        guard added.count <= max(2000, live.count / 5) else { return nil }
        let candidates = LinkCandidateIndex(characters: characters, text: text)
        // The items of the new articles, by docno.
        var newItems: [Int: [StoredRelatedItem]] = [:]
        for item in try RelatedItemStore.items(ofDocnos: added.map { Int64($0) }, db: db) {
            newItems[item.docno, default: []].append(item)
        }
        let addedSet = Set(added)
        var counts = [UInt32](repeating: 0, count: capacity + 1)
        var targets: [Int32] = []
        targets.reserveCapacity(self.targets.count + added.count * 8)
        for docno in 0..<capacity where live.contains(docno) {
            if addedSet.contains(docno) {
                let items = newItems[docno] ?? []
                guard items.enumerated().allSatisfy({ $0.offset == $0.element.position }) else { throw Unavailable() }
                targets += try Self.resolve(items, with: candidates, parallel: parallel)
                counts[docno + 1] = UInt32(items.count)
            } else {
                guard docno < self.capacity else { throw Unavailable() }
                let own = Int(itemStart[docno])..<Int(itemStart[docno + 1])
                targets += self.targets[own]
                counts[docno + 1] = UInt32(own.count)
            }
        }
        for docno in 0..<capacity { counts[docno + 1] += counts[docno] }
        // Every older item dated in a minute that changed, resolved again.
        var again: [StoredRelatedItem] = []
        for minute in minutes {
            for item in try RelatedItemStore.items(publishedFrom: minute, to: minute + 59, db: db) {
                if item.docno < capacity, live.contains(item.docno), !addedSet.contains(item.docno) { again.append(item) }
            }
        }
        for (item, answer) in zip(again, try Self.resolve(again, with: candidates, parallel: parallel)) {
            let position = Int(counts[item.docno]) + item.position
            guard position < Int(counts[item.docno + 1]) else { throw Unavailable() }
            targets[position] = answer
        }
        var table = LinkTable(generation: characters.generation, instance: instance, capacity: capacity, live: live,
                              published: Self.publishTimes(characters), itemStart: counts, targets: targets, sourceStart: [], sources: [])
        table.invert()
        return table
    }
}

/// The related items of a link table build, cut by the docno of their
/// first candidate into shares of 8,192 docnos: in memory when there is one
/// share, else spilled to one temporary file a share (each item its number
/// in the build, its article and position, and its record as the
/// related-item store writes one).
struct LinkItemShares {
    static let docnosPerShare = 8192
    let count: Int
    private let docnosPerShare: Int
    private var memory: [(number: Int, item: StoredRelatedItem)] = []
    private var files: SpillFiles
    private var record: [UInt8] = []

    init(capacity: Int, docnosPerShare: Int = Self.docnosPerShare, folder: String) throws {
        self.docnosPerShare = max(1, docnosPerShare)
        count = max(1, (capacity + self.docnosPerShare - 1) / self.docnosPerShare)
        files = try SpillFiles(count: count > 1 ? count : 0, folder: folder)
    }

    mutating func append(_ item: StoredRelatedItem, number: Int, firstCandidate: Int) throws {
        guard count > 1 else {
            memory.append((number, item))
            return
        }
        record.removeAll(keepingCapacity: true)
        for value in [UInt32(number), UInt32(item.docno), UInt32(item.position), 0] {
            withUnsafeBytes(of: value.littleEndian) { record.append(contentsOf: $0) }
        }
        RelatedRecord.append([RelatedItem(title: item.title, excerpt: item.excerpt,
                                          publishedAt: item.published.map { SnapshotTime(epochSeconds: $0) })], to: &record)
        let length = UInt32(record.count - 16)
        withUnsafeBytes(of: length.littleEndian) { bytes in record.replaceSubrange(12..<16, with: bytes) }
        let share = min(count - 1, firstCandidate / docnosPerShare)
        try record.withUnsafeBytes { try files.append(share, $0) }
    }

    /// The items of one share, with their numbers in the build.
    mutating func items(_ share: Int) throws -> (numbers: [Int], items: [StoredRelatedItem]) {
        guard count > 1 else {
            defer { memory = [] }
            return (memory.map(\.number), memory.map(\.item))
        }
        let bytes = try files.contents(share)
        var numbers: [Int] = []
        var items: [StoredRelatedItem] = []
        var position = 0
        func word(_ at: Int) -> Int {
            Int(bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self)) })
        }
        while position + 16 <= bytes.count {
            let length = word(position + 12)
            guard position + 16 + length <= bytes.count,
                  let decoded = RelatedRecord.decode(bytes[(position + 16)..<(position + 16 + length)]), decoded.count == 1
            else { throw StoreError.io("link table", "a temporary file read back damaged") }
            numbers.append(word(position))
            items.append(StoredRelatedItem(docno: word(position + 4), position: word(position + 8), item: decoded[0]))
            position += 16 + length
        }
        return (numbers, items)
    }

    /// Closes the spill files.
    func close() { files.close() }
}
