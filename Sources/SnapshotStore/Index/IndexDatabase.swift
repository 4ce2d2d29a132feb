import Foundation
import GRDB

/// The SQLite index of one corpus. A cache: everything in it can be rebuilt
/// from the snapshot files. Migrations are named so that later versions only
/// add to the schema.
public final class IndexDatabase: @unchecked Sendable {
    public let writer: DatabaseQueue
    public let path: String

    /// Opens (creating if needed) the index at `path`; `":memory:"` for tests.
    public init(path: String) throws {
        self.path = path
        let configuration = IndexDatabase.configuration(synchronous: "NORMAL")
        if path != ":memory:" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            writer = try DatabaseQueue(path: path, configuration: configuration)
        } else {
            writer = try DatabaseQueue(configuration: configuration)
        }
        try IndexDatabase.migrator.migrate(writer)
    }

    /// WAL (readers never wait for a writer, two processes share a file),
    /// a 30-second busy timeout, an 8 MB page cache per connection.
    static func configuration(synchronous: String) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "PRAGMA cache_size = -8000")
        }
        return configuration
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: files, articles, related items") { db in
            try db.execute(sql: """
                CREATE TABLE file (
                    path TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    mtime INTEGER NOT NULL,
                    docno INTEGER,
                    problem TEXT,
                    detail TEXT
                ) WITHOUT ROWID;
                CREATE TABLE article (
                    docno INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL,
                    path TEXT NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    category TEXT,
                    source TEXT,
                    published INTEGER,
                    byline TEXT,
                    site TEXT,
                    url TEXT,
                    related_count INTEGER NOT NULL,
                    warnings TEXT,
                    text_offset INTEGER NOT NULL,
                    text_length INTEGER NOT NULL,
                    title_length INTEGER NOT NULL
                );
                CREATE INDEX article_published ON article(published DESC, docno DESC);
                CREATE INDEX article_category ON article(category, published DESC);
                CREATE INDEX article_source ON article(source, published DESC);
                CREATE INDEX article_id ON article(id);
                CREATE TABLE related (
                    docno INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    published INTEGER,
                    excerpt TEXT NOT NULL,
                    title TEXT,
                    PRIMARY KEY (docno, position)
                ) WITHOUT ROWID;
                CREATE INDEX related_published ON related(published);
                CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2: the files that are not snapshots, by path") { db in
            // The reader lists them at start: without this, a scan of every file.
            try db.execute(sql: "CREATE INDEX file_skipped ON file(path) WHERE docno IS NULL")
        }
        migrator.registerMigration("v3: groups of copies") { db in try CopyGroups.createTables(db) }
        return migrator
    }

    // MARK: - Meta values

    static func meta(_ db: Database, _ key: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    static func setMeta(_ db: Database, _ key: String, _ value: Int64) throws {
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    /// The end of the last article's text: what the text store may hold.
    static func textEnd(_ db: Database) throws -> Int {
        Int(try Int64.fetchOne(db, sql: "SELECT MAX(text_offset + text_length) FROM article") ?? 0)
    }
}
