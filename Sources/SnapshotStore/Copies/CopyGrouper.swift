import Foundation
import GRDB

/// Adds the articles of one index update to the groups of copies.
///
/// Two parts. Each ingest batch stores its articles' signatures (`stage`),
/// in the transaction that inserts the articles, and notes in
/// `meta.copies_pending_from` the first article whose bands and group are
/// not written yet. Once the batches are in, `finishPending` writes the
/// bands of every pending signature and joins the articles whose
/// signatures say they copy each other, in one transaction. A killed run
/// leaves the mark, and the next update finishes what it names.
///
/// The band pass takes the band keys in key order, a share of them at a
/// time (`PendingBands`, spilled to files beside the index when a share
/// would not fit in 16 MB): the band table's B-tree is then appended to
/// (a cold index) or walked in order, instead of being split and read at
/// random for every band of every batch (16 random B-tree writes an
/// article made a million-article index write gigabytes to the WAL).
final class CopyGrouper {
    /// Kept for the callers that open a grouper in a read transaction before
    /// the first batch; it no longer needs to look at anything.
    init(_ db: Database) throws {}

    /// The meta key naming the first docno whose bands are not written.
    static let pendingKey = "copies_pending_from"

    /// Stores the batch's signatures; their bands and groups wait for
    /// `finishPending`. Needs the index's meta table.
    func stage(_ db: Database, _ entries: [CopyEntry]) throws {
        guard let first = entries.map(\.docno).min() else { return }
        try Self.insertSignatures(db, entries)
        if try IndexDatabase.meta(db, Self.pendingKey) == nil { try IndexDatabase.setMeta(db, Self.pendingKey, first) }
    }

    /// Writes the bands and groups of every staged signature, when some
    /// are waiting (`spoolFolder` takes the band keys of a large run).
    /// Settles the articles taken out first (`CopyGroups.settleRemovals`).
    func finishPending(_ db: Database, spoolFolder: String, shareBytes: Int = PendingBands.shareBytes) throws {
        let from = try IndexDatabase.meta(db, Self.pendingKey)
        let removed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM copy_removed)") ?? false
        guard from != nil || removed else { return }
        try Self.settleAndBand(db, from: from, spoolFolder: spoolFolder, shareBytes: shareBytes)
        if from != nil { try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [Self.pendingKey]) }
    }

    /// Stores the signatures and at once bands and groups them (for an
    /// update of a few files, and tests): `stage` and `finishPending` in one.
    ///
    /// For each band key, an article is compared with the first
    /// `comparedPerBand` articles of that band by document number: those of
    /// earlier batches and runs (from the table), then those of this batch
    /// with a lower number. The entries must number above every article
    /// already banded.
    func add(_ db: Database, _ entries: [CopyEntry], shareBytes: Int = PendingBands.shareBytes) throws {
        guard let first = entries.map(\.docno).min() else { return }
        try Self.insertSignatures(db, entries)
        try Self.settleAndBand(db, from: first, spoolFolder: NSTemporaryDirectory(), shareBytes: shareBytes)
    }

    /// With the paragraph counts loaded: the removals settled, then the
    /// band pass from `from` (when given), then the counts written back.
    private static func settleAndBand(_ db: Database, from: Int64?, spoolFolder: String, shareBytes: Int) throws {
        let counts = try ParagraphCounts.load(db)
        try CopyGroups.settleRemovals(db, counts: counts)
        if let from { try band(db, from: from, counts: counts, spoolFolder: spoolFolder, shareBytes: shareBytes) }
        try counts.save(db)
    }

    private static func insertSignatures(_ db: Database, _ entries: [CopyEntry]) throws {
        let insertSignature = try db.cachedStatement(sql: "INSERT OR REPLACE INTO copy_signature(docno, signature, captured) VALUES (?, ?, ?)")
        for entry in entries { try insertSignature.execute(arguments: [entry.docno, entry.signature.blob, entry.captured]) }
    }

    /// The band pass over the signatures numbered `from` and above, which
    /// are counted into `counts` before any pair is compared.
    private static func band(_ db: Database, from: Int64, counts: ParagraphCounts, spoolFolder: String, shareBytes: Int) throws {
        let pendingCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM copy_signature WHERE docno >= ?", arguments: [from]) ?? 0
        guard pendingCount > 0 else { return }
        // A cold index has no earlier band to look up.
        let hasEarlier = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM copy_band)") ?? false
        var spool = try PendingBands(expected: pendingCount * CopySignature.bandCount, folder: spoolFolder, shareBytes: shareBytes)
        defer { spool.close() }
        // This run's paragraphs are counted on their own too, when groups
        // exist: a paragraph that becomes common now may hold together a
        // group made while it was not.
        let hasGroups = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM copy_group)") ?? false
        let counted = hasGroups ? ParagraphCounts() : nil
        let rows = try Row.fetchCursor(db, sql: "SELECT docno, signature FROM copy_signature WHERE docno >= ? ORDER BY docno", arguments: [from])
        while let row = try rows.next() {
            let docno: Int64 = row[0]
            guard let signature = CopySignature(blob: row[1]) else { continue }
            for key in signature.bandKeys { try spool.append(key: key, docno: docno) }
            counts.add(signature.paragraphs, delta: 1)
            counted?.add(signature.paragraphs, delta: 1)
        }
        if let counted {
            // Read again rather than kept from the loop above: a large run's
            // paragraphs are millions of hashes, its crossings a few.
            // A paragraph's status follows its keys (its hash and its
            // ends): it changes only when one of them crosses the count.
            var becameCommon = Set<ParagraphCounts.Key>()
            let again = try Row.fetchCursor(db, sql: "SELECT signature FROM copy_signature WHERE docno >= ? ORDER BY docno", arguments: [from])
            while let row = try again.next() {
                guard let signature = CopySignature(blob: row[0]) else { continue }
                for paragraph in signature.paragraphs {
                    for key in ParagraphCounts.keys(paragraph) where counts.count(key) >= ParagraphCounts.commonCount
                        && counts.count(key) - counted.count(key) < ParagraphCounts.commonCount {
                        becameCommon.insert(key)
                    }
                }
            }
            try CopyGroups.regroupHolders(of: becameCommon, db, counts: counts)
        }

        let limit = CopyGroups.comparedPerBand
        let earlierInTable = try db.cachedStatement(sql: "SELECT docno FROM copy_band WHERE band = ? ORDER BY docno LIMIT \(limit)")
        var inserter = BatchedInsert("INSERT OR IGNORE INTO copy_band(band, docno)", columns: 2)
        var candidates: [(Int64, Int64)] = []
        for share in 0..<spool.shareCount {
            let bands = try spool.sortedShare(share)
            var start = 0
            while start < bands.count {
                let key = bands[start].key
                var end = start + 1
                while end < bands.count && bands[end].key == key { end += 1 }
                var earlier = hasEarlier ? try Int64.fetchAll(earlierInTable, arguments: [key]) : []
                for band in bands[start..<end] {
                    let docno = Int64(band.docno)
                    for other in earlier.prefix(limit) where other != docno { candidates.append((docno, other)) }
                    if earlier.count < limit { earlier.append(docno) }
                    try inserter.add(db, key, docno)
                }
                start = end
            }
        }
        try inserter.flush(db)

        var signatures: [Int64: CopySignature] = [:]
        var unions = UnionFind()
        var checked = Set<UInt128>()
        for (a, b) in candidates {
            let pair = UInt128(UInt64(bitPattern: min(a, b))) << 64 | UInt128(UInt64(bitPattern: max(a, b)))
            guard checked.insert(pair).inserted, unions.find(a) != unions.find(b) else { continue }
            guard let left = try CopyGroups.signature(db, a, &signatures), let right = try CopyGroups.signature(db, b, &signatures),
                  left.isCopy(of: right, isBoilerplate: counts.isCommon) else { continue }
            unions.union(a, b)
        }
        try CopyGroups.record(db, unions)
    }
}

/// The (band key, docno) pairs of a band pass, cut by key into shares of
/// about 16 MB (`ShareSpool`), each share sorted when it is taken.
struct PendingBands {
    /// One pair as it is kept (12 bytes in a file).
    struct Pair {
        var key: Int64
        var docno: UInt32
    }

    static let shareBytes = 16 << 20
    private var spool: ShareSpool<Pair>
    private let shift: UInt32
    var shareCount: Int { spool.shareCount }

    init(expected pairs: Int, folder: String, shareBytes: Int = Self.shareBytes) throws {
        spool = try ShareSpool(records: pairs, folder: folder, shareBytes: shareBytes)
        shift = UInt32(32 - spool.shareCount.trailingZeroBitCount)
    }

    /// `key`: a band key, a 32-bit number (`CopySignature.bandKeys`).
    mutating func append(key: Int64, docno: Int64) throws {
        // Shares run in the order of the signed keys.
        let share = spool.shareCount == 1 ? 0 : Int((UInt32(bitPattern: Int32(truncatingIfNeeded: key)) ^ (1 << 31)) >> shift)
        try spool.append(Pair(key: key, docno: UInt32(truncatingIfNeeded: docno)), share: share)
    }

    /// The pairs of one share, by key then docno.
    mutating func sortedShare(_ index: Int) throws -> [Pair] {
        var pairs = try spool.records(index)
        pairs.sort { $0.key != $1.key ? $0.key < $1.key : $0.docno < $1.docno }
        return pairs
    }

    /// Closes the spill files.
    func close() { spool.close() }
}
