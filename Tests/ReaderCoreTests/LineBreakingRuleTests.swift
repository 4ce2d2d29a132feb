import Foundation
import SnapshotFormat
import Testing
@testable import ReaderCore

/// The line-start and line-end prohibitions of clreq, on made-up lines and on
/// every paragraph of the real sample and the demo corpus.
@Suite struct LineBreakingRuleTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The texts of every snapshot in the demo corpus and the shared sample:
    /// titles, editor's notes, paragraphs and headings.
    static func corpusTexts() throws -> [String] {
        var files = [packageRoot + "/../shared/samples/000_088c11af44b8187a.txt"]
        let demo = packageRoot + "/Demo/corpus"
        let enumerator = FileManager.default.enumerator(atPath: demo)
        while let name = enumerator?.nextObject() as? String {
            if name.hasSuffix(".txt") { files.append(demo + "/" + name) }
        }
        var texts: [String] = []
        var parsed = 0
        for file in files {
            guard let article = try? SnapshotParser.parse(fileAt: file) else { continue }
            parsed += 1
            texts.append(article.title)
            if let note = article.editorNote { texts.append("【编者按】" + note) }
            texts += article.body.map(\.text)
            texts += article.related.map(\.excerpt)
        }
        #expect(FileManager.default.fileExists(atPath: files[0]), "the real sample is missing at \(files[0]): check out ../shared beside the repository")
        #expect(parsed > 30, "the demo corpus and the sample were read")
        return texts
    }

    /// clreq's marks, written out here so that a mark dropped from the
    /// breaker's lists shows up as a line that starts or ends wrongly.
    static let mayNotStart = Set("」』】〗〕］｝〉》）〙〛”’。．，、：；？！・·‥…々〻ゝゞヽヾ～%‰")
    static let mayNotEnd = Set("「『【〖〔［｛〈《（〘〚“‘")

    static func check(_ text: String, width: Int, mode: WidthMode, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = LineBreaker.wrap(text, width: width, mode: mode)
        for (number, line) in lines.enumerated() {
            #expect(DisplayWidth.of(line, mode: mode) <= width, "line \(number) of \(text) is wider than \(width): \(line)", sourceLocation: sourceLocation)
            if number > 0, let first = line.first {
                #expect(!mayNotStart.contains(first), "at \(width) a line starts with \(first): \(lines)", sourceLocation: sourceLocation)
            }
            if number < lines.count - 1, let last = line.last {
                #expect(!mayNotEnd.contains(last), "at \(width) a line ends with \(last): \(lines)", sourceLocation: sourceLocation)
            }
        }
        // Nothing is lost or added but the spaces at the breaks.
        #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, sourceLocation: sourceLocation)
    }

    @Test func theListsHoldClreqsMarks() {
        for mark in Self.mayNotStart {
            #expect(LineBreaker.noLineStart.contains(mark), "\(mark) may not start a line")
        }
        for mark in Self.mayNotEnd {
            #expect(LineBreaker.noLineEnd.contains(mark), "\(mark) may not end a line")
        }
    }

    /// Each mark placed just where a plain wrap would put it at the start of
    /// the second line (or an opener at the end of the first).
    @Test(arguments: [WidthMode.standard, .ambiguousWide])
    func noMarkLandsWhereItMayNot(mode: WidthMode) {
        for mark in Self.mayNotStart.union(LineBreaker.noLineStart) {
            for width in [8, 9, 10, 11] {
                Self.check("一二三四五六七八九十" + String(mark) + "甲乙丙丁", width: width, mode: mode)
                Self.check("一二三四" + String(mark) + String(mark) + "五六七八九十", width: width, mode: mode)
            }
        }
        for mark in Self.mayNotEnd.union(LineBreaker.noLineEnd) {
            for width in [8, 9, 10, 11] {
                Self.check("一二三四" + String(mark) + "五六七八九十甲乙丙丁", width: width, mode: mode)
            }
        }
    }

    @Test func theIssuesCaseAndIndivisibleMarks() {
        // ］ after a full line used to open the next one.
        let text = "发布会上公布了［2024］第3号文件的全文内容，并答记者问［完］"
        for width in 6...40 { Self.check(text, width: width, mode: .standard) }
        // …… and —— stay whole (a dash may open a line, half of one may not).
        for width in 4...12 {
            let lines = LineBreaker.wrap("他说：“我们再等等……”然后——走了。", width: width)
            for (line, next) in zip(lines, lines.dropFirst()) {
                #expect(!next.hasPrefix("…"), "\(lines)")
                #expect(!(line.hasSuffix("—") && next.hasPrefix("—")), "\(lines)")
            }
        }
        // A run of marks wider than the line still wraps, one character at least a line.
        #expect(LineBreaker.wrap("。。。。。。", width: 4).joined() == "。。。。。。")
        #expect(LineBreaker.wrap("（（（（（（", width: 4).joined() == "（（（（（（")
    }

    /// Every text of the sample and the demo at many widths, in both width modes.
    @Test(arguments: [WidthMode.standard, .ambiguousWide])
    func realTextsAtManyWidths(mode: WidthMode) throws {
        let texts = try Self.corpusTexts()
        for width in [12, 20, 30, 36, 38, 40, 44, 58, 60, 78, 80] {
            for text in texts { Self.check(text, width: width, mode: mode) }
        }
    }
}
