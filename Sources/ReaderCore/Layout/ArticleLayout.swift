import Foundation
import SnapshotFormat

/// A line of the article pane: spans of text, each with its role.
public struct StyledLine: Equatable, Sendable {
    public var spans: [(text: String, role: Role)]

    public init(_ spans: [(String, Role)] = []) {
        self.spans = spans.map { (text: $0.0, role: $0.1) }
    }

    public static func == (lhs: StyledLine, rhs: StyledLine) -> Bool {
        lhs.spans.count == rhs.spans.count && zip(lhs.spans, rhs.spans).allSatisfy { $0.text == $1.text && $0.role == $1.role }
    }

    public var text: String { spans.map(\.text).joined() }
}

/// Lays an article out for a pane width: title, meta line, editor's note set
/// apart, body wrapped at display width by the Chinese line-breaking rules,
/// sub-headings styled, images as a marker, and the snapshot facts at the end.
public enum ArticleLayout {
    /// The article's lines; `copies`, when given, is the block after the
    /// meta line that lists the story's other snapshots.
    public static func lines(for document: ArticleDocument, width: Int, copies: CopiesBlock? = nil) -> [StyledLine] {
        let article = document.article
        let width = max(4, width)
        var lines = head(of: article, width: width)
        if let copies { lines += copies.lines(width: width) }
        if let note = article.editorNote {
            lines.append(StyledLine())
            let wrapped = LineBreaker.wrap(article.editorNoteLabel + note, width: width - 2)
            for line in wrapped { lines.append(StyledLine([("┃ ", .note), (line, .note)])) }
        }
        for block in article.body {
            lines.append(StyledLine())
            switch block.kind {
            case .paragraph:
                for line in LineBreaker.wrap(block.text, width: width) { lines.append(StyledLine([(line, .normal)])) }
            case .heading:
                // `■` is Ambiguous: the mark takes three columns under `ambiguous_width = 2`.
                let mark = "■ "
                for line in LineBreaker.wrap(block.text, width: width - DisplayWidth.of(mark)) { lines.append(StyledLine([(mark, .heading), (line, .heading)])) }
            case .image:
                lines.append(StyledLine([(DisplayWidth.truncate("▧ 图片", to: width), .dim)]))
            }
        }
        lines.append(StyledLine())
        lines.append(StyledLine([(String(repeating: "─", count: min(width, 24)), .dim)]))
        let url = article.snapshot.originalURL ?? "(no original address)"
        for line in LineBreaker.wrap("原文 " + url, width: width) { lines.append(StyledLine([(line, article.snapshot.originalURL == nil ? .dim : .link)])) }
        var capture: [String] = []
        if let site = article.snapshot.site { capture.append("快照 " + site) }
        if let time = article.snapshot.capturedAt { capture.append(time.shortString) }
        if !capture.isEmpty {
            for line in LineBreaker.wrap(capture.joined(separator: " · "), width: width) { lines.append(StyledLine([(line, .dim)])) }
        }
        for line in LineBreaker.wrap(document.path, width: width) { lines.append(StyledLine([(line, .dim)])) }
        if !article.warnings.isEmpty {
            for line in LineBreaker.wrap("⚠ " + article.warnings.joined(separator: "; "), width: width) {
                lines.append(StyledLine([(line, .warning)]))
            }
        }
        return lines
    }

    /// The title and the meta line, wrapped: the lines above the copies block.
    static func head(of article: Article, width: Int) -> [StyledLine] {
        let width = max(4, width)
        var lines: [StyledLine] = []
        for line in LineBreaker.wrap(article.title, width: width) { lines.append(StyledLine([(line, .title)])) }
        let meta = [article.category, article.publishedAt?.shortString, article.source, article.byline]
            .compactMap { $0 }.joined(separator: " · ")
        for line in LineBreaker.wrap(meta, width: width) where !meta.isEmpty { lines.append(StyledLine([(line, .meta)])) }
        return lines
    }

    /// Splits spans so that occurrences of the terms (ignoring ASCII case and
    /// the Chinese script) get the search-hit role. Text and terms are both
    /// compared through `ScriptFold`, the fold the search index uses, so
    /// `/書店` marks 书店 and `/书店` marks 書店 just as the search found them.
    public static func highlight(_ line: StyledLine, terms: [String]) -> StyledLine {
        let terms = terms.filter { !$0.isEmpty }.map { ScriptFold.fold($0) }
        guard !terms.isEmpty else { return line }
        var result: [(String, Role)] = []
        for span in line.spans {
            // A folded character keeps its UTF-8 length, so a UTF-8 offset into the
            // folded text is the same offset into the shown text.
            let text = span.text
            let folded = ScriptFold.fold(text)
            var rest = Substring(folded)
            var shownStart = text.startIndex
            func shown(_ index: Substring.Index) -> String.Index {
                text.utf8.index(text.startIndex, offsetBy: folded.utf8.distance(from: folded.startIndex, to: index))
            }
            while !rest.isEmpty {
                var earliest: Range<Substring.Index>?
                for term in terms {
                    guard let found = rest.range(of: term, options: .caseInsensitive) else { continue }
                    if let current = earliest, current.lowerBound <= found.lowerBound { continue }
                    earliest = found
                }
                guard let hit = earliest else {
                    result.append((String(text[shownStart...]), span.role))
                    break
                }
                let hitStart = shown(hit.lowerBound), hitEnd = shown(hit.upperBound)
                if hitStart > shownStart { result.append((String(text[shownStart..<hitStart]), span.role)) }
                result.append((String(text[hitStart..<hitEnd]), .searchHit))
                rest = rest[hit.upperBound...]
                shownStart = hitEnd
            }
        }
        return StyledLine(result)
    }
}

/// The story's other snapshots as the article's head lists them: a line
/// saying how many and how to reach them (the related pane lists them all and
/// opens one with Enter; the diff key compares), then a few of them, one a
/// line (publish time, source, capture time), and "+N more" beyond.
public struct CopiesBlock: Equatable, Sendable {
    public var copies: [CopySummary]
    /// How many are listed one a line (fewer on a short pane; 0: the count line only).
    public var shown: Int
    /// The keys named on the count line, from the keymap in force.
    public var relatedKey: String?
    public var diffKey: String?
    /// The open snapshot's title as its file has it (not as `z` shows it): a copy's own title is listed when it differs.
    public var openTitle: String?

    /// A block of these copies, `shown` of them listed.
    public init(copies: [CopySummary], shown: Int, relatedKey: String?, diffKey: String?, openTitle: String?) {
        self.openTitle = openTitle
        self.copies = copies
        self.shown = shown
        self.relatedKey = relatedKey
        self.diffKey = diffKey
    }

    /// How many a pane with `bodyHeight` rows lists: three on a tall pane,
    /// one on a middling one, none (the count line alone) at 40x12.
    public static func shown(forBodyHeight bodyHeight: Int) -> Int {
        bodyHeight >= 16 ? 3 : bodyHeight >= 12 ? 1 : 0
    }

    /// What a line of the block is, by its offset from the block's first line.
    enum Line: Equatable {
        /// The count line, or "+N more": both lead to the related pane's list (at this entry).
        case toList(entry: Int)
        /// A copy listed one a line: it opens.
        case copy(Int)
    }

    /// The line at an offset from the block's first line, if the block has one there.
    func line(at offset: Int) -> Line? {
        guard !copies.isEmpty, offset >= 0 else { return nil }
        let listed = min(copies.count, max(0, shown))
        if offset == 0 { return .toList(entry: 0) }
        if offset <= listed { return .copy(offset - 1) }
        if offset == listed + 1, listed > 0, copies.count > listed { return .toList(entry: listed) }
        return nil
    }

    func lines(width: Int) -> [StyledLine] {
        guard !copies.isEmpty else { return [] }
        let wide = width >= 58
        let count = copies.count == 1 ? "1 other snapshot" : "\(copies.count) other snapshots"
        // The pane's own title says "3 Related": the key and the name as the person sees them there.
        var ways: [String] = []
        if let relatedKey { ways.append("\(relatedKey) Related") }
        if let diffKey { ways.append("\(diffKey) diff") }
        let header = "= " + (wide ? count + " of this story" : count) + (ways.isEmpty ? "" : (wide ? " · " : ": ") + ways.joined(separator: wide ? " · " : ", "))
        var lines = [StyledLine([(DisplayWidth.truncate(header, to: width), .dim)])]
        let listed = copies.prefix(max(0, shown))
        for copy in listed {
            let text = "  " + RelatedView.copyLine(copy, openTitle: openTitle, compact: !wide, width: width - 2)
            lines.append(StyledLine([(DisplayWidth.truncate(text, to: width), .meta)]))
        }
        if !listed.isEmpty, copies.count > listed.count {
            lines.append(StyledLine([("  +\(copies.count - listed.count) more", .dim)]))
        }
        return lines
    }
}
