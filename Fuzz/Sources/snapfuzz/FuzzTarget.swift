import Foundation
import ReaderCore
import SnapshotFormat
import SnapshotStore

/// One thing to fuzz: a reader of bytes that strangers (or a damaged disk)
/// can write. Each must return normally for any input: an error is fine, a
/// trap, a hang or a memory error is a finding.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable ([UInt8]) -> Void

    static let all: [FuzzTarget] = [parser, config, theme] + IndexFileTargets.all + StoreFileTargets.all
        + [TextStoreTarget.textStore] + RelatedAndLinkTargets.all

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// The snapshot parser, on any bytes as a file's content.
    static let parser = FuzzTarget(name: "parser") { bytes in
        _ = try? SnapshotParser.parse(bytes: bytes, file: "fuzz.txt")
    }

    /// config.toml, as the reader loads it.
    static let config = FuzzTarget(name: "config") { bytes in
        _ = try? ReaderConfig.parse(String(decoding: bytes, as: UTF8.self), file: "config.toml")
    }

    /// A theme file.
    static let theme = FuzzTarget(name: "theme") { bytes in
        _ = try? ThemeFile.parse(String(decoding: bytes, as: UTF8.self), file: "theme.toml")
    }
}
