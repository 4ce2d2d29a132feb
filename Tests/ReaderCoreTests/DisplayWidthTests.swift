import Testing
@testable import ReaderCore

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("国内", 4), ("。，：、《", 10), ("“”—…·", 5), ("e\u{0301}", 1),
        ("👍", 2), ("👍🏽", 2), ("👩‍👩‍👧", 2), ("🇨🇳", 2), ("❤️", 2), ("ｱ", 1), ("Ａ", 2), ("\u{1}", 0), ("한국", 4),
    ])
    func widths(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test func prefixNeverSplitsAWideCharacter() {
        let (head, used) = DisplayWidth.prefix(of: "ab国内c", fitting: 3)
        #expect(head == "ab")
        #expect(used == 2)
        #expect(DisplayWidth.truncate("聚焦实敢当工作", to: 7) == "聚焦实…")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
    }

    /// The shortcut for CJK ideographs agrees with the generated table.
    @Test func ideographsAreWideInTheTable() {
        let wide = (0x4E00...0x9FFF).filter { value in WidthTables.doubleWidth.contains { $0.contains(UInt32(value)) } }
        #expect(wide.count == 0x9FFF - 0x4E00 + 1)
    }

    /// Truncation in one pass gives what its definition says: the text when
    /// it fits, else the widest prefix that leaves a column for "…".
    @Test func truncationMatchesItsDefinition() {
        let pieces = ["a", "Z", " ", "国", "，", "“", "👍", "e\u{0301}", "🇨🇳", "한", "|", "…", "\u{1}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let width = Int.random(in: 0...16, using: &generator)
            let expected: String
            if width <= 0 {
                expected = ""
            } else if DisplayWidth.of(text) <= width {
                expected = text
            } else {
                expected = String(DisplayWidth.prefix(of: text, fitting: width - 1).0) + "…"
            }
            #expect(DisplayWidth.truncate(text, to: width) == expected, "\(text.debugDescription) to \(width)")
        }
    }
}

@Suite struct LineBreakerTests {
    @Test func wrapsChineseAtDisplayWidth() {
        let lines = LineBreaker.wrap("在随后的环境整治活动中社区志愿者们及时清理小区周边的垃圾", width: 10)
        #expect(lines == ["在随后的环", "境整治活动", "中社区志愿", "者们及时清", "理小区周边", "的垃圾"])
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 10 })
    }

    @Test func closingPunctuationNeverStartsALine() {
        // A naive cut would start line two with "，".
        let lines = LineBreaker.wrap("一二三四五，六七八", width: 10)
        #expect(lines == ["一二三四", "五，六七八"])
        let quoted = LineBreaker.wrap("他说好的。”然后走了", width: 10)
        #expect(quoted.allSatisfy { line in !"，。、；：？！”’）》…".contains(line.first!) })
        #expect(quoted.joined() == "他说好的。”然后走了")
    }

    @Test func openingPunctuationNeverEndsALine() {
        let lines = LineBreaker.wrap("一二三四“五六七八”", width: 10)
        #expect(lines == ["一二三四", "“五六七八”"])
    }

    @Test func ellipsisPairStaysTogether() {
        let lines = LineBreaker.wrap("一二三四……五六", width: 10)
        #expect(lines.allSatisfy { !$0.hasPrefix("…") })
        #expect(lines.joined() == "一二三四……五六")
    }

    @Test func latinWordsStayWholeAndSpacesAreDropped() {
        #expect(LineBreaker.wrap("hello brave new world", width: 11) == ["hello brave", "new world"])
        #expect(LineBreaker.wrap("中文text混排", width: 8) == ["中文text", "混排"])
        #expect(LineBreaker.wrap("abcdefghijkl", width: 5) == ["abcde", "fghij", "kl"])
        #expect(LineBreaker.wrap("", width: 5) == [""])
    }

    @Test(arguments: [1, 2, 3, 7, 40])
    func neverOverflowsExceptASingleWideCharacterInOneColumn(width: Int) {
        let text = "聚焦“实敢当”工作亮点多|凝聚基层治理合力,助力创建文明城市 with some English words……“好。”"
        for line in LineBreaker.wrap(text, width: width) {
            #expect(DisplayWidth.of(line) <= max(width, 2))
        }
    }
}

@Suite struct DisplayWidthFastPathTests {
    /// The scalar-by-scalar fast path gives exactly the per-cluster widths,
    /// whatever the mix (random strings from a fixed seed).
    @Test func fastPathAgreesWithClusters() {
        let pool: [String] = ["a", "Z", " ", "国", "。", "“", "…", "·", "e\u{0301}", "\u{0301}", "👍", "🏽", "\u{200D}", "👩",
                              "\u{FE0F}", "❤", "🇨", "🇳", "한", "\u{1161}", "ｱ", "Ａ", "\t", "\u{3000}"]
        var state: UInt64 = 42
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int(state % 12) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pool[Int(state >> 33) % pool.count]
            }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let expected = text.reduce(0) { $0 + DisplayWidth.of($1) }
            #expect(DisplayWidth.of(text) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            for limit in [0, 1, 2, 5, 9] {
                let (head, used) = DisplayWidth.prefix(of: text, fitting: limit)
                #expect(used <= limit)
                #expect(DisplayWidth.of(head) == used)
                #expect(text.hasPrefix(head))
            }
        }
    }
}
