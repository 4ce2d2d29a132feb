import GRDB

/// Step 3 of an update: removed files leave the index (their article, its
/// related items and the file's row). Also what the ingest step does to a
/// changed file before its new version goes in. Its text stays in the text
/// store until a compaction.
enum FileRemoval {
    static func remove(_ paths: [String], in db: Database) throws {
        for path in paths { try remove(path, in: db) }
    }

    static func remove(_ path: String, in db: Database) throws {
        if let docno = try Int64.fetchOne(db, sql: "SELECT docno FROM article WHERE path = ?", arguments: [path]) {
            try CopyGroups.remove(db, docno: docno)
            try RelatedItemStore.remove(docno: docno, db: db)
            try db.execute(sql: "DELETE FROM article WHERE docno = ?", arguments: [docno])
        }
        try db.execute(sql: "DELETE FROM file WHERE path = ?", arguments: [path])
    }
}
