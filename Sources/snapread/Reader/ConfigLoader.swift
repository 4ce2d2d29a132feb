import Foundation
import ReaderCore
import SnapshotStore

/// Finds and reads `config.toml` and the theme files. A bad line costs that
/// line only; each is reported twice: short in the reader (`config.toml:12:
/// …`, at most 40 columns) and whole on stderr when the reader exits.
enum ConfigLoader {
    struct Loaded {
        var config = ReaderConfig()
        var path: String
        var exists = false
        /// One line each, at most 40 columns, for the reader: `config.toml:12: …`.
        var problems: [String] = []
        /// The same problems with the whole path and the hint, for stderr.
        var details: [String] = []

        /// `mode`: the width the reader will measure the summary in (the
        /// file's own `ambiguous_width`, which is not in force yet).
        mutating func add(_ problem: ConfigError, mode: WidthMode = .current) {
            problems.append(problem.summary(mode: mode))
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
        guard let data = FileManager.default.contents(atPath: path) else { return loaded }
        loaded.exists = true
        guard let text = String(data: data, encoding: .utf8) else {
            loaded.add(ConfigError(file: path, line: 1, reason: "not UTF-8 text; defaults used"))
            return loaded
        }
        let (config, problems) = ReaderConfig.read(text, file: path, home: home)
        loaded.config = config
        for problem in problems { loaded.add(problem, mode: config.widthMode) }
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
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    let problem = ConfigError(file: path, line: 1, reason: "cannot be read as UTF-8 text")
                    result.problems.append(problem.summary())
                    result.details.append(problem.description)
                    continue
                }
                // The lines that are right still make the theme.
                let (theme, problems) = ThemeFile.read(text, file: path)
                for problem in problems {
                    result.problems.append(problem.summary())
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
