import Foundation
import GRDB

/// Adds the articles of one index update to the groups of copies, batch by
/// batch, each batch in the transaction that inserts its articles (a killed
/// run leaves no article without its signature). The band keys of the
/// articles added in this run are also kept in memory, so a first index of
/// a corpus looks nothing up in the band table.
final class CopyGrouper {
    /// Whether the band table was empty when the update began: then every
    /// candidate is an article of this run.
    private let startedEmpty: Bool
    /// The articles of this run by band key: the first, then up to
    /// `comparedPerBand` more in `crowded`.
    private var firstInBand: [Int64: Int64] = [:]
    private var crowded: [Int64: [Int64]] = [:]
    private var signatures: [Int64: CopySignature] = [:]

    init(_ db: Database) throws {
        startedEmpty = try Int64.fetchOne(db, sql: "SELECT docno FROM copy_band LIMIT 1") == nil
    }

    /// Stores the batch's signatures and bands and joins each article to the
    /// groups of the articles whose signatures say they copy it.
    func add(_ db: Database, _ entries: [CopyEntry]) throws {
        guard !entries.isEmpty else { return }
        let insertSignature = try db.cachedStatement(sql: "INSERT OR REPLACE INTO copy_signature(docno, signature, captured) VALUES (?, ?, ?)")
        var bands: [(key: Int64, docno: Int64)] = []
        bands.reserveCapacity(entries.count * CopySignature.bandCount)
        for entry in entries {
            try insertSignature.execute(arguments: [entry.docno, entry.signature.blob, entry.captured])
            for key in entry.signature.bandKeys { bands.append((key, entry.docno)) }
            signatures[entry.docno] = entry.signature
        }
        // In key order, the band table's B-tree is appended to instead of split at random.
        bands.sort { $0.key != $1.key ? $0.key < $1.key : $0.docno < $1.docno }
        let limit = CopyGroups.comparedPerBand
        var candidates: [(Int64, Int64)] = []
        for (key, docno) in bands {
            var earlier: [Int64] = []
            if let first = firstInBand[key] {
                earlier.append(first)
                earlier += crowded[key] ?? []
            }
            if !startedEmpty {
                earlier += try Int64.fetchAll(db, sql: "SELECT docno FROM copy_band WHERE band = ? LIMIT \(limit)", arguments: [key])
            }
            for other in earlier.prefix(limit) where other != docno { candidates.append((docno, other)) }
            if firstInBand[key] == nil {
                firstInBand[key] = docno
            } else if crowded[key, default: []].count < limit {
                crowded[key, default: []].append(docno)
            }
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
