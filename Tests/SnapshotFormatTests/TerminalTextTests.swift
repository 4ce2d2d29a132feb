import Testing
import SnapshotFormat

/// The one sanitiser for text on its way to a terminal.
@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("\u{1B}]0;title\u{07}", "^[]0;title^G"),
        ("清屏\u{1B}[2J", "清屏^[[2J"),
        ("\u{1B}]52;c;aGk=\u{07}", "^[]52;c;aGk=^G"),
        ("a\u{7F}b", "a^?b"),
        ("\u{00}\u{01}\u{1F}", "^@^A^_"),
        ("C1 \u{9B}31m \u{80}\u{9F}", "C1 <U+009B>31m <U+0080><U+009F>"),
        ("行\r覆盖", "行^M覆盖"),
        ("名\n字\t表", "名^J字^I表"),
        ("大众报业·齐鲁壹点\u{A0}é", "大众报业·齐鲁壹点\u{A0}é"),
        ("", ""),
    ])
    func oneLineShowsEveryControl(text: String, shown: String) {
        #expect(TerminalText.visible(text, in: .oneLine) == shown)
    }

    @Test func linesKeepTabAndLineFeedOnly() {
        #expect(TerminalText.visible("一\n二\t三\r\u{1B}[m\u{85}", in: .lines) == "一\n二\t三^M^[[m<U+0085>")
    }

    @Test func standInsArePrintableAndCleaningTwiceChangesNothing() {
        for value in UInt32(0)..<0x100 {
            guard let standIn = TerminalText.standIn(for: value, in: .oneLine) else {
                #expect(!(value < 0x20 || (0x7F..<0xA0).contains(value)), "U+\(value) has no stand-in")
                continue
            }
            #expect(standIn.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "\(standIn)")
            #expect(TerminalText.visible(standIn) == standIn)
        }
    }

    /// The 16-byte fast check against the plain definition, on random text
    /// made mostly of what the check must let through (Chinese, `·`, é).
    @Test(arguments: [TerminalText.Context.oneLine, .lines])
    func fastCheckAgreesWithTheDefinition(context: TerminalText.Context) {
        let pieces: [String] = ["国", "内", "·", "é", "\u{A0}", "a", " ", "\t", "\n", "\r", "\u{1B}", "\u{7F}", "\u{85}", "\u{9B}", "😀", "\u{9F}", "\u{A9}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<80, using: &generator)
            var text = ""
            for _ in 0..<length {
                // Mostly plain text, so that hits land anywhere in a block.
                let index = Int.random(in: 0..<100, using: &generator) < 90 ? Int.random(in: 0..<7, using: &generator)
                    : Int.random(in: 0..<pieces.count, using: &generator)
                text += pieces[index]
            }
            let bytes = Array(text.utf8)
            var expected = bytes.count
            var offset = 0
            for scalar in text.unicodeScalars {
                if TerminalText.standIn(for: scalar.value, in: context) != nil {
                    expected = offset
                    break
                }
                offset += String(scalar).utf8.count
            }
            let found = bytes.withUnsafeBytes { TerminalText.plainPrefix($0, in: context) }
            #expect(found == expected, "\(Array(text.unicodeScalars.map(\.value)))")
            var appended: [UInt8] = []
            bytes.withUnsafeBytes { TerminalText.append($0, in: context, to: &appended) }
            #expect(String(decoding: appended, as: UTF8.self) == TerminalText.visible(text, in: context))
        }
    }
}
