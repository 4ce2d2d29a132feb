import Foundation
import GRDB

/// Step 5 of an update: rewrites the text store without the text of removed
/// and changed articles once that is more than half of it (and the store is
/// over `minimum`). The new file gets a new name (`-N`); the database
/// switches to it (offsets and name) in one transaction, so a killed run
/// leaves either the old or the new layout.
struct TextCompaction {
    let database: DatabaseQueue
    let text: TextStore
    /// The store's name before any compaction.
    let basePath: String
    /// Below this the text store is never compacted.
    var minimum = 1 << 20

    /// Compacts when it is worth it; returns whether it did.
    @discardableResult
    func runIfWasteful() throws -> Bool {
        let (live, end, generation) = try database.read { db -> (Int, Int, Int64) in
            (Int(try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(text_length), 0) FROM article") ?? 0),
             try IndexDatabase.textEnd(db),
             try IndexDatabase.meta(db, "text_generation") ?? 0)
        }
        guard end > minimum, live * 2 < end else { return false }
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT docno, text_offset, text_length FROM article ORDER BY text_offset")
                .map { (docno: $0[0] as Int64, offset: $0[1] as Int, length: $0[2] as Int) }
        }
        let oldPath = text.path
        let newPath = basePath + "-\(generation + 1)"
        let offsets = try text.copyLive(rows.map { ($0.offset, $0.length) }, to: newPath)
        try database.write { db in
            let statement = try db.makeStatement(sql: "UPDATE article SET text_offset = ? WHERE docno = ?")
            for (row, offset) in zip(rows, offsets) { try statement.execute(arguments: [offset, row.docno]) }
            try IndexDatabase.setMeta(db, "text_generation", generation + 1)
        }
        text.retarget(newPath)
        try text.openForAppending(validLength: offsets.last.map { $0 + rows[rows.count - 1].length } ?? 0)
        unlink(oldPath)
        return true
    }
}
