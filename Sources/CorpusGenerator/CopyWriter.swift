import Foundation
import SnapshotFormat

extension CopyPlanter {
    /// Writes the planted copies and decoys under `directory` (the base corpus
    /// is written by `CorpusWriter`) and, when asked, the truth about every
    /// file as JSON: `{"files": [{"file", "story", "kind"}]}`.
    public func write(to directory: String, truthFile: String?) throws {
        let converter = try ScriptConverter(to: .traditional)
        let manager = FileManager.default
        var madeFolders: Set<String> = []
        for k in 0..<plantedCount {
            let (snapshot, _) = planted(k, converter: converter)
            let path = directory + "/" + snapshot.fileName
            let folder = (path as NSString).deletingLastPathComponent
            if !madeFolders.contains(folder) {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                madeFolders.insert(folder)
            }
            try Data(snapshot.text.utf8).write(to: URL(fileURLWithPath: path))
        }
        guard let truthFile else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(["files": truth()]).write(to: URL(fileURLWithPath: truthFile))
    }
}
