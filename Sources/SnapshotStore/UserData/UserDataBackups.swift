import Foundation
import GRDB

/// Rotated copies of the person's data in `backups/` beside `user.sqlite`:
/// at most one a day (named by its UTC date, `user-2026-12-01.sqlite`), the
/// newest `kept` kept. A copy is taken only from a database that has just
/// passed `PRAGMA quick_check`, with `VACUUM INTO` under a temporary name that
/// is synced and then renamed, so a backup is always a whole, good database.
public struct UserDataBackups: Sendable {
    /// The folder holding the copies.
    public let folder: String
    /// How many copies are kept.
    public let kept: Int

    public init(userDatabase: String, kept: Int = 5) {
        folder = (userDatabase as NSString).deletingLastPathComponent + "/backups"
        self.kept = kept
    }

    /// The copies, oldest first.
    public func all() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("user-") && $0.hasSuffix(".sqlite") }.sorted().map { folder + "/" + $0 }
    }

    /// The newest copy, if any.
    public var newest: String? { all().last }

    /// The name of today's copy.
    static func name(for date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "user-\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)).sqlite"
    }

    /// Whether there is no copy from `date`'s day yet.
    func isDue(at date: Date) -> Bool {
        newest.map { ($0 as NSString).lastPathComponent < Self.name(for: date) } ?? true
    }

    /// Copies the database open in `db` (which passed quick_check) when no
    /// copy was taken today and it holds something worth keeping, then drops
    /// the oldest copies. Returns the new copy's path.
    @discardableResult
    func takeIfDue(_ db: Database, at date: Date = Date()) throws -> String? {
        guard isDue(at: date) else { return nil }
        let rows = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM bookmark) + (SELECT COUNT(*) FROM read_state) + (SELECT COUNT(*) FROM session)") ?? 0
        guard rows > 0 else { return nil }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let target = folder + "/" + Self.name(for: date)
        let temporary = folder + "/.user.sqlite.tmp-\(getpid())"
        unlink(temporary)
        do {
            try db.execute(sql: "VACUUM INTO ?", arguments: [temporary])
            // VACUUM INTO does not sync what it wrote: a crash must not leave
            // an empty file under a backup's name.
            let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 {
                fsync(descriptor)
                close(descriptor)
            }
            guard rename(temporary, target) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target])
            }
        } catch {
            unlink(temporary)
            throw error
        }
        let copies = all()
        for old in copies.dropLast(kept) { unlink(old) }
        return target
    }

    /// The shell line that puts the newest copy in place of a damaged file
    /// (the damaged file and its -wal and -shm moved aside, never deleted).
    func restoreCommand(userDatabase: String) -> String? {
        guard let newest else { return nil }
        let folder = (userDatabase as NSString).deletingLastPathComponent
        let name = (userDatabase as NSString).lastPathComponent
        let aside = "damaged-\(Int(Date().timeIntervalSince1970))"
        return "cd '\(folder)' && mkdir \(aside) && mv \(name)* \(aside)/ && cp 'backups/\((newest as NSString).lastPathComponent)' \(name)"
    }
}
