import Foundation
import GRDB
import SnapshotFormat

/// A corpus as a person uses it: its index together with their bookmarks and
/// read state. Lists, search, categories, related items and backlinks.
///
/// `@unchecked Sendable`: both stored properties are constants, each safe
/// to share (the index guards its own state, GRDB's queue serializes).
public final class CorpusLibrary: @unchecked Sendable {
    public let index: CorpusIndex
    public let userData: UserData

    public init(index: CorpusIndex, userData: UserData) throws {
        self.index = index
        self.userData = userData
        // Again on a connection that replaces a damaged database.
        try index.database.onEveryConnection { [userData] db in
            try userData.attach(to: db)
        }
    }

    /// Runs `body`; when it finds the index damaged (a cache file, or the
    /// text it read), throws the cache away, rebuilds it and runs `body`
    /// again, once. `body` must not have printed anything before it throws.
    public func recoveringFromDamage<R>(_ body: () throws -> R) throws -> R {
        do {
            let result = try body()
            if let damage = index.text.damage { throw damage }
            return result
        } catch where CorpusIndex.isDamage(error) {
            try index.discardDamagedCache(error)
            try index.update()
            return try body()
        }
    }

    /// A read of the index database, run as `recoveringFromDamage` runs
    /// its body: the one shape of every plain query of the library.
    func readRecovering<R>(_ body: (Database) throws -> R) throws -> R {
        try recoveringFromDamage { try reader.read(body) }
    }

    /// Opens the corpus at `corpus` with the default (or given) locations.
    public convenience init(corpus: String, databasePath: String? = nil, locations: StoreLocations = StoreLocations()) throws {
        let index = try CorpusIndex(corpus: corpus, databasePath: databasePath, locations: locations)
        let userData = UserData(path: locations.userDatabase)
        try self.init(index: index, userData: userData)
    }

    var reader: DatabaseQueue { index.database.writer }

    // MARK: - Lists

    /// Articles matching `filter`, newest first.
    public func list(filter: ArticleFilter = ArticleFilter(), limit: Int? = nil, offset: Int = 0) throws -> [ArticleSummary] {
        let (condition, arguments) = filter.sql()
        var sql = "SELECT \(ArticleSummary.columns) FROM article a WHERE \(condition) ORDER BY a.published DESC, a.docno DESC"
        if let limit { sql += " LIMIT \(max(0, limit)) OFFSET \(max(0, offset))" }
        return try readRecovering { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(ArticleSummary.init(row:)) }
    }

    /// The list under `filter` (newest first, the first `limit`), as views
    /// straight into the character index file, for printing many rows
    /// quickly; nil while that file does not describe the database (then
    /// `list` reads the rows from SQL).
    public func listResults(filter: ArticleFilter = ArticleFilter(), limit: Int? = nil) throws -> SearchResults? {
        try recoveringFromDamage { try listResultsOnce(filter: filter, limit: limit) }
    }

    private func listResultsOnce(filter: ArticleFilter, limit: Int?) throws -> SearchResults? {
        let characters: CharacterIndex
        do {
            characters = try index.characterIndex()
        } catch where CorpusIndex.isDamage(error) {
            throw error
        } catch {
            return nil
        }
        let wanted = filter.isEmpty ? nil : try documents(matching: filter)
        var matches: [Match] = []
        characters.withRankOrder { ranked in
            for rank in 0..<(ranked.count / 4) {
                if let limit, matches.count >= limit { break }
                let docno = Int(ranked.loadUnaligned(fromByteOffset: rank * 4, as: UInt32.self))
                guard wanted?.contains(docno) ?? true, let document = characters.document(docno) else { continue }
                matches.append(Match(docno: docno, titleHit: false, published: document.published))
            }
        }
        let (bookmarked, read) = try personMarks()
        return SearchResults(matches: matches, characters: characters, text: index.text, term: nil,
                             marks: PersonMarks(bookmarked: bookmarked, read: read))
    }

    /// The docnos of the articles matching `filter`, newest first: the list's
    /// order, without the rows (a hundred thousand of them cost about 20 ms),
    /// 4 bytes each as the character index keeps them (the reader holds all of them).
    public func handles(filter: ArticleFilter = ArticleFilter()) throws -> [UInt32] {
        // The whole list is kept in order in the character index file: read
        // it from there (a copy of 100,000 numbers instead of a sorted query).
        try recoveringFromDamage {
            if filter.isEmpty, let order = try index.listOrder() { return order }
            return try handlesFromDatabase(filter: filter)
        }
    }

    /// The same from SQL, for any filter.
    func handlesFromDatabase(filter: ArticleFilter) throws -> [UInt32] {
        let (condition, arguments) = filter.sql()
        return try reader.read { db in
            var docnos: [UInt32] = []
            let cursor = try Int64.fetchCursor(db, sql: "SELECT a.docno FROM article a WHERE \(condition) ORDER BY a.published DESC, a.docno DESC",
                                               arguments: arguments)
            while let docno = try cursor.next() {
                guard let small = UInt32(exactly: docno) else { throw StoreError.corrupt("article number \(docno) out of range") }
                docnos.append(small)
            }
            return docnos
        }
    }

    /// How many articles match `filter`.
    public func count(filter: ArticleFilter = ArticleFilter()) throws -> Int {
        let (condition, arguments) = filter.sql()
        return try readRecovering { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article a WHERE \(condition)", arguments: arguments) ?? 0
        }
    }

    /// The files of the corpus that are not snapshots, with the reason, by path.
    public func skippedFiles() throws -> [SkippedFile] {
        try readRecovering { db in
            try Row.fetchAll(db, sql: "SELECT path, COALESCE(detail, problem) FROM file WHERE docno IS NULL ORDER BY path")
                .map { SkippedFile(path: $0[0], reason: $0[1]) }
        }
    }

    /// Every category with its count of the articles the filter leaves, largest first.
    public func categories(filter: ArticleFilter = ArticleFilter()) throws -> [CategoryCount] {
        try counts(of: "category", filter: filter)
    }

    /// Every source with its count of the articles the filter leaves, largest first.
    public func sources(filter: ArticleFilter = ArticleFilter()) throws -> [CategoryCount] {
        try counts(of: "source", filter: filter)
    }

    /// The distinct values of a column of `article` with their counts, largest first.
    private func counts(of column: String, filter: ArticleFilter) throws -> [CategoryCount] {
        let (condition, arguments) = filter.sql()
        return try readRecovering { db in
            try Row.fetchAll(db, sql: """
                SELECT a.\(column), COUNT(*) AS n FROM article a WHERE a.\(column) IS NOT NULL AND \(condition)
                GROUP BY a.\(column) ORDER BY n DESC, a.\(column)
                """, arguments: arguments).map { CategoryCount(name: $0[0], count: $0[1]) }
        }
    }

    /// The docno of the article with this id (the first, if copies exist).
    public func handle(forArticleID id: String) throws -> Int64? {
        try readRecovering { db in try Int64.fetchOne(db, sql: "SELECT docno FROM article WHERE id = ? ORDER BY docno LIMIT 1", arguments: [id]) }
    }

    /// The article indexed at `path` (relative to the corpus).
    public func article(atPath path: String) throws -> ArticleSummary? {
        try readRecovering { db in
            try Row.fetchOne(db, sql: "SELECT \(ArticleSummary.columns) FROM article a WHERE a.path = ?", arguments: [path])
                .map(ArticleSummary.init(row:))
        }
    }

    /// The list rows of some articles, by docno.
    public func articles(docnos: [Int64]) throws -> [Int64: ArticleSummary] {
        guard !docnos.isEmpty else { return [:] }
        var result: [Int64: ArticleSummary] = [:]
        result.reserveCapacity(docnos.count)
        try reader.read { db in
            // The person's marks are read once; the per-row subqueries of
            // `ArticleSummary.columns` cost more than the rows themselves here.
            let bookmarked = Set(try String.fetchAll(db, sql: "SELECT article_id FROM user.bookmark"))
            let read = Set(try String.fetchAll(db, sql: "SELECT article_id FROM user.read_state"))
            let columns = "docno, path, id, title, category, published, source"
            func collect(_ cursor: RowCursor, wanted: DocumentBitmap?) throws {
                while let row = try cursor.next() {
                    let docno: Int64 = row[0]
                    if let wanted, !wanted.contains(Int(docno)) { continue }
                    let id: String = row[2]
                    result[docno] = ArticleSummary(
                        docno: docno, path: row[1], id: id, title: row[3], category: row[4],
                        publishedAt: (row[5] as Int64?).map { SnapshotTime(epochSeconds: $0) }, source: row[6],
                        bookmarked: bookmarked.contains(id), read: read.contains(id))
                }
            }
            if docnos.count > 2000 {
                // Many results: one pass over the table beats thousands of lookups.
                var wanted = DocumentBitmap(capacity: 0)
                for docno in docnos { wanted.insert(Int(docno)) }
                try collect(try Row.fetchCursor(db, sql: "SELECT \(columns) FROM article"), wanted: wanted)
                return
            }
            var start = 0
            while start < docnos.count {
                let chunk = Array(docnos[start..<min(start + 500, docnos.count)])
                let sql = "SELECT \(columns) FROM article WHERE docno IN (" + chunk.map { _ in "?" }.joined(separator: ",") + ")"
                try collect(try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(chunk)), wanted: nil)
                start += chunk.count
            }
        }
        return result
    }

    /// The docnos matching a filter, as a bitmap.
    func documents(matching filter: ArticleFilter) throws -> DocumentBitmap {
        let (condition, arguments) = filter.sql()
        var bitmap = DocumentBitmap(capacity: 0)
        try reader.read { db in
            let cursor = try Int.fetchCursor(db, sql: "SELECT a.docno FROM article a WHERE \(condition)", arguments: arguments)
            while let docno = try cursor.next() { bitmap.insert(docno) }
        }
        return bitmap
    }
}
