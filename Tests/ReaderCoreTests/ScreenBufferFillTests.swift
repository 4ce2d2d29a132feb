import Testing
@testable import ReaderCore

/// A popup's box is a `fill`, then its border and text. Where its edge cuts a
/// wide character of the pane below, the half left outside must go blank too:
/// a lead cell kept beside a blank makes the terminal draw the character over
/// the box's first column, and the border lands one column late (what the
/// `S` question over a Chinese paragraph showed after Ctrl-L).
struct ScreenBufferFillTests {
    static func buffer() -> ScreenBuffer {
        var buffer = ScreenBuffer(width: 10, height: 1, widthMode: .standard)
        buffer.write("游客引进公", x: 0, y: 0, limit: 10, role: .normal)
        return buffer
    }

    /// Every lead cell of a wide character is followed by its continuation, and every continuation follows one.
    static func expectWholeWideCharacters(_ buffer: ScreenBuffer, sourceLocation: SourceLocation = #_sourceLocation) {
        for x in 0..<buffer.width {
            let cell = buffer[x, 0]
            if cell.isContinuation {
                #expect(x > 0 && DisplayWidth.of(buffer[x - 1, 0].text, mode: .standard) == 2, "an orphan half at \(x)", sourceLocation: sourceLocation)
            } else if DisplayWidth.of(cell.text, mode: .standard) == 2 {
                #expect(x + 1 < buffer.width && buffer[x + 1, 0].isContinuation, "a wide character without its half at \(x)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func aFillFromTheRightHalfOfAWideCharacterBlanksItsLeftHalf() {
        var buffer = Self.buffer()
        buffer.fill(Rect(x: 3, y: 0, width: 4, height: 1), role: .normal)
        #expect(buffer.rows == ["游 " + "    " + " 公"])
        Self.expectWholeWideCharacters(buffer)
    }

    @Test func aFillEndingOnTheLeftHalfOfAWideCharacterBlanksItsRightHalf() {
        var buffer = Self.buffer()
        buffer.fill(Rect(x: 0, y: 0, width: 5, height: 1), role: .normal)
        #expect(buffer.rows == ["     " + " " + "进公"])
        Self.expectWholeWideCharacters(buffer)
    }

    @Test func aBorderWrittenAfterTheFillKeepsItsColumn() {
        var buffer = Self.buffer()
        buffer.fill(Rect(x: 5, y: 0, width: 5, height: 1), role: .normal)
        buffer.write("│", x: 5, y: 0, limit: 1, role: .normal)
        #expect(buffer.rows == ["游客 " + "│" + "    "])
        Self.expectWholeWideCharacters(buffer)
    }
}
