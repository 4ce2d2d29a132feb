import Foundation
import ReaderCore
import SnapshotStore

/// Finds and reads `config.toml` and the theme files.
enum ConfigLoader {
    struct Loaded {
        var config = ReaderConfig()
        var path: String
        var exists = false
        /// One line each: what was wrong and that defaults are used.
        var problems: [String] = []
    }

    static func load(locations: StoreLocations = StoreLocations()) -> Loaded {
        let path = locations.configDirectory + "/config.toml"
        var loaded = Loaded(path: path)
        guard let data = FileManager.default.contents(atPath: path) else { return loaded }
        loaded.exists = true
        guard let text = String(data: data, encoding: .utf8) else {
            loaded.problems.append("\(path): not UTF-8 text; using the defaults")
            return loaded
        }
        do {
            loaded.config = try ReaderConfig.parse(text, file: path)
        } catch {
            loaded.problems.append("\(error.description); using the defaults")
        }
        return loaded
    }

    /// The built-in dark theme, the repository's Themes/, then the user's themes
    /// (a user theme with the same name replaces a shipped one).
    static func themes(locations: StoreLocations = StoreLocations()) -> (themes: [Theme], problems: [String]) {
        var themes: [Theme] = [.dark]
        var problems: [String] = []
        var folders: [String] = []
        if let shipped = RepositoryFolder.locate("Themes") { folders.append(shipped) }
        folders.append(locations.configDirectory + "/themes")
        for folder in folders {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
            for name in files {
                let path = folder + "/" + name
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    problems.append("\(path): cannot be read")
                    continue
                }
                do {
                    let theme = try ThemeFile.parse(text, file: path)
                    themes.removeAll { $0.name == theme.name }
                    themes.append(theme)
                } catch {
                    problems.append(error.description)
                }
            }
        }
        // The shipped order: dark first, then light, high-contrast, monochrome, then the rest.
        let preferred = ["dark", "light", "high-contrast", "monochrome"]
        themes.sort { (preferred.firstIndex(of: $0.name) ?? 99, $0.name) < (preferred.firstIndex(of: $1.name) ?? 99, $1.name) }
        return (themes, problems)
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
