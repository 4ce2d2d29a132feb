import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a generated corpus to disk, and the truth about its links beside it.
public enum CorpusWriter {
    /// How many snapshots one task makes and writes: enough to make the
    /// hand-out cheap, few enough that the cores finish a wave together.
    static let chunk = 64

    /// Writes every snapshot under `directory`; returns the number written.
    /// Snapshots are made and written on every core, a wave of chunks at a
    /// time; each file is a function of the seed and its number alone, and
    /// the truth is written in file order after each wave, so the output is
    /// the same byte for byte whatever the number of cores.
    @discardableResult
    public static func write(_ generator: CorpusGenerator, to directory: String, truthFile: String? = nil) throws -> Int {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Every folder first, so the workers only write files.
        if generator.filesPerFolder > 0 {
            for n in stride(from: 0, to: generator.count, by: generator.filesPerFolder) {
                if let folder = generator.folderName(n) {
                    try manager.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
                }
            }
        }
        let truth = try truthFile.map { try SnapshotFile(path: $0) }
        let chunks = (generator.count + chunk - 1) / chunk
        let wave = max(1, ProcessInfo.processInfo.activeProcessorCount) * 16
        var first = 0
        while first < chunks {
            let count = min(wave, chunks - first)
            let results = ResultSlots(count: count)
            let base = first
            DispatchQueue.concurrentPerform(iterations: count) { slot in
                let chunkIndex = base + slot
                var lines = ""
                let result = Result<String, Error> {
                    for n in (chunkIndex * chunk)..<min(generator.count, (chunkIndex + 1) * chunk) {
                        let snapshot = generator.snapshot(n)
                        try SnapshotFile.write(snapshot.text, to: directory + "/" + snapshot.fileName)
                        guard truthFile != nil else { continue }
                        for (position, target) in snapshot.relatedTargets.enumerated() {
                            lines += snapshot.fileName
                            lines += "\t\(position)\t"
                            lines += target ?? "-"
                            lines += "\n"
                        }
                    }
                    return lines
                }
                results.set(slot, result)
            }
            for result in results.values {
                let lines = try result.get()
                try truth?.append(lines)
            }
            first += count
        }
        try truth?.close()
        return generator.count
    }
}

/// The results of one wave, one slot a task. `@unchecked Sendable`: each
/// slot is written by one task, under the lock, and read after the wave.
final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<String, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<String, Error>) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Every slot's result, in order (a slot never set counts as an error).
    var values: [Result<String, Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(SnapshotFile.Failure(description: "a task of the wave did not finish")) }
    }
}

/// A file written with plain `write(2)` calls: a generated corpus is made to
/// be thrown away, so it is not synced to disk file by file (what
/// `Data.write(to:)` does, and most of the generator's time went there).
final class SnapshotFile {
    /// Why a file could not be written.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private var descriptor: Int32
    private let path: String

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    /// Appends the UTF-8 of `text`.
    func append(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
                done += written
            }
        }
    }

    func close() throws {
        let result = Glibc.close(descriptor)
        descriptor = -1
        guard result == 0 else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
    }

    /// Writes `text` to a new file at `path` (replacing one that is there).
    static func write(_ text: String, to path: String) throws {
        let file = try SnapshotFile(path: path)
        try file.append(text)
        try file.close()
    }
}
