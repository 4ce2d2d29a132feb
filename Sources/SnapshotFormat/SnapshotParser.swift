import Foundation

/// Turns the bytes of one snapshot file into an `Article`.
///
/// The parser is lenient where a person would be (a truncated snapshot still
/// gives its title, metadata and body, with a warning) and strict about what is
/// not a snapshot at all. It runs in time linear in the input.
public enum SnapshotParser {
    /// Files larger than this are refused rather than read: no snapshot is near it.
    public static let maximumFileSize = 64 * 1_048_576

    /// At most this much of a file is read: a real snapshot is tens of KB, and
    /// what one file may cost in memory (while indexing, or shown in the
    /// reader) stays bounded. A longer file is cut at its last line break
    /// before this, with a warning.
    public static let readLimit = 1_048_576

    /// Reads and parses the file at `path`; `displayName` names it in errors.
    public static func parse(fileAt path: String, displayName: String? = nil) throws(SnapshotError) -> Article {
        let name = displayName ?? path
        let contents: FileContents
        do {
            contents = try readFile(path)
        } catch let problem {
            throw SnapshotError(file: name, problem: problem)
        }
        var article = try parse(bytes: contents.bytes, file: name)
        if let size = contents.cutFrom {
            article.warnings.append("cut at \(megabytes(contents.bytes.count)) (the file is \(megabytes(size)))")
        }
        return article
    }

    /// Parses bytes already in memory; `file` names them in errors.
    public static func parse(bytes: [UInt8], file: String) throws(SnapshotError) -> Article {
        switch parseResult(bytes) {
        case .success(let article): return article
        case .failure(let problem): throw SnapshotError(file: file, problem: problem)
        }
    }

    static func parseResult(_ bytes: [UInt8]) -> Result<Article, SnapshotProblem> {
        if bytes.count > maximumFileSize { return .failure(.tooLarge(bytes: bytes.count, limit: maximumFileSize)) }
        switch TextDecoding.decode(bytes) {
        case .failure(let problem): return .failure(problem)
        case .success(let decoded):
            var reader = SnapshotReader(lines: TextLines(decoded.utf8))
            reader.warnings = decoded.warnings
            return reader.read()
        }
    }

    /// What was read of a file: its first bytes, and its size when that is
    /// more than was read.
    public struct FileContents: Sendable {
        public var bytes: [UInt8]
        public var cutFrom: Int?
    }

    /// Reads a regular file, at most `limit` bytes of it. Anything else (a
    /// FIFO, a socket, a device, a folder) is refused before it is opened,
    /// since opening a FIFO can wake a writer waiting on it; and again after,
    /// from the descriptor, in case the name was replaced in between. The open
    /// never blocks (`O_NONBLOCK`) and the descriptor does not leak into
    /// programs started later (`O_CLOEXEC`). Symbolic links are followed on
    /// purpose: the check is on what was opened, not on the name.
    public static func readFile(_ path: String, limit: Int = readLimit) throws(SnapshotProblem) -> FileContents {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile(SnapshotProblem.kindName(mode: info.st_mode)) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile(SnapshotProblem.kindName(mode: info.st_mode)) }
        let size = Int(info.st_size)
        if size > maximumFileSize { throw .tooLarge(bytes: size, limit: maximumFileSize) }
        let wanted = min(size, limit)
        var bytes = [UInt8](repeating: 0, count: wanted)
        var filled = 0
        while filled < wanted {
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, wanted - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if got == 0 { break }
            filled += got
        }
        if filled < wanted { bytes.removeSubrange(filled...) }
        guard size > limit, filled == limit else { return FileContents(bytes: bytes, cutFrom: nil) }
        bytes.removeSubrange(cutPoint(bytes)...)
        return FileContents(bytes: bytes, cutFrom: size)
    }

    /// Where to cut the first bytes of a longer file so that no character is
    /// split: after the last line break. A line break byte is never part of
    /// a longer UTF-8 or GB18030 character; UTF-16 (after its BOM) is cut at
    /// a whole unit that does not open a surrogate pair.
    static func cutPoint(_ bytes: [UInt8]) -> Int {
        let utf16 = bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
        if utf16 {
            var end = bytes.count & ~1
            let littleEndian = bytes[0] == 0xFF
            while end > 2 {
                let high = littleEndian ? bytes[end - 1] : bytes[end - 2]
                if high < 0xD8 || high > 0xDB { break }
                end -= 2
            }
            return end
        }
        var end = bytes.count
        while end > 0, bytes[end - 1] != 0x0A, bytes[end - 1] != 0x0D { end -= 1 }
        // One line longer than the whole limit: cut it where a UTF-8
        // character starts (the damaged-UTF-8 repair would take a split one).
        if end == 0 {
            end = bytes.count
            while end > 0, bytes[end - 1] & 0xC0 == 0x80 { end -= 1 }
            if end > 0, bytes[end - 1] >= 0xC0 { end -= 1 }
        }
        return end
    }

    /// "1 MB", "60 MB" (to the nearest); below about a megabyte, in KB.
    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? "\((bytes + 524_288) / 1_048_576) MB" : "\(max(1, (bytes + 512) / 1024)) KB"
    }
}

/// UTF-8 spellings of the markers the format uses, so lines are classified on bytes.
enum Marker {
    static let bullet = Array("•".utf8)
    static let category = Array("类别".utf8)
    static let published = Array("发布时间".utf8)
    static let source = Array("来源".utf8)
    static let footer = Array("以上内容为资讯信息快照".utf8)
    static let crawler = Array("爬虫".utf8)
    static let by = Array("由".utf8)
    static let captured = Array("快照生成时间".utf8)
    static let disclaimer = Array("本站信息快照查询".utf8)
    static let originalAddress = Array("信息原文地址".utf8)
    static let morePrefix = Array("更多关于".utf8)
    static let moreSuffix = Array("的资讯".utf8)
    /// The editor's note, in simplified and traditional spelling.
    static let editorNotes = [Array("【编者按】".utf8), Array("【編者按】".utf8)]
    static let editorNotesPlain = [Array("编者按".utf8), Array("編者按".utf8)]
    static let reporter = Array("记者".utf8)
    /// Opens a repost's source note, in simplified and traditional spelling.
    static let repostNotes = [Array("本文转自".utf8), Array("本文轉自".utf8)]
    static let asciiColon = UInt8(ascii: ":")
    static let fullColon = Array("：".utf8)
    static let http = Array("http://".utf8)
    static let https = Array("https://".utf8)
    /// Roles that open a byline.
    static let bylineRoles: [[UInt8]] = [
        "记者", "通讯员", "编辑", "责任编辑", "摄影", "实习生", "见习记者", "特约记者", "本报记者",
        "融媒体记者", "全媒体记者", "新华社记者", "作者", "撰文", "撰稿", "文/", "文／", "图/", "图／",
        "文|", "文 |", "文字", "视频", "制图", "校对", "审核", "监制", "报道员",
    ].map { Array($0.utf8) }
}

/// One pass over the lines of a decoded snapshot.
struct SnapshotReader {
    let lines: TextLines
    var warnings: [String] = []

    init(lines: TextLines) {
        self.lines = lines
    }

    mutating func read() -> Result<Article, SnapshotProblem> {
        var index = skipBlank(from: 0)

        // Navigation crumbs.
        var crumbs: [String] = []
        while index < lines.count, lines.hasPrefix(index, Marker.bullet) {
            let crumb = lines.string(index, droppingPrefix: Marker.bullet.count)
            if !crumb.isEmpty { crumbs.append(crumb) }
            index = skipBlank(from: index + 1)
        }

        // Title and metadata: the metadata line is looked for among the first
        // few lines, and the title is the line before it.
        var metadataLine: Int?
        var probe = index
        var seen = 0
        while probe < lines.count, seen < 6 {
            if !lines.isBlank(probe) {
                if isMetadata(probe) { metadataLine = probe; break }
                if isFooterMarker(probe) { break }
                seen += 1
            }
            probe += 1
        }
        guard index < lines.count else { return .failure(.notSnapshot("no title")) }
        var titleLine = index
        if let metadataLine {
            if metadataLine == index {
                return .failure(.notSnapshot("no title before the metadata line"))
            }
            // The title is the last non-blank line before the metadata line.
            var line = metadataLine - 1
            while line > index, lines.isBlank(line) { line -= 1 }
            titleLine = line
        }
        if isFooterMarker(titleLine) { return .failure(.notSnapshot("no title")) }
        let title = lines.string(titleLine)
        let titleBytes = Array(lines.bytes[lines.ranges[titleLine]])

        var metadata = Metadata()
        var bodyStart = titleLine + 1
        if let metadataLine {
            metadata = readMetadata(metadataLine)
            bodyStart = metadataLine + 1
        }

        // The footer region starts at the first footer marker.
        var footerStart = lines.count
        var line = bodyStart
        while line < lines.count {
            if isFooterMarker(line) { footerStart = line; break }
            line += 1
        }
        let hasFooter = (footerStart..<lines.count).contains { lines.hasPrefix($0, Marker.footer) || isCrawlerFooter($0) }
        if metadataLine == nil && footerStart == lines.count {
            return .failure(.notSnapshot("no metadata line (类别/发布时间/来源) and no snapshot footer"))
        }
        if metadataLine == nil { warnings.append("no metadata line") }
        if !hasFooter { warnings.append("no snapshot footer") }

        let (byline, editorNote, body) = readBody(bodyStart..<footerStart, titleBytes: titleBytes)
        let tail = readTail(footerStart..<lines.count)

        let category = metadata.category ?? crumbs.last ?? tail.moreCategory
        if tail.site == nil, hasFooter { warnings.append("snapshot footer names no site") }
        let id = ArticleIdentity.id(title: title, publishedAt: metadata.publishedAt, body: body)
        tail.warnings.forEach { warnings.append($0) }
        return .success(Article(
            id: id, title: title, crumbs: crumbs, category: category,
            publishedAt: metadata.publishedAt, source: metadata.source, byline: byline,
            editorNote: editorNote, body: body,
            snapshot: SnapshotInfo(site: tail.site, capturedAt: tail.capturedAt, originalURL: tail.originalURL),
            related: tail.related, moreCategory: tail.moreCategory, warnings: warnings
        ))
    }

    // MARK: - Lines

    private func skipBlank(from start: Int) -> Int {
        var index = start
        while index < lines.count, lines.isBlank(index) { index += 1 }
        return index
    }

    private func isFooterMarker(_ line: Int) -> Bool {
        lines.hasPrefix(line, Marker.footer) || lines.hasPrefix(line, Marker.captured)
            || lines.hasPrefix(line, Marker.disclaimer) || lines.hasPrefix(line, Marker.originalAddress)
    }

    /// A footer worded differently still names the crawler.
    private func isCrawlerFooter(_ line: Int) -> Bool {
        lines.hasPrefix(line, Marker.footer) || (lines.contains(line, Marker.crawler) && lines.contains(line, Marker.by) && lines.scalarCount(line) < 200)
    }

    // MARK: - Metadata

    struct Metadata {
        var category: String?
        var publishedAt: SnapshotTime?
        var source: String?
    }

    /// A metadata line has at least one of the known keys followed by a colon,
    /// and is short.
    private func isMetadata(_ line: Int) -> Bool {
        guard lines.byteCount(line) < 1024 else { return false }
        return [Marker.category, Marker.published, Marker.source].contains { key in
            guard let offset = lines.firstOffset(of: key, in: line) else { return false }
            return colonLength(line, at: offset + key.count) > 0
        }
    }

    /// 1 for `:`, 3 for `：`, 0 when there is no colon at `offset`.
    private func colonLength(_ line: Int, at offset: Int) -> Int {
        let range = lines.ranges[line]
        let position = range.lowerBound + offset
        guard position < range.upperBound else { return 0 }
        if lines.bytes[position] == Marker.asciiColon { return 1 }
        if position + 2 < range.upperBound, lines.bytes[position] == Marker.fullColon[0],
           lines.bytes[position + 1] == Marker.fullColon[1], lines.bytes[position + 2] == Marker.fullColon[2] {
            return 3
        }
        return 0
    }

    /// Each value runs from its key's colon to the next key (whatever separates
    /// them: NBSP, spaces, nothing) or the end of the line.
    private mutating func readMetadata(_ line: Int) -> Metadata {
        var keys: [(kind: Int, keyStart: Int, valueStart: Int)] = []
        for (kind, key) in [Marker.category, Marker.published, Marker.source].enumerated() {
            var from = 0
            while let offset = lines.firstOffset(of: key, in: line, from: from) {
                let colon = colonLength(line, at: offset + key.count)
                if colon > 0 {
                    keys.append((kind, offset, offset + key.count + colon))
                    break
                }
                from = offset + key.count
            }
        }
        keys.sort { $0.keyStart < $1.keyStart }
        var metadata = Metadata()
        for (position, key) in keys.enumerated() {
            let end = position + 1 < keys.count ? keys[position + 1].keyStart : nil
            let value = lines.substring(line, from: key.valueStart, to: end)
            guard !value.isEmpty else { continue }
            switch key.kind {
            case 0: metadata.category = value
            case 1:
                metadata.publishedAt = SnapshotTime(parsing: value)
                if metadata.publishedAt == nil { warnings.append("unreadable publish time \"\(value)\"") }
            default: metadata.source = value
            }
        }
        return metadata
    }

    // MARK: - Body

    private mutating func readBody(_ range: Range<Int>, titleBytes: [UInt8]) -> (String?, String?, [BodyBlock]) {
        var byline: String?
        var editorNote: String?
        var body: [BodyBlock] = []
        var first = true
        for line in range where !lines.isBlank(line) {
            defer { first = false }
            if first, isByline(line) {
                byline = lines.string(line)
                continue
            }
            if editorNote == nil, body.isEmpty {
                if let marker = Marker.editorNotes.first(where: { lines.hasPrefix(line, $0) }) {
                    editorNote = stripLeadingColon(lines.string(line, droppingPrefix: marker.count))
                    continue
                }
                if let marker = Marker.editorNotesPlain.first(where: { lines.hasPrefix(line, $0) && colonLength(line, at: $0.count) > 0 }) {
                    editorNote = lines.string(line, droppingPrefix: marker.count + colonLength(line, at: marker.count))
                    continue
                }
            }
            if lines.equals(line, titleBytes) {
                body.append(BodyBlock(.image, lines.string(line)))
            } else if isHeading(line), !isRepostNote(line) {
                body.append(BodyBlock(.heading, lines.string(line)))
            } else {
                body.append(BodyBlock(.paragraph, lines.string(line)))
            }
        }
        return (byline, editorNote.flatMap { $0.isEmpty ? nil : $0 }, body)
    }

    private func stripLeadingColon(_ text: String) -> String {
        var rest = Substring(text)
        while let first = rest.first, first == ":" || first == "：" || first == " " { rest = rest.dropFirst() }
        return String(rest)
    }

    /// Short, no sentence punctuation, and opening with a role such as 记者,
    /// in either script: the line is compared through `ScriptFold`, so 編輯
    /// and 責任編輯 are roles as 编辑 and 责任编辑 are.
    private func isByline(_ line: Int) -> Bool {
        guard lines.scalarCount(line) <= 60, !hasSentencePunctuation(line) else { return false }
        // Only the body's first line is asked, so one folded copy a file costs nothing.
        let folded = Array(ScriptFold.fold(lines.string(line)).utf8)
        if Marker.bylineRoles.contains(where: { folded.starts(with: $0) }) { return true }
        // "新华网记者 张三": a role after the outlet's name.
        if let offset = Self.firstOffset(of: Marker.reporter, in: folded), offset <= 30 {
            return lines.scalarCount(line) <= 40
        }
        return false
    }

    /// The byte offset of the first `needle` in `bytes`.
    private static func firstOffset(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }

    /// `本文转自:新华网` (`本文轉自` in traditional text): a repost's note of
    /// where it came from. It is article text, kept as a paragraph, never a heading.
    /// Both spellings are listed: this runs on every heading-like body line, where folding each would cost.
    private func isRepostNote(_ line: Int) -> Bool {
        Marker.repostNotes.contains { lines.hasPrefix(line, $0) }
    }

    private func hasSentencePunctuation(_ line: Int) -> Bool {
        lines.contains(line, Array("。".utf8)) || lines.contains(line, Array("！".utf8))
            || lines.contains(line, Array("？".utf8))
    }

    /// A short line that does not end a sentence is a sub-heading.
    private func isHeading(_ line: Int) -> Bool {
        let scalars = lines.scalarCount(line)
        guard scalars >= 2, scalars <= 40, !hasSentencePunctuation(line) else { return false }
        let text = lines.string(line)
        var trimmed = Substring(text)
        while let last = trimmed.unicodeScalars.last, "”’\"'」』）)》】".unicodeScalars.contains(last) {
            trimmed = trimmed.dropLast()
        }
        guard let last = trimmed.unicodeScalars.last else { return false }
        return !"。！？!?；;…，,、：:.".unicodeScalars.contains(last)
    }

    // MARK: - Footer and related items

    struct Tail {
        var site: String?
        var capturedAt: SnapshotTime?
        var originalURL: String?
        var related: [RelatedItem] = []
        var moreCategory: String?
        var warnings: [String] = []
    }

    private func readTail(_ range: Range<Int>) -> Tail {
        var tail = Tail()
        var pending: [Int] = []
        var undated = 0
        var line = range.lowerBound
        while line < range.upperBound {
            defer { line += 1 }
            if lines.isBlank(line) { continue }
            if isCrawlerFooter(line) {
                tail.site = siteName(line)
                pending.removeAll()
            } else if lines.hasPrefix(line, Marker.captured) {
                let value = valueAfterColon(line, keyLength: Marker.captured.count)
                tail.capturedAt = SnapshotTime(parsing: value)
                pending.removeAll()
            } else if lines.hasPrefix(line, Marker.disclaimer) {
                pending.removeAll()
            } else if lines.hasPrefix(line, Marker.originalAddress) {
                var url = valueAfterColon(line, keyLength: Marker.originalAddress.count)
                if url.isEmpty, line + 1 < range.upperBound,
                   lines.hasPrefix(line + 1, Marker.http) || lines.hasPrefix(line + 1, Marker.https) {
                    url = lines.string(line + 1)
                    line += 1
                }
                tail.originalURL = url.isEmpty ? nil : url
                pending.removeAll()
            } else if let more = moreCategory(line) {
                tail.moreCategory = more
                undated += pending.count
                pending.removeAll()
                break
            } else if let date = dateLine(line) {
                guard let excerptLine = pending.popLast() else {
                    tail.warnings.append("a related date with no excerpt")
                    continue
                }
                let title = pending.isEmpty ? nil : pending.map { lines.string($0) }.joined(separator: " ")
                tail.related.append(RelatedItem(title: title, excerpt: lines.string(excerptLine), publishedAt: date))
                pending.removeAll()
            } else {
                pending.append(line)
            }
        }
        undated += pending.count
        if undated > 0 { tail.warnings.append("\(undated) related line\(undated == 1 ? "" : "s") without a date") }
        return tail
    }

    private func valueAfterColon(_ line: Int, keyLength: Int) -> String {
        let colon = colonLength(line, at: keyLength)
        return lines.substring(line, from: keyLength + colon)
    }

    /// `…由td.fyun.cc爬虫进行采集…` names td.fyun.cc.
    private func siteName(_ line: Int) -> String? {
        guard let crawler = lines.firstOffset(of: Marker.crawler, in: line) else { return nil }
        var by: Int?
        var from = 0
        while let offset = lines.firstOffset(of: Marker.by, in: line, from: from), offset < crawler {
            by = offset
            from = offset + Marker.by.count
        }
        guard let by else { return nil }
        let name = lines.substring(line, from: by + Marker.by.count, to: crawler)
        return name.isEmpty ? nil : name
    }

    private func moreCategory(_ line: Int) -> String? {
        guard lines.hasPrefix(line, Marker.morePrefix),
              let suffix = lines.firstOffset(of: Marker.moreSuffix, in: line, from: Marker.morePrefix.count)
        else { return nil }
        let rest = lines.byteCount(line) - suffix - Marker.moreSuffix.count
        guard rest <= 3 else { return nil }
        let name = lines.substring(line, from: Marker.morePrefix.count, to: suffix)
        return name.isEmpty ? nil : name
    }

    /// A related item's date: the whole line is a date and time.
    private func dateLine(_ line: Int) -> SnapshotTime? {
        let count = lines.byteCount(line)
        guard count >= 10, count <= 19 else { return nil }
        let first = lines.bytes[lines.ranges[line].lowerBound]
        guard first >= 0x30, first <= 0x39 else { return nil }
        return SnapshotTime(parsing: lines.string(line))
    }
}
