import Foundation
import Testing
@testable import ReaderCore

/// `ambiguous_width = 2`: East Asian Ambiguous characters take two columns in
/// every width, in the screen buffer and in the reader's screens.
@Suite struct AmbiguousWidthTests {
    @Test func ambiguousCharactersAreTwoColumnsOnlyInTheWideMode() {
        for character in "·•★→…“”°×←↑■▧" {
            #expect(DisplayWidth.of(character, mode: .standard) == 1, "\(character)")
            #expect(DisplayWidth.of(character, mode: .ambiguousWide) == 2, "\(character)")
            #expect(character.unicodeScalars.allSatisfy(DisplayWidth.isAmbiguous))
        }
        // Neither mode changes Latin, Chinese, full-width punctuation or combining marks.
        for (text, width) in [("abc", 3), ("合作社", 6), ("，。《》", 8), ("e\u{301}", 1), ("👨‍👩‍👧", 2), ("", 0)] {
            #expect(DisplayWidth.of(text, mode: .standard) == width, "\(text)")
            #expect(DisplayWidth.of(text, mode: .ambiguousWide) == width, "\(text)")
            #expect(!text.unicodeScalars.contains(where: DisplayWidth.isAmbiguous))
        }
        // Box drawing keeps one column, and the buffer draws it in ASCII.
        for character in "│─┌┐└┘├┤┬┴┼━┃" {
            #expect(DisplayWidth.of(character, mode: .ambiguousWide) == 1, "\(character)")
            #expect(DisplayWidth.narrowGlyph(for: character, mode: .standard) == nil)
        }
        #expect(String("─│┌┼╳".compactMap { DisplayWidth.narrowGlyph(for: $0, mode: .ambiguousWide) }) == "-|++X")
        #expect(DisplayWidth.of("文化 · 2023 → 运河“日报”", mode: .standard) == 24)
        #expect(DisplayWidth.of("文化 · 2023 → 运河“日报”", mode: .ambiguousWide) == 28)
    }

    @Test func theModeInForceIsScoped() async {
        #expect(WidthMode.current == .standard)
        #expect(DisplayWidth.of("★") == 1)
        WidthMode.$current.withValue(.ambiguousWide) {
            #expect(DisplayWidth.of("★") == 2)
            #expect(ScreenBuffer(width: 4, height: 1).widthMode == .ambiguousWide)
            #expect(LineBreaker.wrap("★★★", width: 4) == ["★★", "★"])
        }
        // Tasks running side by side each keep their own.
        await withTaskGroup(of: Int.self) { group in
            for mode in [WidthMode.standard, .ambiguousWide, .standard, .ambiguousWide] {
                group.addTask { WidthMode.$current.withValue(mode) { DisplayWidth.of("→→") * 10 + mode.ambiguousColumns } }
            }
            for await result in group { #expect(result == 21 || result == 42) }
        }
        #expect(DisplayWidth.of("★") == 1)
    }

    @Test func truncationLeavesRoomForATwoColumnEllipsis() {
        let text = "合作社·乡村振兴报告"
        for width in 1...22 {
            let cut = DisplayWidth.truncate(text, to: width, mode: .ambiguousWide)
            #expect(DisplayWidth.of(cut, mode: .ambiguousWide) <= width, "\(width): \(cut)")
            if DisplayWidth.of(text, mode: .ambiguousWide) > width, width >= 2 { #expect(cut.hasSuffix("…"), "\(width): \(cut)") }
        }
        #expect(DisplayWidth.truncate(text, to: 10, mode: .ambiguousWide) == "合作社·…")
        #expect(DisplayWidth.truncate(text, to: 10, mode: .standard) == "合作社·乡…")
    }

    @Test func theBufferPlacesAmbiguousCharactersOnTwoCells() {
        var screen = ScreenBuffer(width: 8, height: 2, widthMode: .ambiguousWide)
        #expect(screen.write("a·b★", x: 0, y: 0, limit: 8, role: .normal) == 6)
        #expect(screen[1, 0].text == "·" && screen[2, 0].isContinuation && screen[3, 0].text == "b")
        #expect(screen[4, 0].text == "★" && screen[5, 0].isContinuation)
        // One that would not fit whole at the edge becomes a space.
        #expect(screen.write("abc→", x: 5, y: 1, limit: 3, role: .normal) == 3)
        #expect(screen.rows[1] == "     abc")
        screen.write("合", x: 5, y: 0, limit: 2, role: .normal)
        #expect(screen.rows[0] == "a·b 合 ", "half of ★ overwritten blanks the other half")
        var box = ScreenBuffer(width: 4, height: 1, widthMode: .ambiguousWide)
        #expect(box.write("┌─│┐", x: 0, y: 0, limit: 4, role: .normal) == 4)
        #expect(box.rows == ["+-|+"])
        // A view that left one column for an unread • or a ★ still shows a mark.
        var marks = ScreenBuffer(width: 6, height: 1, widthMode: .ambiguousWide)
        marks.write("•", x: 0, y: 0, limit: 1, role: .unread)
        marks.write("★", x: 1, y: 0, limit: 1, role: .bookmark)
        marks.write(" → ", x: 2, y: 0, limit: 3, role: .link)
        #expect(marks.rows == ["** → "])
        #expect(marks.write("合", x: 5, y: 0, limit: 1, role: .normal) == 1)
        #expect(marks.rows == ["** → "], "a Chinese character has no stand-in: a space")
        var narrow = ScreenBuffer(width: 8, height: 1, widthMode: .standard)
        #expect(narrow.write("a·b★", x: 0, y: 0, limit: 8, role: .normal) == 4)
    }
}
