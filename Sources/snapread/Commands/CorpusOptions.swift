import ArgumentParser
import Foundation
import SnapshotFormat
import SnapshotStore

/// The corpus folder and where its index lives, shared by the corpus commands.
struct CorpusOptions: ParsableArguments {
    @Argument(help: "The corpus folder (snapshots, subfolders included).")
    var dir: String

    @Option(name: .customLong("db"), help: "The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.")
    var databasePath: String?

    /// Opens the corpus and brings its index up to date: progress on stderr
    /// when it is a terminal, one line for each file that is not a snapshot,
    /// and one line when the person's data cannot be used fully (commands
    /// that write report that themselves, as their error).
    func openLibrary(update: Bool = true, reportSummary: Bool = false, reportUserDataProblem: Bool = true) throws -> CorpusLibrary {
        let library = try CorpusLibrary(corpus: dir, databasePath: databasePath)
        if reportUserDataProblem, let problem = library.userData.problem { printError(problem.description) }
        Trace.mark("library open")
        library.index.changeMonitor = CorpusWatching.monitor()
        if update {
            let progress = ProgressLine(enabled: isatty(2) != 0)
            let summary = try library.index.update(
                progress: { progress.show($0) },
                problem: { printError($0.description) }
            )
            progress.finish()
            if reportSummary { printSummary(summary.line + " in \(formatSeconds(summary.seconds))") }
        }
        return library
    }

    /// A FILE argument as a path relative to the corpus: a path that exists
    /// from here and lies inside the corpus, or else a path inside the corpus.
    func relativePath(_ file: String, in library: CorpusLibrary) -> String {
        let root = library.index.root
        if FileManager.default.fileExists(atPath: file) {
            let absolute = StoreLocations.canonicalPath(file)
            if absolute.hasPrefix(root + "/") { return String(absolute.dropFirst(root.count + 1)) }
        }
        var relative = file
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        return relative
    }
}

/// The filters of CONTRACT.md.
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("category"), help: "Only this category (repeatable).")
    var categories: [String] = []

    @Option(help: "Only this source.")
    var source: String?

    @Option(help: "Only articles published on or after this date (YYYY-MM-DD, Beijing time).")
    var since: String?

    @Option(help: "Only articles published on or before this date (YYYY-MM-DD).")
    var until: String?

    @Flag(help: "Only bookmarked articles.")
    var bookmarked = false

    @Flag(help: "Only unread articles.")
    var unread = false

    @Flag(help: "One article a story: of its copies, the one first published.")
    var distinct = false

    func filter() throws -> ArticleFilter {
        func date(_ text: String?, _ name: String) throws -> SnapshotTime? {
            guard let text else { return nil }
            guard let time = SnapshotTime(parsing: text) else {
                throw UserFacingError("--\(name) \(text): not a date (YYYY-MM-DD)")
            }
            return time
        }
        let first = try date(since, "since"), last = try date(until, "until")
        if let first, let last, let since, let until, first.epochSeconds > last.epochSeconds {
            throw UserFacingError("--since \(since) is after --until \(until): no date is in that range")
        }
        return ArticleFilter(categories: categories, source: source, since: first,
                             until: last, bookmarked: bookmarked, unread: unread, distinct: distinct)
    }
}

extension FilterOptions {
    /// One line on stderr for each `--category` no article of the corpus
    /// has, with the closest few names: a mistyped category lists nothing,
    /// which would otherwise look like a category with no articles.
    /// Returns whether it said anything (then "nothing matches" is no news).
    @discardableResult
    func reportUnknownCategories(in library: CorpusLibrary) throws -> Bool {
        guard !categories.isEmpty else { return false }
        let known = try library.categories()
        let names = Set(known.map(\.name))
        let unknown = categories.filter { !names.contains($0) }
        for name in unknown { printError(Self.unknownCategoryLine(name, known: known)) }
        return !unknown.isEmpty
    }

    /// `no article has the category “X”; the closest: A (12), B (3)`: fewest
    /// edits first (characters, so Chinese names compare too), then the largest.
    static func unknownCategoryLine(_ name: String, known: [CategoryCount]) -> String {
        struct Candidate {
            var category: CategoryCount
            var edits: Int
        }
        let ranked = known.map { Candidate(category: $0, edits: CommandSuggestion.distance(name, $0.name)) }.sorted { a, b in
            if a.edits != b.edits { return a.edits < b.edits }
            if a.category.count != b.category.count { return a.category.count > b.category.count }
            return a.category.name < b.category.name
        }
        let closest = ranked.prefix(3).map { "\($0.category.name) (\($0.category.count))" }
        // Printed through printError, which shows controls as stand-ins.
        return "no article has the category “\(name)”" + (closest.isEmpty ? "" : "; the closest: " + closest.joined(separator: ", "))
    }
}

/// `--limit N` and `--json`, shared by the listing commands.
struct OutputOptions: ParsableArguments {
    // Unconditional: `--limit -3` reaches validate() and gets its own
    // message, instead of "Missing value" for an option that looks like one.
    @Option(parsing: .unconditional, help: "At most this many results.")
    var limit: Int?

    @Flag(help: "Print JSON (the shapes of CONTRACT.md).")
    var json = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more, not \(limit).") }
    }
}

/// Indexing progress on one rewritten stderr line.
final class ProgressLine {
    let enabled: Bool
    private var shown = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ progress: IndexProgress) {
        guard enabled else { return }
        var line = "\rindexing \(progress.done)/\(progress.total)  \(Int(progress.rate)) files/s"
        if let remaining = progress.remainingSeconds { line += "  \(formatSeconds(remaining)) left" }
        OutputWriter.standardError.write(line + "\u{1B}[K")
        shown = true
    }

    func finish() {
        if shown { OutputWriter.standardError.write("\r\u{1B}[K") }
    }
}

/// The index summary on stderr, one line: its reasons may quote file names.
/// The summary is `index`'s only output: when it cannot be written (stderr
/// on a full disk) the command fails, with nowhere left to say why.
func printSummary(_ line: String) {
    OutputWriter.standardError.flush()
    var bytes = Array((TerminalText.visible(line) + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 {
            if errno == EINTR || errno == EAGAIN { continue }
            if errno != EPIPE { exit(1) }
            return
        }
        offset += written
    }
}

func formatSeconds(_ seconds: Double) -> String {
    if seconds < 1 { return "\(Int(seconds * 1000)) ms" }
    if seconds < 60 { return String(format: "%.1f s", seconds) }
    return "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
}
