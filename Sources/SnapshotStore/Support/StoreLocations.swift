import Foundation
import SnapshotFormat

/// Where snapread keeps its files, per CONTRACT.md: the rebuildable index in
/// the cache directory, the person's own data in the data directory.
public struct StoreLocations: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    private var home: String { environment["HOME"] ?? NSHomeDirectory() }

    /// `$XDG_CACHE_HOME/snapread`, else `~/.cache/snapread`.
    public var cacheDirectory: String {
        base("XDG_CACHE_HOME", fallback: home + "/.cache") + "/snapread"
    }

    /// `$SNAPREAD_DATA_DIR`, else `$XDG_DATA_HOME/snapread`, else `~/.local/share/snapread`.
    public var dataDirectory: String {
        if let explicit = environment["SNAPREAD_DATA_DIR"], !explicit.isEmpty { return explicit }
        return base("XDG_DATA_HOME", fallback: home + "/.local/share") + "/snapread"
    }

    /// `$SNAPREAD_CONFIG_DIR`, else `$XDG_CONFIG_HOME/snapread`, else `~/.config/snapread`.
    public var configDirectory: String {
        if let explicit = environment["SNAPREAD_CONFIG_DIR"], !explicit.isEmpty { return explicit }
        return base("XDG_CONFIG_HOME", fallback: home + "/.config") + "/snapread"
    }

    /// The index database of one corpus: one folder per corpus, named after
    /// the folder and a hash of its absolute path.
    public func indexDatabase(forCorpus corpus: String) -> String {
        let absolute = StoreLocations.canonicalPath(corpus)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in absolute.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let name = (absolute as NSString).lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let hex = String(hash, radix: 16)
        return cacheDirectory + "/" + (name.isEmpty ? "corpus" : name) + "-" + String(repeating: "0", count: 16 - hex.count) + hex + "/index.sqlite"
    }

    public var userDatabase: String { dataDirectory + "/user.sqlite" }

    private func base(_ variable: String, fallback: String) -> String {
        // The XDG spec says relative values are to be ignored.
        if let value = environment[variable], value.hasPrefix("/") { return value }
        return fallback
    }

    /// The absolute, symlink-resolved form of a path (the path itself if it does not exist).
    public static func canonicalPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let resolved = realpath(absolute, nil) else { return (absolute as NSString).standardizingPath }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
