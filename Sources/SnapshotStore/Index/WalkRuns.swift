import Foundation
import SnapshotFormat

/// The walk's files on their way to the diff, in path order, without the
/// whole list in memory: at a million files the list took some 220 MB
/// (a `ScannedFile` with its path string a file), and one flat folder of a
/// million files is read by one task, so even one folder's list is too much.
///
/// The walk hands its files over as it finds them (`add`), in any order.
/// Every `runLength` of them are sorted by the UTF-8 bytes of their paths
/// and written as one run to an unlinked temporary file; `finish` then
/// gives a `SortedFiles` that merges the runs back side by side, each read
/// through a small buffer. A walk of fewer than `runLength` files never
/// touches the disk. Memory: one run being filled (about 14 MB at the
/// default) and, while merging, a buffer and a file a run.
/// Used by one thread at a time (the walk's tasks take turns under a lock).
struct WalkRuns {
    /// Files sorted in memory at a time (a run).
    static let defaultRunLength = 1 << 16
    let runLength: Int
    private let folder: String
    private var pending: [ScannedFile] = []
    private var spill: SpillFiles?
    /// Each spilled run: where its records start and end in the file, and how many it holds.
    private var runs: [(start: Int, end: Int, count: Int)] = []
    private var encoded: [UInt8] = []
    /// Files added so far.
    private(set) var count = 0

    init(folder: String, runLength: Int = Self.defaultRunLength) {
        self.folder = folder
        self.runLength = max(1, runLength)
    }

    /// Takes `files`, spilling a sorted run whenever `runLength` are waiting.
    mutating func add(_ files: [ScannedFile]) throws {
        for file in files {
            pending.append(file)
            if pending.count >= runLength { try spillRun() }
        }
        count += files.count
    }

    private mutating func spillRun() throws {
        guard !pending.isEmpty else { return }
        if spill == nil { spill = try SpillFiles(count: 1, folder: folder) }
        pending.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let start = spill?.length(0) ?? 0
        for file in pending {
            encoded.removeAll(keepingCapacity: true)
            ScannedFileRecord.encode(file, into: &encoded)
            try encoded.withUnsafeBytes { try spill?.append(0, $0) }
        }
        runs.append((start, spill?.length(0) ?? 0, pending.count))
        pending.removeAll(keepingCapacity: true)
    }

    /// Every file added, in path order (taken once).
    mutating func finish() throws -> SortedFiles {
        guard spill != nil else {
            pending.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            defer { pending = [] }
            return SortedFiles(memory: pending, count: count)
        }
        try spillRun()
        pending = []
        guard var spill else { return SortedFiles(memory: [], count: 0) }
        try spill.flush(0)
        self.spill = nil
        return try SortedFiles(spill: spill, runs: runs, count: count, folder: folder)
    }

    /// Closes the temporary file of a walk that did not finish.
    func close() { spill?.close() }
}

/// The merge of `WalkRuns`: every file, in the order of the UTF-8 bytes of
/// their paths, one at a time. A class: it owns the runs' temporary file,
/// closed when it goes.
final class SortedFiles {
    /// How many files it gives in all.
    let count: Int
    private var memory: [ScannedFile]
    private var memoryPosition = 0
    private var spill: SpillFiles?
    private var readers: [RunReader] = []
    /// Indices of `readers` with a file left, as a binary heap on their heads' paths.
    private var heap: [Int] = []
    static let bufferBytes = 1 << 18
    /// Where the temporary file was made, for messages.
    private let folder: String

    /// One run, read through its own buffer.
    private struct RunReader {
        var next: Int
        let end: Int
        var buffer: [UInt8] = []
        var bufferStart = 0
        var head: ScannedFile?
    }

    fileprivate init(memory: [ScannedFile], count: Int) {
        folder = ""
        self.memory = memory
        self.count = count
    }

    fileprivate init(spill: SpillFiles, runs: [(start: Int, end: Int, count: Int)], count: Int, folder: String) throws {
        self.spill = spill
        self.folder = folder
        self.count = count
        memory = []
        for run in runs {
            var reader = RunReader(next: run.start, end: run.end)
            reader.head = try read(&reader)
            readers.append(reader)
            if reader.head != nil { push(readers.count - 1) }
        }
    }

    deinit { spill?.close() }

    /// The next file in path order; nil after the last.
    func next() throws -> ScannedFile? {
        guard spill != nil else {
            guard memoryPosition < memory.count else {
                memory = []
                return nil
            }
            defer { memoryPosition += 1 }
            return memory[memoryPosition]
        }
        guard let top = heap.first, let file = readers[top].head else { return nil }
        readers[top].head = try read(&readers[top])
        if readers[top].head == nil {
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(0)
            }
        } else {
            siftDown(0)
        }
        return file
    }

    /// Every file, in order (for tests and small walks).
    func all() throws -> [ScannedFile] {
        var files: [ScannedFile] = []
        files.reserveCapacity(count)
        while let file = try next() { files.append(file) }
        return files
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        guard let left = readers[a].head, let right = readers[b].head else { return false }
        return left.path.utf8.lexicographicallyPrecedes(right.path.utf8)
    }

    private func push(_ reader: Int) {
        heap.append(reader)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count, precedes(heap[left + 1], heap[left]) { smallest = left + 1 }
            guard precedes(heap[smallest], heap[parent]) else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }

    /// The next record of a run, refilling its buffer from the file as needed.
    private func read(_ reader: inout RunReader) throws -> ScannedFile? {
        guard reader.next < reader.end, let spill else { return nil }
        while true {
            let offset = reader.next - reader.bufferStart
            if offset >= 0, offset < reader.buffer.count,
               let (file, length) = reader.buffer.withUnsafeBytes({ ScannedFileRecord.decode(UnsafeRawBufferPointer(rebasing: $0[offset...])) }) {
                reader.next += length
                return file
            }
            // Refill from the record's start; a record larger than the buffer doubles it.
            let remaining = reader.end - reader.next
            let refilledHere = reader.bufferStart == reader.next && !reader.buffer.isEmpty
            guard !(refilledHere && reader.buffer.count >= remaining) else {
                throw StoreError.io(folder, "the walk's temporary file holds a broken record")
            }
            let wanted = min(refilledHere ? reader.buffer.count * 2 : Self.bufferBytes, remaining)
            if reader.buffer.count != wanted { reader.buffer = [UInt8](repeating: 0, count: wanted) }
            try spill.read(0, at: reader.next, into: &reader.buffer, length: wanted)
            reader.bufferStart = reader.next
        }
    }
}

/// A `ScannedFile` as bytes in a temporary file: the path's length (u32)
/// and UTF-8, size and modification time (i64), whether the name is UTF-8,
/// then the walk's problem if any (a kind byte, and its text or numbers).
enum ScannedFileRecord {
    static func encode(_ file: ScannedFile, into bytes: inout [UInt8]) {
        put(UInt32(file.path.utf8.count), &bytes)
        bytes += file.path.utf8
        put(UInt64(bitPattern: file.size), &bytes)
        put(UInt64(bitPattern: file.modified), &bytes)
        bytes.append(file.nameNotUTF8 ? 1 : 0)
        func text(_ kind: UInt8, _ words: String) {
            bytes.append(kind)
            put(UInt32(words.utf8.count), &bytes)
            bytes += words.utf8
        }
        switch file.problem {
        case nil: bytes.append(0)
        case .unreadable(let why): text(1, why)
        case .notRegularFile(let kind): text(2, kind)
        case .notSnapshot(let why): text(3, why)
        case .tooLarge(let size, let limit):
            bytes.append(4)
            put(UInt64(bitPattern: Int64(size)), &bytes)
            put(UInt64(bitPattern: Int64(limit)), &bytes)
        case .empty: bytes.append(5)
        case .binary: bytes.append(6)
        case .notText: bytes.append(7)
        case .nameNotUTF8: bytes.append(8)
        }
    }

    /// The record at the start of `bytes` and its length; nil when `bytes` ends inside it.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> (ScannedFile, Int)? {
        var cursor = 0
        func take(_ length: Int) -> UnsafeRawBufferPointer? {
            guard length >= 0, cursor + length <= bytes.count else { return nil }
            defer { cursor += length }
            return UnsafeRawBufferPointer(rebasing: bytes[cursor..<(cursor + length)])
        }
        func u32() -> Int? { take(4).map { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) } }
        func i64() -> Int64? { take(8).map { Int64(bitPattern: UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) } }
        func text() -> String? { u32().flatMap { take($0) }.map { String(decoding: $0, as: UTF8.self) } }
        guard let pathLength = u32(), let path = take(pathLength), let size = i64(), let modified = i64(),
              let flag = take(1), let kind = take(1) else { return nil }
        var file = ScannedFile(path: String(decoding: path, as: UTF8.self), size: size, modified: modified, nameNotUTF8: flag[0] == 1)
        switch kind[0] {
        case 0: break
        case 1: guard let why = text() else { return nil }; file.problem = .unreadable(why)
        case 2: guard let why = text() else { return nil }; file.problem = .notRegularFile(why)
        case 3: guard let why = text() else { return nil }; file.problem = .notSnapshot(why)
        case 4:
            guard let size = i64(), let limit = i64() else { return nil }
            file.problem = .tooLarge(bytes: Int(size), limit: Int(limit))
        case 5: file.problem = .empty
        case 6: file.problem = .binary
        case 7: file.problem = .notText
        default: file.problem = .nameNotUTF8
        }
        return (file, cursor)
    }

    private static func put<T: FixedWidthInteger>(_ value: T, _ bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}
