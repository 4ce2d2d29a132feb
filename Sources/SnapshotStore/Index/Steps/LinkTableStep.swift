import Foundation
import GRDB

/// Step 9 of an update: the link table (`index.sqlite.links`, see
/// `LinkTable`) brought up to date with the character index the update has
/// just written, so that a thread reads links instead of resolving them.
///
/// Incremental: a table of an earlier generation of the same database keeps
/// every answer that cannot have changed. Only the items of new articles
/// are resolved, and again the items dated in a minute in which an article
/// came or went (an item's candidates are the articles of its minute, so
/// those are the only answers that can move: items that point at a changed
/// or removed story, and items that may point at an added one). A missing
/// or damaged file (one line to `problem`), a table of another database or
/// a change of a fifth of the corpus builds the table from scratch.
struct LinkTableStep {
    let database: DatabaseQueue
    let text: TextStore
    /// The link table file.
    let path: String
    /// False keeps the resolution on the calling thread (a background update).
    var parallel = true
    /// Hears of a damaged link table file before it is rebuilt.
    var problem: ((String) -> Void)? = nil

    /// What the step did.
    enum Outcome: Equatable {
        /// Made from scratch.
        case built
        /// An earlier table brought up to date.
        case refreshed
        /// Already current: nothing to do.
        case current
        /// The character index does not describe the database (another
        /// process is updating it), or the rows do not fit it: no table
        /// written, a thread resolves links one by one meanwhile.
        case unavailable
    }

    /// Brings the file up to date with `characters`, which must be the
    /// character index the database names now; returns the table (nil when
    /// unavailable) and what was done.
    @discardableResult
    func run(characters: CharacterIndex) throws -> (table: LinkTable?, outcome: Outcome) {
        // One process at a time writes the table; a thread that found it
        // stale waits here, then reads what this wrote.
        let lock = try FileLock(path: path + ".lock")
        defer { lock.unlock() }
        let instance = try Self.instance(of: database)
        let existing = Self.load(path: path, problem: problem)
        if let existing, existing.fits(characters, instance: instance) { return (existing, .current) }
        let made: (LinkTable, Outcome)? = try database.read { db in
            guard try IndexDatabase.meta(db, "chars_generation") == Int64(bitPattern: characters.generation) else { return nil }
            do {
                if let existing, existing.instance == instance,
                   let refreshed = try existing.refreshed(characters: characters, text: text, db: db, parallel: parallel) {
                    return (refreshed, .refreshed)
                }
                return (try LinkTable.build(characters: characters, text: text, db: db, instance: instance, parallel: parallel,
                                            spoolFolder: (path as NSString).deletingLastPathComponent), .built)
            } catch is LinkTable.Unavailable {
                return nil
            }
        }
        guard let (table, outcome) = made else { return (nil, .unavailable) }
        try LinkTableFile.write(table, to: path)
        Trace.mark("links: table \(outcome == .built ? "built" : "refreshed")")
        return (table, outcome)
    }

    /// The table in the file at `path`; nil when there is none, or when it
    /// is damaged (then it is removed, and `problem` hears one line).
    static func load(path: String, problem: ((String) -> Void)?) -> LinkTable? {
        do {
            return try LinkTableFile.load(path: path)
        } catch {
            problem?("\(path): damaged link table (\(error.description)); rebuilding it")
            FileEntry.remove(path)
            return nil
        }
    }

    /// The number that ties a link table to this database (`meta.links_instance`,
    /// made once): a rebuilt database numbers its articles anew, and gets a new one.
    static func instance(of database: DatabaseQueue) throws -> Int64 {
        if let known = try database.read({ db in try IndexDatabase.meta(db, "links_instance") }) { return known }
        return try database.write { db in
            if let known = try IndexDatabase.meta(db, "links_instance") { return known }
            let made = Int64.random(in: 1...Int64.max)
            try IndexDatabase.setMeta(db, "links_instance", made)
            return made
        }
    }
}

extension LinkTable {
    /// Whether this table describes `characters` of the database numbered `instance`.
    func fits(_ characters: CharacterIndex, instance: Int64) -> Bool {
        self.instance == instance && generation == characters.generation && capacity == characters.documentCapacity
    }
}
