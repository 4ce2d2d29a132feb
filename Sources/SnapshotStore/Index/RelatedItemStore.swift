import CZstd
import Foundation
import GRDB
import SnapshotFormat

/// The related items of every article, kept in the index database as zstd
/// frames of about `frameTarget` bytes of records (`related_frame`), each
/// record the items of one article in order (`RelatedRecord`). The article
/// row says where its record is (`related_frame`, `related_start`,
/// `related_length`); `related_date` lists every dated item by its publish
/// time, which is how `backlinks` and the link table find the items of one
/// minute without opening every frame.
///
/// Uncompressed rows of excerpts were 36% of the corpus's size on disk;
/// frames of whole records compress them about 3 times. A frame's rows are
/// written in the transaction of its articles, so the database never names
/// a frame it does not hold. Frames carry zstd's checksum: one that does not
/// decompress is damage (`StoreError.damaged`), and the index is rebuilt.
enum RelatedItemStore {
    /// A frame is closed once its records reach this: reading one article's
    /// items decompresses one frame, and a larger frame compresses better.
    static let frameTarget = 32 * 1024
    /// The zstd level, as for the text store.
    static let level: Int32 = 3

    /// The tables, made by the migration that moved the items here.
    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE related_frame (frame INTEGER PRIMARY KEY, live INTEGER NOT NULL, data BLOB NOT NULL);
            CREATE TABLE related_date (
                published INTEGER NOT NULL,
                docno INTEGER NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (published, docno, position)
            ) WITHOUT ROWID;
            ALTER TABLE article ADD COLUMN related_frame INTEGER;
            ALTER TABLE article ADD COLUMN related_start INTEGER;
            ALTER TABLE article ADD COLUMN related_length INTEGER;
            """)
    }

    /// Where an article's record is.
    struct Place: Equatable {
        var frame: Int64
        var start: Int
        var length: Int

        init(frame: Int64, start: Int, length: Int) {
            self.frame = frame
            self.start = start
            self.length = length
        }

        /// The place in a row's columns from `index` on (frame, start,
        /// length). A value of another type (a flipped bit in the row's
        /// header turns a number into text) is damage, not a trap.
        init(_ row: Row, from index: Int, db: Database) throws {
            guard let frame = Int64.fromDatabaseValue(row[index]), let start = Int.fromDatabaseValue(row[index + 1]),
                  let length = Int.fromDatabaseValue(row[index + 2])
            else { throw RelatedItemStore.damaged("an article's place of its record is not three numbers", db: db) }
            self.init(frame: frame, start: start, length: length)
        }
    }

    /// Damage to the related items of the database `db`.
    static func damaged(_ reason: String, db: Database) -> StoreError {
        let file = (try? String.fetchOne(db, sql: "SELECT file FROM pragma_database_list WHERE name = 'main'")) ?? nil
        return .damaged(file: file ?? "index.sqlite", reason: "related items: \(reason)")
    }

    /// Gathers the records of an ingest batch into frames. `place` gives a
    /// record its place before its article row is written; `flush` writes
    /// the open frame, and must run before the batch's transaction commits.
    struct Writer {
        private var nextFrame: Int64
        private var pending: [UInt8] = []
        private var pendingArticles = 0
        private var compressor: OpaquePointer?

        /// Whether `meta.dates_pending_from` is written (read once, then kept).
        private var datesMarked: Bool
        /// The dated items left to `finishDates`, as they were placed: the
        /// pass then need not read every frame back. Nil when a killed run's
        /// items are pending too (the pass reads them all), or when not deferring.
        private(set) var collected: CollectedDates?

        /// A writer appending after the last frame of `db`; `folder` is where
        /// the dates deferred to `finishDates` are spilled (none: not collected).
        init(_ db: Database, folder: String? = nil) throws {
            nextFrame = (try Int64.fetchOne(db, sql: "SELECT MAX(frame) FROM related_frame") ?? 0) + 1
            datesMarked = try IndexDatabase.meta(db, RelatedItemStore.datesPendingKey) != nil
            if let folder, !datesMarked { collected = try CollectedDates(folder: folder) }
        }

        /// Releases the compressor and the spill; the writer is not used after.
        mutating func close() {
            if let compressor { ZSTD_freeCCtx(compressor) }
            compressor = nil
            collected?.close()
            collected = nil
        }

        /// Says that the article `docno` left in this run: the dates
        /// collected may name it, and the pass reads every frame instead.
        mutating func removed(docno: Int64) {
            guard let first = collected?.firstDocno, docno >= first else { return }
            collected?.close()
            collected = nil
        }

        /// The place of the record of `items` (nil for an article without
        /// related items), closing the frame first when it is full.
        mutating func place(_ items: [RelatedItem], db: Database) throws -> Place? {
            guard !items.isEmpty else { return nil }
            if pending.count >= RelatedItemStore.frameTarget { try flush(db) }
            let start = pending.count
            RelatedRecord.append(items, to: &pending)
            pendingArticles += 1
            return Place(frame: nextFrame, start: start, length: pending.count - start)
        }

        /// Lists the dated items of the article `docno` by their publish
        /// time: at once (`dateNow`), or by `finishDates` once the batches
        /// are in (the mark it reads is written here, in the batch's transaction).
        mutating func date(_ items: [RelatedItem], docno: Int64, db: Database) throws {
            guard items.contains(where: { $0.publishedAt != nil }) else { return }
            guard dateNow else {
                if !datesMarked {
                    try IndexDatabase.setMeta(db, RelatedItemStore.datesPendingKey, docno)
                    datesMarked = true
                }
                if collected != nil {
                    for (position, item) in items.enumerated() {
                        guard let published = item.publishedAt?.epochSeconds else { continue }
                        try collected?.append(published: published, docno: docno, position: position)
                    }
                }
                return
            }
            let statement = try db.cachedStatement(sql: "INSERT INTO related_date(published, docno, position) VALUES (?, ?, ?)")
            for (position, item) in items.enumerated() {
                guard let published = item.publishedAt?.epochSeconds else { continue }
                try statement.execute(arguments: [published, docno, position])
            }
        }

        /// False leaves the dates to `finishDates`.
        var dateNow = true

        /// Writes the open frame, if it holds anything.
        mutating func flush(_ db: Database) throws {
            guard !pending.isEmpty else { return }
            if compressor == nil {
                compressor = ZSTD_createCCtx()
                if let compressor {
                    ZSTD_CCtx_setParameter(compressor, ZSTD_c_compressionLevel, RelatedItemStore.level)
                    ZSTD_CCtx_setParameter(compressor, ZSTD_c_checksumFlag, 1)
                }
            }
            guard let compressor else { throw StoreError.io("zstd", "no compression context") }
            let bound = ZSTD_compressBound(pending.count)
            var out = [UInt8](repeating: 0, count: bound)
            let written = out.withUnsafeMutableBytes { target in
                pending.withUnsafeBytes { source in
                    ZSTD_compress2(compressor, target.baseAddress, bound, source.baseAddress, source.count)
                }
            }
            guard ZSTD_isError(written) == 0 else { throw StoreError.io("zstd", String(cString: ZSTD_getErrorName(written))) }
            out.removeLast(bound - written)
            try db.cachedStatement(sql: "INSERT INTO related_frame(frame, live, data) VALUES (?, ?, ?)")
                .execute(arguments: [nextFrame, pendingArticles, Data(out)])
            nextFrame += 1
            pending.removeAll(keepingCapacity: true)
            pendingArticles = 0
        }
    }

    /// Takes the article `docno`'s items out: its dated items, and its
    /// frame once no live article's record is left in it. Called before the
    /// article row goes.
    static func remove(docno: Int64, db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT related_frame, related_start, related_length FROM article WHERE docno = ?",
                                         arguments: [docno]),
              !(row[0] as DatabaseValue).isNull else { return }
        let place = try Place(row, from: 0, db: db)
        let frame = place.frame
        // related_date is keyed by time: the record says which rows are this article's.
        let delete = try db.cachedStatement(sql: "DELETE FROM related_date WHERE published = ? AND docno = ? AND position = ?")
        for item in try Reader(db).items(docno: Int(docno), at: place) {
            guard let published = item.published else { continue }
            try delete.execute(arguments: [published, docno, item.position])
        }
        try db.cachedStatement(sql: "UPDATE related_frame SET live = live - 1 WHERE frame = ?").execute(arguments: [frame])
        try db.cachedStatement(sql: "DELETE FROM related_frame WHERE frame = ? AND live <= 0").execute(arguments: [frame])
    }

    /// Reads records, keeping the frame it decompressed last: records read
    /// in docno order decompress each frame once.
    final class Reader {
        private let db: Database
        private var frame: (number: Int64, bytes: [UInt8])?
        private var decompressor: OpaquePointer? = ZSTD_createDCtx()

        init(_ db: Database) { self.db = db }

        deinit { ZSTD_freeDCtx(decompressor) }

        /// The items at `place`, the article `docno`'s.
        func items(docno: Int, at place: Place) throws -> [StoredRelatedItem] {
            if frame?.number != place.frame { frame = (place.frame, try decompress(place.frame)) }
            guard let bytes = frame?.bytes, let items = RelatedItemStore.storedItems(docno: docno, in: bytes, start: place.start, length: place.length)
            else { throw damaged("a record of frame \(place.frame) is not whole") }
            return items
        }

        /// The publish times of the items at `place`, in order (nil for an
        /// undated item), read without making their strings.
        func dates(at place: Place) throws -> [Int64?] {
            if frame?.number != place.frame { frame = (place.frame, try decompress(place.frame)) }
            guard let bytes = frame?.bytes, place.start >= 0, place.length >= 0, place.start + place.length <= bytes.count,
                  let dates = RelatedRecord.dates(bytes[place.start..<(place.start + place.length)])
            else { throw damaged("a record of frame \(place.frame) is not whole") }
            return dates
        }

        private func decompress(_ number: Int64) throws -> [UInt8] {
            guard let data = try Data.fetchOne(db, sql: "SELECT data FROM related_frame WHERE frame = ?", arguments: [number]) else {
                throw damaged("frame \(number) is missing")
            }
            guard let out = RelatedItemStore.decompress(frame: data, with: decompressor) else { throw damaged("frame \(number) does not decompress") }
            return out
        }

        private func damaged(_ reason: String) -> StoreError { RelatedItemStore.damaged(reason, db: db) }
    }

    /// The items of the article `docno` from its record at `start` of a
    /// decompressed frame, nil when the record is not whole there (damage).
    static func storedItems(docno: Int, in bytes: [UInt8], start: Int, length: Int) -> [StoredRelatedItem]? {
        guard start >= 0, length >= 0, start <= bytes.count - length,
              let items = RelatedRecord.decode(bytes[start..<(start + length)]) else { return nil }
        return items.enumerated().map { StoredRelatedItem(docno: docno, position: $0.offset, item: $0.element) }
    }

    /// The records of a frame as stored (`related_frame.data`), nil when it
    /// does not decompress whole to at most `RelatedRecord.largestFrame` bytes.
    static func decompress(frame data: Data, with decompressor: OpaquePointer?) -> [UInt8]? {
        data.withUnsafeBytes { source -> [UInt8]? in
            let size = ZSTD_getFrameContentSize(source.baseAddress, source.count)
            // ZSTD_CONTENTSIZE_UNKNOWN and _ERROR are the two largest values.
            guard size < UInt64.max - 1, size <= UInt64(RelatedRecord.largestFrame) else { return nil }
            var out = [UInt8](repeating: 0, count: Int(size))
            let got = out.withUnsafeMutableBytes { target in
                ZSTD_decompressDCtx(decompressor, target.baseAddress, target.count, source.baseAddress, source.count)
            }
            guard ZSTD_isError(got) == 0, got == Int(size) else { return nil }
            return out
        }
    }

    /// The same with a decompression context of its own (for the fuzz target).
    static func decompress(frame data: Data) -> [UInt8]? {
        let decompressor = ZSTD_createDCtx()
        defer { ZSTD_freeDCtx(decompressor) }
        return decompress(frame: data, with: decompressor)
    }

    /// The items of the article `docno`, in order.
    static func items(ofDocno docno: Int64, db: Database) throws -> [StoredRelatedItem] {
        try items(ofDocnos: [docno], db: db)
    }

    /// The items of these articles, by docno, then position; articles not
    /// indexed have none.
    static func items(ofDocnos docnos: [Int64], db: Database) throws -> [StoredRelatedItem] {
        let reader = Reader(db)
        var found: [StoredRelatedItem] = []
        var start = 0
        let sorted = docnos.sorted()
        while start < sorted.count {
            let chunk = Array(sorted[start..<min(start + 500, sorted.count)])
            let sql = "SELECT docno, related_frame, related_start, related_length FROM article WHERE related_frame IS NOT NULL AND docno IN ("
                + chunk.map { _ in "?" }.joined(separator: ",") + ") ORDER BY docno"
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(chunk)) {
                found += try reader.items(docno: row[0], at: Place(row, from: 1, db: db))
            }
            start += chunk.count
        }
        return found
    }

    /// Every dated item published from `first` to `last` (seconds), by
    /// publish time, then docno and position (the order of `related_date`).
    static func items(publishedFrom first: Int64, to last: Int64, db: Database) throws -> [StoredRelatedItem] {
        let places = try Row.fetchAll(db, sql: "SELECT docno, position FROM related_date WHERE published BETWEEN ? AND ? ORDER BY published, docno, position",
                                      arguments: [first, last]).map { row in
            guard let docno = Int.fromDatabaseValue(row[0]), let position = Int.fromDatabaseValue(row[1]) else {
                throw damaged("a dated item's place is not two numbers", db: db)
            }
            return (docno: docno, position: position)
        }
        var byArticle: [Int: [StoredRelatedItem]] = [:]
        for item in try items(ofDocnos: Array(Set(places.map { Int64($0.docno) })), db: db) { byArticle[item.docno, default: []].append(item) }
        // Every row of related_date was written from its article's record:
        // one the record does not hold is damage.
        return try places.map { place in
            guard let items = byArticle[place.docno], place.position >= 0, place.position < items.count else {
                throw damaged("a dated item (article \(place.docno), item \(place.position)) is not in its record", db: db)
            }
            return items[place.position]
        }
    }

    /// Calls `body` with every item of every article, in docno and position
    /// order, a frame at a time (the items of a corpus would take a hundred
    /// megabytes at once).
    /// The docno and record place of every article with related items from a docno on, in docno order.
    private static let recordPlacesFrom = """
        SELECT docno, related_frame, related_start, related_length FROM article WHERE related_frame IS NOT NULL AND docno >= ? ORDER BY docno
        """

    /// Calls `body` with the publish time, docno and position of every
    /// dated item of the articles from `first` on, in docno and position order.
    static func forEachDate(db: Database, from first: Int64, _ body: (Int64, Int64, Int) throws -> Void) throws {
        let reader = Reader(db)
        let rows = try Row.fetchCursor(db, sql: recordPlacesFrom, arguments: [first])
        while let row = try rows.next() {
            let docno: Int64 = row[0]
            for (position, published) in try reader.dates(at: Place(frame: row[1], start: row[2], length: row[3])).enumerated() {
                if let published { try body(published, docno, position) }
            }
        }
    }

    /// `parallel`: the frames of each run of articles are decompressed, their
    /// records decoded and each item given its `note` on every core (the
    /// calls to `body` stay in order, on this thread).
    static func forEachItem<Note>(db: Database, from first: Int64 = 0, parallel: Bool, note: (StoredRelatedItem) -> Note,
                                  _ body: (StoredRelatedItem, Note) throws -> Void) throws {
        let width = ParallelLoop.width
        guard parallel, width > 1 else { return try forEachItem(db: db, from: first) { try body($0, note($0)) } }
        let rows = try Row.fetchCursor(db, sql: recordPlacesFrom, arguments: [first])
        // A run: `framesPerRun` frames in a row, each with its stored bytes and the places of its articles' records.
        let framesPerRun = 256
        var frames: [StoredFrame] = []
        func finishRun() throws {
            let run = frames
            frames.removeAll(keepingCapacity: true)
            // A failure is its reason, made into damage here: the database is not touched off its thread.
            let decoded = ParallelSlots<Result<[(StoredRelatedItem, Note)], DecodeFailure>?>(count: run.count, initial: nil)
            // One decompression context a thread: thread `lane` takes frames lane, lane + width …
            ParallelLoop.run(iterations: min(width, run.count)) { lane in
                let decompressor = ZSTD_createDCtx()
                defer { ZSTD_freeDCtx(decompressor) }
                for index in stride(from: lane, to: run.count, by: width) {
                    let frame = run[index]
                    guard let bytes = RelatedItemStore.decompress(frame: frame.data, with: decompressor) else {
                        decoded.set(index, .failure(DecodeFailure(reason: "frame \(frame.number) does not decompress")))
                        continue
                    }
                    var items: [(StoredRelatedItem, Note)] = []
                    var whole = true
                    for place in frame.places {
                        guard let record = RelatedItemStore.storedItems(docno: place.docno, in: bytes, start: place.start, length: place.length)
                        else { whole = false; break }
                        for item in record { items.append((item, note(item))) }
                    }
                    decoded.set(index, whole ? .success(items) : .failure(DecodeFailure(reason: "a record of frame \(frame.number) is not whole")))
                }
            }
            for result in decoded.values {
                switch result {
                case .success(let items): for (item, note) in items { try body(item, note) }
                case .failure(let failure): throw damaged(failure.reason, db: db)
                case nil: throw damaged("a frame was not read", db: db)
                }
            }
        }
        let frameStatement = try db.cachedStatement(sql: "SELECT data FROM related_frame WHERE frame = ?")
        while let row = try rows.next() {
            let place = try Place(row, from: 1, db: db)
            if frames.last?.number != place.frame {
                if frames.count == framesPerRun { try finishRun() }
                guard let data = try Data.fetchOne(frameStatement, arguments: [place.frame]) else { throw damaged("frame \(place.frame) is missing", db: db) }
                frames.append(StoredFrame(number: place.frame, data: data))
            }
            frames[frames.count - 1].places.append((row[0], place.start, place.length))
        }
        try finishRun()
    }

    static func forEachItem(db: Database, from first: Int64 = 0, _ body: (StoredRelatedItem) throws -> Void) throws {
        let reader = Reader(db)
        let rows = try Row.fetchCursor(db, sql: recordPlacesFrom, arguments: [first])
        while let row = try rows.next() {
            for item in try reader.items(docno: row[0], at: Place(row, from: 1, db: db)) { try body(item) }
        }
    }
}

/// A frame of records as stored, with the places of its articles' records
/// (the parallel `forEachItem`'s unit of work).
private struct StoredFrame {
    var number: Int64
    var data: Data
    var places: [(docno: Int, start: Int, length: Int)] = []
}

/// Why a frame read off the database's thread was not decoded.
private struct DecodeFailure: Error {
    var reason: String
}

extension RelatedItemStore {
    /// The meta key naming the first docno whose dated items are not in `related_date` yet.
    static let datesPendingKey = "dates_pending_from"

    /// One row of `related_date` on its way (16 bytes in a spill file).
    struct DateRow {
        var published: Int64
        var docno: UInt32
        var position: UInt32
    }

    /// The dated items an ingest placed, in a spill file as they came, with
    /// their count and span: what `finishDates` would otherwise read every
    /// frame back for, twice.
    struct CollectedDates {
        private var file: SpillFiles
        private(set) var count = 0
        private(set) var earliest = Int64.max
        private(set) var latest = Int64.min
        /// The docno of the first row (nil while there is none).
        private(set) var firstDocno: Int64?

        init(folder: String) throws {
            file = try SpillFiles(count: 1, folder: folder)
        }

        mutating func append(published: Int64, docno: Int64, position: Int) throws {
            if firstDocno == nil { firstDocno = docno }
            count += 1
            earliest = min(earliest, published)
            latest = max(latest, published)
            var row = DateRow(published: published, docno: UInt32(truncatingIfNeeded: docno), position: UInt32(position))
            try withUnsafeBytes(of: &row) { raw in
                try file.append(0, UnsafeRawBufferPointer(rebasing: raw[0..<MemoryLayout<DateRow>.size]))
            }
        }

        /// Every row, in the order appended.
        mutating func forEach(_ body: (DateRow) throws -> Void) throws {
            let size = MemoryLayout<DateRow>.size
            try file.forEachChunk(0, chunk: size << 16) { raw in
                for index in 0..<(raw.count / size) { try body(raw.loadUnaligned(fromByteOffset: index * size, as: DateRow.self)) }
            }
        }

        func close() { file.close() }
    }

    /// Lists by publish time the dated items of every article from the one
    /// `meta.dates_pending_from` names on, in the table's key order, a share
    /// of the time range at a time (`ShareSpool`): `related_date` is then
    /// appended to or walked in order, where a batch's items, dated at
    /// random, split and rewrote pages all over it (a page to the WAL for
    /// nearly every item once the table outgrew the page cache).
    /// `collected`: the rows as the ingest placed them, used when they are
    /// every row pending (they start at the marked docno); else every frame
    /// from the mark on is read, twice (the span, then the rows).
    static func finishDates(_ db: Database, spoolFolder: String, shareBytes: Int = ShareSpool<DateRow>.defaultShareBytes,
                            collected: CollectedDates? = nil) throws {
        guard let from = try IndexDatabase.meta(db, datesPendingKey) else { return }
        var count = 0
        var earliest = Int64.max
        var latest = Int64.min
        let whole = collected.map { $0.firstDocno == from } ?? false
        if whole, let collected {
            (count, earliest, latest) = (collected.count, collected.earliest, collected.latest)
        } else {
            // The span of the dates first, to cut it into shares.
            try forEachDate(db: db, from: from) { published, _, _ in
                count += 1
                earliest = min(earliest, published)
                latest = max(latest, published)
            }
        }
        if count > 0 {
            var spool = try ShareSpool<DateRow>(records: count, folder: spoolFolder, shareBytes: shareBytes)
            defer { spool.close() }
            let span = Double(latest) - Double(earliest) + 1
            let shares = spool.shareCount
            func add(_ row: DateRow) throws {
                let share = min(shares - 1, Int((Double(row.published) - Double(earliest)) / span * Double(shares)))
                try spool.append(row, share: share)
            }
            if whole, var collected {
                try collected.forEach(add)
            } else {
                try forEachDate(db: db, from: from) { published, docno, position in
                    try add(DateRow(published: published, docno: UInt32(truncatingIfNeeded: docno), position: UInt32(position)))
                }
            }
            var insert = BatchedInsert("INSERT OR IGNORE INTO related_date(published, docno, position)", columns: 3)
            for share in 0..<shares {
                var rows = try spool.records(share)
                rows.sort { ($0.published, $0.docno, $0.position) < ($1.published, $1.docno, $1.position) }
                for row in rows { try insert.add(db, row.published, Int64(row.docno), Int64(row.position)) }
            }
            try insert.flush(db)
        }
        try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [datesPendingKey])
    }
}

/// The related items of one article as bytes: a count, then for each item
/// a flags byte (1: dated, 2: titled), the publish time (zigzag varint),
/// the excerpt and the title (each a varint length and UTF-8).
enum RelatedRecord {
    /// No frame decompresses to more: a frame closes past 32 KB, and one
    /// article's record is less than the 1 MB read limit of its file.
    static let largestFrame = 4 << 20

    /// The publish times a record may hold: years 0 to 9999, Beijing time,
    /// what `SnapshotTime` holds and prints (a larger one overflows it).
    static let datable: ClosedRange<Int64> = -62_167_248_000...253_402_271_999

    static func append(_ items: [RelatedItem], to out: inout [UInt8]) {
        appendVarint(UInt64(items.count), to: &out)
        for item in items {
            let published = item.publishedAt?.epochSeconds
            out.append((published == nil ? 0 : 1) | (item.title == nil ? 0 : 2))
            if let published { appendVarint(UInt64(bitPattern: (published << 1) ^ (published >> 63)), to: &out) }
            appendString(item.excerpt, to: &out)
            if let title = item.title { appendString(title, to: &out) }
        }
    }

    /// The publish times of a record's items (nil for an undated one),
    /// its strings skipped; nil when the bytes are not one whole record.
    static func dates(_ bytes: ArraySlice<UInt8>) -> [Int64?]? {
        var dates: [Int64?] = []
        guard walk(bytes, { published, _, _ in dates.append(published) }) else { return nil }
        return dates
    }

    /// The items of a record; nil when the bytes are not one whole record.
    static func decode(_ bytes: ArraySlice<UInt8>) -> [RelatedItem]? {
        var items: [RelatedItem] = []
        let whole = walk(bytes) { published, excerpt, title in
            items.append(RelatedItem(title: title.map { String(decoding: bytes[$0], as: UTF8.self) },
                                     excerpt: String(decoding: bytes[excerpt], as: UTF8.self),
                                     publishedAt: published.map { SnapshotTime(epochSeconds: $0) }))
        }
        return whole ? items : nil
    }

    /// Walks a record's items: for each, its publish time and where its
    /// excerpt and title lie in `bytes`. False when the bytes are not one whole record.
    private static func walk(_ bytes: ArraySlice<UInt8>, _ body: (Int64?, Range<Int>, Range<Int>?) -> Void) -> Bool {
        var position = bytes.startIndex
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < bytes.endIndex, shift < 64 {
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        func string() -> Range<Int>? {
            guard let length = varint(), length <= UInt64(bytes.endIndex - position) else { return nil }
            let end = position + Int(length)
            defer { position = end }
            return position..<end
        }
        guard let count = varint(), count <= UInt64(bytes.count) else { return false }
        for _ in 0..<count {
            guard position < bytes.endIndex else { return false }
            let flags = bytes[position]
            position += 1
            guard flags & ~3 == 0 else { return false }
            var published: Int64?
            if flags & 1 != 0 {
                guard let raw = varint() else { return false }
                let time = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
                // A time SnapshotTime cannot hold (found by the fuzz target: it trapped when read back).
                guard datable.contains(time) else { return false }
                published = time
            }
            guard let excerpt = string() else { return false }
            var title: Range<Int>?
            if flags & 2 != 0 {
                guard let read = string() else { return false }
                title = read
            }
            body(published, excerpt, title)
        }
        return position == bytes.endIndex
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    private static func appendString(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes in
            appendVarint(UInt64(bytes.count), to: &out)
            out.append(contentsOf: bytes)
        }
    }
}
