import Foundation
import GRDB

/// Adds the articles of one index update to the groups of copies, batch by
/// batch, each batch in the transaction that inserts its articles (a killed
/// run leaves no article without its signature).
///
/// Nothing is kept from one batch to the next: the candidates of a new
/// article are looked up by band key in `copy_band` (its primary key is the
/// index), and the signatures they are compared with are read back from
/// `copy_signature`. What the grouper holds is one batch's signatures and
/// bands, however large the corpus (keeping the whole run's in dictionaries
/// cost about 1 KB an article: 1 GB at a million).
final class CopyGrouper {
    /// Kept for the callers that open a grouper in a read transaction before
    /// the first batch; it no longer needs to look at anything.
    init(_ db: Database) throws {}

    /// Stores the batch's signatures and bands and joins each article to the
    /// groups of the articles whose signatures say they copy it.
    ///
    /// For each band key, an article is compared with the first
    /// `comparedPerBand` articles of that band by document number: those of
    /// earlier batches and runs (from the table, read before this batch's
    /// bands are added), then those of this batch with a lower number.
    func add(_ db: Database, _ entries: [CopyEntry]) throws {
        guard !entries.isEmpty else { return }
        let insertSignature = try db.cachedStatement(sql: "INSERT OR REPLACE INTO copy_signature(docno, signature, captured) VALUES (?, ?, ?)")
        var signatures: [Int64: CopySignature] = [:]
        signatures.reserveCapacity(entries.count)
        var bands: [(key: Int64, docno: Int64)] = []
        bands.reserveCapacity(entries.count * CopySignature.bandCount)
        for entry in entries {
            try insertSignature.execute(arguments: [entry.docno, entry.signature.blob, entry.captured])
            for key in entry.signature.bandKeys { bands.append((key, entry.docno)) }
            signatures[entry.docno] = entry.signature
        }
        // In key order, the band table's B-tree is appended to instead of split
        // at random, and the articles of one band in this batch sit together.
        bands.sort { $0.key != $1.key ? $0.key < $1.key : $0.docno < $1.docno }
        let limit = CopyGroups.comparedPerBand
        let earlierInTable = try db.cachedStatement(sql: "SELECT docno FROM copy_band WHERE band = ? ORDER BY docno LIMIT \(limit)")
        var candidates: [(Int64, Int64)] = []
        var start = 0
        while start < bands.count {
            let key = bands[start].key
            var end = start + 1
            while end < bands.count && bands[end].key == key { end += 1 }
            var earlier = try Int64.fetchAll(earlierInTable, arguments: [key])
            for (_, docno) in bands[start..<end] {
                for other in earlier.prefix(limit) where other != docno { candidates.append((docno, other)) }
                if earlier.count < limit { earlier.append(docno) }
            }
            start = end
        }
        let insertBand = try db.cachedStatement(sql: "INSERT OR IGNORE INTO copy_band(band, docno) VALUES (?, ?)")
        for (key, docno) in bands { try insertBand.execute(arguments: [key, docno]) }

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
