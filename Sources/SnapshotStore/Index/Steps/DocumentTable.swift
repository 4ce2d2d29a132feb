import Foundation
import GRDB

/// Step 6 of an update: per-document facts (where its text is, its title's
/// length, its publish time) and list fields for the character index file,
/// indexed by docno, read from the database. The list fields stream into
/// a temporary file in `folder` (`ListingTable`), not into memory.
struct DocumentTable {
    var documents: [DocumentEntry?]
    var listings: ListingTable

    static func read(from database: DatabaseQueue, folder: String = NSTemporaryDirectory()) throws -> DocumentTable {
        try database.read { db in
            let maxDocno = try Int64.fetchOne(db, sql: "SELECT MAX(docno) FROM article") ?? -1
            var documents = [DocumentEntry?](repeating: nil, count: Int(maxDocno) + 1)
            let listings = try ListingTable(capacity: Int(maxDocno) + 1, folder: folder)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT docno, text_offset, text_length, title_length, published, path, id, title, category, source FROM article
                ORDER BY docno
                """)
            while let row = try rows.next() {
                let docno: Int = row[0]
                documents[docno] = DocumentEntry(textOffset: UInt64(row[1] as Int64), textLength: UInt32(row[2] as Int64),
                                                 titleLength: UInt32(row[3] as Int64),
                                                 published: (row[4] as Int64?) ?? DocumentEntry.absentPublished)
                try listings.add(docno: docno, fields: [row[5], row[6], row[7], row[8], row[9]])
            }
            return DocumentTable(documents: documents, listings: listings)
        }
    }
}
