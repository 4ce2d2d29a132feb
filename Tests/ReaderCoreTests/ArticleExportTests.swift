import SnapshotFormat
import Testing
@testable import ReaderCore

/// `|` and `S` hand the open article to a command or a file: its control
/// characters must come out as stand-ins there too (a later `cat` of the
/// file, or the command printing what it reads, reaches the terminal).
@Suite struct ArticleExportTests {
    static let hostile = ArticleDocument(handle: 1, path: "a.txt", article: Article(
        id: "a", title: "标题\u{1B}]0;PWNED\u{07}", category: "国内", source: "来源\u{9B}31m", byline: nil,
        editorNote: "按\u{1B}[2J语", body: [BodyBlock(.paragraph, "正文\u{1B}]52;c;SEFDS0VE\u{07}\t段落\u{7F}"), BodyBlock(.heading, "小标题\u{1B}[5m")],
        snapshot: SnapshotInfo(originalURL: "https://example.com/\u{1B}x")))

    @Test(arguments: [false, true])
    func noControlCharacterLeavesThroughAPipeOrAFile(markdown: Bool) {
        let text = markdown ? ArticleExport.markdown(Self.hostile) : ArticleExport.plainText(Self.hostile)
        let controls = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F..<0xA0).contains($0.value) }
        #expect(controls.isEmpty, "\(text.debugDescription)")
        #expect(text.contains("标题^[]0;PWNED^G"))
        #expect(text.contains("正文^[]52;c;SEFDS0VE^G\t段落^?"))
        #expect(text.contains("来源<U+009B>31m"))
        #expect(text.contains("\n"), "line feeds stay")
    }
}
