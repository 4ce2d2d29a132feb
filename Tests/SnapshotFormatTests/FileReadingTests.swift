import Foundation
import Testing
@testable import SnapshotFormat

/// Runs `body` on its own thread and waits at most `seconds` for it: a read
/// that blocks (on a FIFO, say) fails the test instead of hanging the suite.
func withinDeadline<T: Sendable>(_ seconds: Double, sourceLocation: SourceLocation = #_sourceLocation,
                                 _ body: @escaping @Sendable () -> T) -> T? {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Thread.detachNewThread {
        box.set(body())
        done.signal()
    }
    guard done.wait(timeout: .now() + seconds) == .success else {
        Issue.record("still running after \(seconds) s: it blocked", sourceLocation: sourceLocation)
        return nil
    }
    return box.get()
}

/// A value handed from one thread to another, under a lock.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ new: T) { lock.lock(); value = new; lock.unlock() }
    func get() -> T? { lock.lock(); defer { lock.unlock() }; return value }
}

/// What reading a file by its name does with things that are not regular
/// files, and with files longer than a snapshot can be.
@Suite struct FileReadingTests {
    final class Folder {
        let path = NSTemporaryDirectory() + "snapread-read-" + UUID().uuidString
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func problem(readingFile path: String) -> SnapshotProblem? {
        withinDeadline(5) { () -> SnapshotProblem? in
            do {
                _ = try SnapshotParser.parse(fileAt: path)
                return nil
            } catch let error as SnapshotError {
                return error.problem
            } catch {
                return .unreadable("unexpected \(error)")
            }
        } ?? nil
    }

    @Test func aFIFOIsRefusedAtOnceWithItsKind() throws {
        let folder = try Folder()
        let fifo = folder.path + "/pipe.txt"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(Self.problem(readingFile: fifo) == .notRegularFile("a FIFO"))
        let error = SnapshotError(file: "pipe.txt", problem: .notRegularFile("a FIFO"))
        #expect(error.description == "pipe.txt: not a regular file (a FIFO)")
        #expect(error.problem.key == "not a regular file")
    }

    @Test func aLinkToAFIFOIsRefusedToo() throws {
        let folder = try Folder()
        #expect(mkfifo(folder.path + "/pipe", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.txt", withDestinationPath: folder.path + "/pipe")
        #expect(Self.problem(readingFile: folder.path + "/link.txt") == .notRegularFile("a FIFO"))
    }

    @Test func devicesFoldersAndSocketsAreNamed() throws {
        let folder = try Folder()
        #expect(Self.problem(readingFile: "/dev/zero") == .notRegularFile("a character device"))
        #expect(Self.problem(readingFile: folder.path) == .notRegularFile("a directory"))
        let socketPath = folder.path + "/s.sock"
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(Self.problem(readingFile: socketPath) == .notRegularFile("a socket"))
    }

    @Test func aMissingFileIsUnreadable() {
        #expect(Self.problem(readingFile: "/nonexistent/snapread.txt") == .unreadable("No such file or directory"))
    }

    /// A long snapshot: a title, metadata and `paragraphs` paragraphs of
    /// Chinese, each on its own line.
    static func longSnapshot(paragraphs: Int) -> String {
        var lines = ["长文章的标题", "", "类别:国内\u{00A0}发布时间:2024-01-02 03:04:05\u{00A0}来源:测试报", ""]
        for n in 0..<paragraphs { lines += ["第\(n)段:这是一段很长的正文,用来把文件撑大,看看读取是否有上限。", ""] }
        lines += ["以上内容为资讯信息快照,由t.example爬虫进行采集并收录。", "", "快照生成时间:2024-06-01 00:00:00"]
        return lines.joined(separator: "\n")
    }

    @Test func aLongFileIsCutAtALineBreakWithAWarning() throws {
        let folder = try Folder()
        let path = folder.path + "/long.txt"
        let text = Self.longSnapshot(paragraphs: 60_000) // about 6 MB
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let size = text.utf8.count
        #expect(size > 5 * SnapshotParser.readLimit)
        let article = try #require(withinDeadline(20) { try? SnapshotParser.parse(fileAt: path) } ?? nil)
        #expect(article.title == "长文章的标题")
        #expect(article.warnings.contains("cut at 1 MB (the file is \(SnapshotParser.megabytes(size)))"), "\(article.warnings)")
        #expect(article.warnings.contains("no snapshot footer"), "the footer was beyond the cut")
        // No paragraph is broken in the middle of a character or a line.
        let last = try #require(article.body.last?.text)
        #expect(last.hasSuffix("看看读取是否有上限。"), "last block: \(last)")
        let read = try SnapshotParser.readFile(path)
        #expect(read.bytes.count <= SnapshotParser.readLimit)
        #expect(read.bytes.last == 0x0A)
        #expect(read.cutFrom == size)
    }

    @Test func aFileJustUnderTheLimitIsReadWhole() throws {
        let folder = try Folder()
        let path = folder.path + "/short.txt"
        let text = Self.longSnapshot(paragraphs: 100)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let read = try SnapshotParser.readFile(path, limit: text.utf8.count)
        #expect(read.cutFrom == nil)
        #expect(read.bytes == Array(text.utf8))
        let article = try SnapshotParser.parse(fileAt: path)
        #expect(article.warnings.isEmpty)
    }

    @Test(arguments: [1, 2, 3, 7, 50, 51, 52, 53])
    func cuttingUTF8NeverSplitsACharacter(limit: Int) throws {
        // One line longer than the limit: no line break to cut at.
        let bytes = Array(String(repeating: "新闻快照", count: 10).utf8)
        let end = SnapshotParser.cutPoint(Array(bytes[0..<limit]))
        #expect(String(validating: bytes[0..<end], as: UTF8.self) != nil, "cut at \(end) of \(limit)")
        #expect(limit - end < 4)
    }

    @Test(arguments: Array(3...12))
    func cuttingUTF16KeepsWholeUnitsAndPairs(limit: Int) throws {
        // BOM, "ab", an emoji (a surrogate pair), "c", little-endian.
        var units: [UInt16] = [0xFEFF]
        units += Array("ab😀c".utf16)
        let bytes = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let end = SnapshotParser.cutPoint(Array(bytes[0..<limit]))
        #expect(end % 2 == 0)
        let kept = stride(from: 2, to: end, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
        #expect(String(validating: kept, as: UTF16.self) != nil, "cut at \(end) of \(limit)")
    }

    @Test func aGB18030FileIsCutAfterALineBreak() throws {
        let folder = try Folder()
        let source = try #require(FileManager.default.contents(atPath: TestPaths.fixture("full-width-colons.gb18030.txt")))
        let path = folder.path + "/gb.txt"
        try source.write(to: URL(fileURLWithPath: path))
        let read = try SnapshotParser.readFile(path, limit: source.count / 2)
        #expect(read.cutFrom == source.count)
        #expect(read.bytes.last == 0x0A || read.bytes.last == 0x0D)
        #expect(TextDecoding.convertGB18030(read.bytes) != nil, "the cut part is whole GB18030")
    }
}
