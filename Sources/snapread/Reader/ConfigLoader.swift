import Foundation
import ReaderCore
import SnapshotFormat
import SnapshotStore

/// Finds and reads `config.toml` and the theme files. A bad line costs that
/// line only; each is reported twice: in the reader's box (`config.toml:12:
/// …`, the file's name, wrapped to 40 columns) and whole on stderr when the reader exits.
enum ConfigLoader {
    struct Loaded {
        var config = ReaderConfig()
        var path: String
        var exists = false
        /// One line each for the reader's box, which wraps them: `config.toml:12: …`.
        var problems: [String] = []
        /// The same problems with the whole path and the hint, for stderr.
        var details: [String] = []

        mutating func add(_ problem: ConfigError) {
            problems.append(problem.inReader)
            details.append(problem.description)
        }
    }

    /// The themes found, and what was wrong in their files (both forms, as in `Loaded`).
    struct Themes {
        var themes: [Theme]
        var problems: [String] = []
        var details: [String] = []
    }

    static func load(locations: StoreLocations = StoreLocations(),
                     home: String? = ProcessInfo.processInfo.environment["HOME"]) -> Loaded {
        let path = locations.configDirectory + "/config.toml"
        var loaded = Loaded(path: path)
        let text: String
        switch UserTextFile.read(path) {
        case .missing: return loaded
        case .problem(let reason):
            loaded.exists = true
            loaded.add(ConfigError(file: path, line: 1, reason: reason + "; defaults used"))
            return loaded
        case .text(let read):
            loaded.exists = true
            text = read
        }
        let (config, problems) = ReaderConfig.read(text, file: path, home: home)
        loaded.config = config
        for problem in problems { loaded.add(problem) }
        return loaded
    }

    /// The built-in dark theme, the repository's Themes/, then the user's themes
    /// (a user theme with the same name replaces a shipped one).
    static func themes(locations: StoreLocations = StoreLocations()) -> (themes: [Theme], problems: [String]) {
        let found = readThemes(locations: locations)
        return (found.themes, found.problems)
    }

    /// Like `themes`, with the long form of each problem too.
    static func readThemes(locations: StoreLocations = StoreLocations()) -> Themes {
        var themes: [Theme] = [.dark]
        var result = Themes(themes: [])
        var folders: [String] = []
        if let shipped = RepositoryFolder.locate("Themes") { folders.append(shipped) }
        folders.append(locations.configDirectory + "/themes")
        for folder in folders {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
            for name in files {
                let path = folder + "/" + name
                let text: String
                switch UserTextFile.read(path) {
                case .missing: continue  // gone since the folder was listed
                case .problem(let reason):
                    let problem = ConfigError(file: path, line: 1, reason: reason + "; theme left out")
                    result.problems.append(problem.inReader)
                    result.details.append(problem.description)
                    continue
                case .text(let read): text = read
                }
                // The lines that are right still make the theme.
                let (theme, problems) = ThemeFile.read(text, file: path)
                for problem in problems {
                    result.problems.append(problem.inReader)
                    result.details.append(problem.description)
                }
                themes.removeAll { $0.name == theme.name }
                themes.append(theme)
            }
        }
        // The shipped order: dark first, then light, high-contrast, monochrome, then the rest.
        let preferred = ["dark", "light", "high-contrast", "monochrome"]
        themes.sort { (preferred.firstIndex(of: $0.name) ?? 99, $0.name) < (preferred.firstIndex(of: $1.name) ?? 99, $1.name) }
        result.themes = themes
        return result
    }
}

/// A small text file a person keeps beside snapread (config.toml, a theme),
/// read the way corpus files are: only a regular file, opened without
/// blocking (a FIFO named config.toml must not hold the reader's start, a
/// link to /dev/zero must not be read for ever), and at most `limit` bytes.
enum UserTextFile {
    /// Far more than any config or theme (a few KB); a longer file is a mistake.
    static let limit = 1_048_576

    enum Outcome: Equatable {
        case missing
        case text(String)
        /// Why the file was not read, in a few words.
        case problem(String)
    }

    static func read(_ path: String, limit: Int = limit) -> Outcome {
        var info = stat()
        if stat(path, &info) != 0, errno == ENOENT { return .missing }
        let contents: SnapshotParser.FileContents
        do {
            contents = try SnapshotParser.readFile(path, limit: limit)
        } catch {
            switch error {
            case .notRegularFile(let kind): return .problem("not a regular file (\(kind))")
            case .tooLarge(let bytes, _): return .problem(tooLarge(bytes, limit: limit))
            case .unreadable(let why): return .problem("cannot be read: \(why)")
            default: return .problem(error.message)
            }
        }
        if let size = contents.cutFrom { return .problem(tooLarge(size, limit: limit)) }
        guard let text = String(validating: contents.bytes, as: UTF8.self) else { return .problem("not UTF-8 text") }
        return .text(text)
    }

    private static func tooLarge(_ bytes: Int, limit: Int) -> String {
        let megabytes = { (count: Int) in String(format: "%.1f MB", Double(count) / 1_048_576) }
        return "too large (\(megabytes(bytes)); the limit is \(megabytes(limit)))"
    }
}

/// A folder shipped in the repository (Demo/corpus, Themes), found from the
/// executable's place: where it really is, also when it was started through
/// `$PATH` or a symbolic link.
enum RepositoryFolder {
    static func locate(_ relative: String) -> String? {
        let executable = ExecutablePath.current ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }
}

/// The running executable's absolute path, links resolved (from /proc/self/exe).
enum ExecutablePath {
    static var current: String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
