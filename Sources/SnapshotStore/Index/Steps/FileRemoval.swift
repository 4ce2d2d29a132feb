import GRDB

/// Step 3 of an update: removed files leave the index (their article, its
/// related items and the file's row). Also what the ingest step does to a
/// changed file before its new version goes in. Its text stays in the text
/// store until a compaction.
enum FileRemoval {
    static func remove(_ paths: [String], in db: Database) throws {
        for path in paths { try remove(path, in: db) }
    }

    /// Returns the docno of the article that left, if there was one.
    @discardableResult
    static func remove(_ path: String, in db: Database) throws -> Int64? {
        // Cached statements: the ingest step calls this for every file it reads.
        let docno = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT docno FROM article WHERE path = ?"), arguments: [path])
        if let docno {
            try CopyGroups.remove(db, docno: docno)
            try RelatedItemStore.remove(docno: docno, db: db)
            try db.cachedStatement(sql: "DELETE FROM article WHERE docno = ?").execute(arguments: [docno])
        }
        try db.cachedStatement(sql: "DELETE FROM file WHERE path = ?").execute(arguments: [path])
        return docno
    }
}
