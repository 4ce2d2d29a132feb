import Foundation
import GRDB

/// Why the person's data is not fully usable, said so that a person can act
/// on it: the file or folder at fault, what is wrong with it, what that costs
/// and what to do. Reading commands go on without the data (or with it read
/// only); writes fail with this.
public struct UserDataProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file can be read but not written: marks are shown, not saved.
        case readOnly
        /// The file fails SQLite's checks: nothing is read from it or written to it.
        case damaged
        /// The file (or its folder) cannot be opened, read or created.
        case unavailable
    }

    public var kind: Kind
    /// The file or folder at fault.
    public var path: String
    /// What is wrong, in a few words ("read-only", "damaged (file is not a database)").
    public var reason: String
    /// What the person should do about it.
    public var remedy: String

    /// What the problem costs, for the one line a command prints.
    public var consequence: String {
        switch kind {
        case .readOnly: return "bookmarks and read marks are shown but not saved"
        case .damaged: return "bookmarks and read marks are not shown or saved, and the file is left as it is"
        case .unavailable: return "bookmarks and read marks are not shown or saved"
        }
    }

    /// Whether what the file holds is still shown.
    public var marksAreShown: Bool { kind == .readOnly }

    public var description: String { "\(path): \(reason); \(consequence); \(kind == .readOnly ? "to save them, " : "")\(remedy)" }
}

/// A change to the person's data that was not written: which change, and
/// why. The reader shows `summary` instead of the mark it could not save; a
/// command prints `description` and exits non-zero.
public struct UserDataWriteError: Error, Sendable, CustomStringConvertible {
    /// What was being saved: "bookmark", "read mark", "reading place", "search history", "history".
    public var change: String
    /// The file or folder at fault.
    public var path: String
    /// Why it was not written ("read-only", "disk full").
    public var reason: String
    /// What to do about it.
    public var remedy: String

    public init(change: String, path: String, reason: String, remedy: String) {
        self.change = change
        self.path = path
        self.reason = reason
        self.remedy = remedy
    }

    init(change: String, problem: UserDataProblem) {
        self.init(change: change, path: problem.path, reason: problem.reason, remedy: problem.remedy)
    }

    /// A few words for a status line: "bookmark not saved: user.sqlite is read-only".
    public var summary: String { "\(change) not saved: \((path as NSString).lastPathComponent) is \(reason)" }

    public var description: String { "\(change) not saved: \(path): \(reason); \(remedy)" }
}

extension UserDataProblem {
    /// The few words of an SQLite (or other) error, without GRDB's statement.
    static func words(of error: any Error) -> String {
        if let error = error as? DatabaseError {
            switch error.resultCode.primaryResultCode {
            case .SQLITE_FULL: return "disk full"
            case .SQLITE_READONLY: return "read-only"
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: return "damaged (\(error.message ?? "malformed"))"
            case .SQLITE_IOERR: return "not written (I/O error: \(error.message ?? "disk I/O error"))"
            default: return error.message ?? "\(error.resultCode)"
            }
        }
        return "\(error)"
    }

    /// Whether an SQLite error means the file itself is damaged.
    static func isDamage(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode.primaryResultCode)
    }
}
