import Foundation

/// Writes a generated corpus to disk, and the truth about its links beside it.
public enum CorpusWriter {
    /// Writes every snapshot under `directory`; returns the number written.
    @discardableResult
    public static func write(_ generator: CorpusGenerator, to directory: String, truthFile: String? = nil) throws -> Int {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var truth = ""
        var madeFolders: Set<String> = []
        for n in 0..<generator.count {
            let snapshot = generator.snapshot(n)
            let path = directory + "/" + snapshot.fileName
            let folder = (path as NSString).deletingLastPathComponent
            if !madeFolders.contains(folder) {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                madeFolders.insert(folder)
            }
            try Data(snapshot.text.utf8).write(to: URL(fileURLWithPath: path))
            if truthFile != nil {
                for (position, target) in snapshot.relatedTargets.enumerated() {
                    truth += "\(snapshot.fileName)\t\(position)\t\(target ?? "-")\n"
                }
            }
        }
        if let truthFile { try Data(truth.utf8).write(to: URL(fileURLWithPath: truthFile)) }
        return generator.count
    }
}
