import GRDB

/// Step 8 of an update: the fingerprints of the files the database knows,
/// saved for the quick check of later commands, and the watcher's token
/// from before the files were looked at. Nothing is saved while the
/// character index is not current (a later run must not trust it).
struct FileStateStep {
    let database: DatabaseQueue
    let path: String
    let watchTokenPath: String

    func write(token: ChangeToken?) throws {
        let state: FileState? = try database.read { db in
            guard let generation = try IndexDatabase.meta(db, "chars_generation"), generation >= 0 else { return nil }
            var fingerprints: [FileFingerprint] = []
            var good = 0
            var skipped: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, size, mtime, problem FROM file")
            while let row = try rows.next() {
                fingerprints.append(FileFingerprint(pathHash: PathHash.of(row[0]), size: row[1], modified: row[2]))
                if let problem: String = row[3] { skipped[problem, default: 0] += 1 } else { good += 1 }
            }
            fingerprints.sort { $0.pathHash < $1.pathHash }
            return FileState(generation: generation, fingerprints: fingerprints, goodFiles: good, skipped: skipped)
        }
        try state?.write(to: path)
        if let token, let state { WatchTokenFile(token: token, generation: state.generation).write(to: watchTokenPath) }
    }
}
