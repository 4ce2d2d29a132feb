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
    func finishPending(_ db: Database, spoolFolder: String, shareBytes: Int = PendingBands.shareBytes) throws {
        guard let from = try IndexDatabase.meta(db, Self.pendingKey) else { return }
        try Self.band(db, from: from, spoolFolder: spoolFolder, shareBytes: shareBytes)
        try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [Self.pendingKey])
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
        try Self.band(db, from: first, spoolFolder: NSTemporaryDirectory(), shareBytes: shareBytes)
    }

    private static func insertSignatures(_ db: Database, _ entries: [CopyEntry]) throws {
        let insertSignature = try db.cachedStatement(sql: "INSERT OR REPLACE INTO copy_signature(docno, signature, captured) VALUES (?, ?, ?)")
        for entry in entries { try insertSignature.execute(arguments: [entry.docno, entry.signature.blob, entry.captured]) }
    }

    /// The band pass over the signatures numbered `from` and above.
    private static func band(_ db: Database, from: Int64, spoolFolder: String, shareBytes: Int) throws {
        let pendingCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM copy_signature WHERE docno >= ?", arguments: [from]) ?? 0
        guard pendingCount > 0 else { return }
        // A cold index has no earlier band to look up.
        let hasEarlier = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM copy_band)") ?? false
        var spool = try PendingBands(expected: pendingCount * CopySignature.bandCount, folder: spoolFolder, shareBytes: shareBytes)
        defer { spool.close() }
        let rows = try Row.fetchCursor(db, sql: "SELECT docno, signature FROM copy_signature WHERE docno >= ? ORDER BY docno", arguments: [from])
        while let row = try rows.next() {
            let docno: Int64 = row[0]
            guard let signature = CopySignature(blob: row[1]) else { continue }
            for key in signature.bandKeys { try spool.append(key: key, docno: docno) }
        }

        let limit = CopyGroups.comparedPerBand
        let earlierInTable = try db.cachedStatement(sql: "SELECT docno FROM copy_band WHERE band = ? ORDER BY docno LIMIT \(limit)")
        var inserter = BandInserter()
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
                    try inserter.add(db, key: key, docno: docno)
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
                  left.isCopy(of: right) else { continue }
            unions.union(a, b)
        }
        try CopyGroups.record(db, unions)
    }
}

/// Inserts band rows a hundred at a time (one statement per row was most
/// of the pass's SQLite time).
private struct BandInserter {
    static let rowsPerStatement = 100
    private var values: [DatabaseValueConvertible] = []

    mutating func add(_ db: Database, key: Int64, docno: Int64) throws {
        values.append(key)
        values.append(docno)
        if values.count == 2 * Self.rowsPerStatement { try flush(db) }
    }

    mutating func flush(_ db: Database) throws {
        guard !values.isEmpty else { return }
        let rows = values.count / 2
        let statement = rows == Self.rowsPerStatement
            ? try db.cachedStatement(sql: Self.sql(rows: rows))
            : try db.makeStatement(sql: Self.sql(rows: rows))
        try statement.execute(arguments: StatementArguments(values))
        values.removeAll(keepingCapacity: true)
    }

    static func sql(rows: Int) -> String {
        "INSERT OR IGNORE INTO copy_band(band, docno) VALUES " + Array(repeating: "(?, ?)", count: rows).joined(separator: ", ")
    }
}

/// The (band key, docno) pairs of a band pass, cut by key into shares of
/// at most about 16 MB, each share sorted when it is taken: in memory for
/// one share, else spilled to one temporary file a share.
struct PendingBands {
    /// One pair as it is kept (12 bytes in a file).
    struct Pair {
        var key: Int64
        var docno: UInt32
    }

    static let shareBytes = 16 << 20
    static let pairBytes = 12
    let shareCount: Int
    private let shift: UInt64
    private var memory: [Pair] = []
    private var files: SpillFiles

    init(expected pairs: Int, folder: String, shareBytes: Int = Self.shareBytes) throws {
        var count = 1
        while count * max(Self.pairBytes, shareBytes) < pairs * Self.pairBytes { count *= 2 }
        shareCount = count
        shift = UInt64(64 - count.trailingZeroBitCount)
        files = try SpillFiles(count: count > 1 ? count : 0, folder: folder)
        if count == 1 { memory.reserveCapacity(pairs) }
    }

    /// The share of a key: shares run in the order of the signed keys.
    private func share(of key: Int64) -> Int {
        shareCount == 1 ? 0 : Int((UInt64(bitPattern: key) ^ (1 << 63)) >> shift)
    }

    mutating func append(key: Int64, docno: Int64) throws {
        guard shareCount > 1 else {
            memory.append(Pair(key: key, docno: UInt32(truncatingIfNeeded: docno)))
            return
        }
        var record = (key.littleEndian, UInt32(truncatingIfNeeded: docno).littleEndian)
        let index = share(of: key)
        try withUnsafeBytes(of: &record) { raw in try files.append(index, UnsafeRawBufferPointer(rebasing: raw[0..<Self.pairBytes])) }
    }

    /// The pairs of one share, by key then docno.
    mutating func sortedShare(_ index: Int) throws -> [Pair] {
        var pairs: [Pair]
        if shareCount == 1 {
            pairs = memory
            memory = []
        } else {
            let bytes = try files.contents(index)
            pairs = bytes.withUnsafeBytes { raw in
                (0..<(raw.count / Self.pairBytes)).map { position in
                    Pair(key: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: position * Self.pairBytes, as: Int64.self)),
                         docno: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: position * Self.pairBytes + 8, as: UInt32.self)))
                }
            }
        }
        pairs.sort { $0.key != $1.key ? $0.key < $1.key : $0.docno < $1.docno }
        return pairs
    }

    /// Closes the spill files.
    func close() { files.close() }
}
