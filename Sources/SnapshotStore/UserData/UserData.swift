import Foundation
import GRDB

/// The person's own data: bookmarks, read state and reading history, in its
/// own SQLite file in the data directory, keyed by article id so it survives
/// moved, renamed and re-crawled files and a deleted index. Every change is
/// committed with `synchronous = FULL` before the call returns.
///
/// `@unchecked Sendable`: both stored properties are constants, and GRDB's
/// queue serializes every use of the connection.
public final class UserData: @unchecked Sendable {
    public let writer: DatabaseQueue
    public let path: String

    public init(path: String) throws {
        self.path = path
        // FULL: a bookmark is on disk when the call returns.
        let configuration = IndexDatabase.configuration(synchronous: "FULL")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        writer = try DatabaseQueue(path: path, configuration: configuration)
        try UserData.migrator.migrate(writer)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: bookmarks, read state, history") { db in
            try db.execute(sql: """
                CREATE TABLE bookmark (
                    article_id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    corpus TEXT NOT NULL,
                    path TEXT NOT NULL,
                    category TEXT,
                    published INTEGER,
                    created INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE read_state (
                    article_id TEXT PRIMARY KEY,
                    read_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE history (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    article_id TEXT NOT NULL,
                    corpus TEXT NOT NULL,
                    path TEXT NOT NULL,
                    visited INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: search history") { db in
            try db.execute(sql: "CREATE TABLE search_history (query TEXT PRIMARY KEY, used INTEGER NOT NULL) WITHOUT ROWID")
        }
        migrator.registerMigration("v3: reading session per corpus") { db in
            try db.execute(sql: """
                CREATE TABLE session (
                    corpus TEXT PRIMARY KEY,
                    state TEXT NOT NULL,
                    saved INTEGER NOT NULL
                ) WITHOUT ROWID
                """)
        }
        return migrator
    }

    // MARK: - Session

    /// Where the reader was in a corpus, as the reader encodes it.
    public func session(corpus: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT state FROM session WHERE corpus = ?", arguments: [corpus]) }
    }

    public func saveSession(corpus: String, state: String) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT INTO session(corpus, state, saved) VALUES (?, ?, ?) ON CONFLICT(corpus) DO UPDATE SET state = excluded.state, saved = excluded.saved",
                           arguments: [corpus, state, Int64(Date().timeIntervalSince1970)])
        }
    }

    // MARK: - Search history

    /// The most recent searches, oldest first.
    public func searchHistory(limit: Int = 200) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT query FROM search_history ORDER BY used DESC LIMIT ?", arguments: [limit]).reversed()
        }
    }

    public func rememberSearch(_ query: String, at time: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT INTO search_history(query, used) VALUES (?, ?) ON CONFLICT(query) DO UPDATE SET used = excluded.used",
                           arguments: [query, time])
        }
    }

    // MARK: - Bookmarks

    /// Adds or refreshes a bookmark.
    public func addBookmark(_ bookmark: Bookmark) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO bookmark(article_id, title, corpus, path, category, published, created)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(article_id) DO UPDATE SET title = excluded.title, corpus = excluded.corpus,
                    path = excluded.path, category = excluded.category, published = excluded.published
                """, arguments: [bookmark.articleID, bookmark.title, bookmark.corpus, bookmark.path,
                                 bookmark.category, bookmark.published, bookmark.created])
        }
    }

    /// Removes a bookmark; returns whether there was one.
    @discardableResult
    public func removeBookmark(articleID: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM bookmark WHERE article_id = ?", arguments: [articleID])
            return db.changesCount > 0
        }
    }

    /// Removes the bookmark recorded for a path in a corpus.
    @discardableResult
    public func removeBookmark(corpus: String, path: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM bookmark WHERE corpus = ? AND path = ?", arguments: [corpus, path])
            return db.changesCount > 0
        }
    }

    public func bookmarks() throws -> [Bookmark] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT article_id, title, corpus, path, category, published, created FROM bookmark ORDER BY created DESC, title")
                .map { row in
                    Bookmark(articleID: row[0], title: row[1], corpus: row[2], path: row[3], category: row[4],
                             published: row[5], created: row[6])
                }
        }
    }

    public func isBookmarked(_ articleID: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM bookmark WHERE article_id = ?", arguments: [articleID]) ?? false
        }
    }

    // MARK: - Read state

    public func setRead(_ articleID: String, _ read: Bool, at time: Int64 = Int64(Date().timeIntervalSince1970)) throws {
        try writer.write { db in
            if read {
                try db.execute(sql: "INSERT INTO read_state(article_id, read_at) VALUES (?, ?) ON CONFLICT(article_id) DO NOTHING",
                               arguments: [articleID, time])
            } else {
                try db.execute(sql: "DELETE FROM read_state WHERE article_id = ?", arguments: [articleID])
            }
        }
    }

    public func isRead(_ articleID: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM read_state WHERE article_id = ?", arguments: [articleID]) ?? false
        }
    }

    // MARK: - History

    public func recordVisit(articleID: String, corpus: String, path: String, at time: Int64 = Int64(Date().timeIntervalSince1970)) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT INTO history(article_id, corpus, path, visited) VALUES (?, ?, ?, ?)",
                           arguments: [articleID, corpus, path, time])
        }
    }
}

/// A bookmarked article, with what is needed to show it without the index.
public struct Bookmark: Sendable, Equatable {
    public var articleID: String
    public var title: String
    /// The corpus folder (absolute) and the path within it when bookmarked.
    public var corpus: String
    public var path: String
    public var category: String?
    public var published: Int64?
    public var created: Int64

    public init(articleID: String, title: String, corpus: String, path: String, category: String?, published: Int64?,
                created: Int64 = Int64(Date().timeIntervalSince1970)) {
        self.articleID = articleID
        self.title = title
        self.corpus = corpus
        self.path = path
        self.category = category
        self.published = published
        self.created = created
    }
}
