import Foundation
import SnapshotFormat

extension CopyPlanter {
    /// Writes the planted copies and decoys under `directory` (the base corpus
    /// is written by `CorpusWriter`) and, when asked, the truth about every
    /// file as JSON: `{"files": [{"file", "story", "kind"}]}`, an edit's with
    /// `"rewrittenBlock"` too.
    public func write(to directory: String, truthFile: String?) throws {
        let converter = try ScriptConverter(to: .traditional)
        let manager = FileManager.default
        var madeFolders: Set<String> = []
        var plantedTruth: [PlantedFile] = []
        for k in 0..<plantedCount {
            let (snapshot, file) = planted(k, converter: converter)
            let path = directory + "/" + snapshot.fileName
            let folder = (path as NSString).deletingLastPathComponent
            if !madeFolders.contains(folder) {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                madeFolders.insert(folder)
            }
            try SnapshotFile.write(snapshot.text, to: path)
            plantedTruth.append(file)
        }
        guard let truthFile else { return }
        // What `truth()` gives, without making every planted file a second time.
        let originals = (0..<base.count).map { PlantedFile(file: base.fileName($0), story: $0, kind: .original) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(["files": originals + plantedTruth]).write(to: URL(fileURLWithPath: truthFile))
    }
}
