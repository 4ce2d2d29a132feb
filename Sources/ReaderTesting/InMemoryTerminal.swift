import ReaderCore

/// A terminal in memory: renders the reader into a `ScreenBuffer` of a fixed
/// size and prints it as rows of text, so screen tests compare literal rows,
/// Chinese included. `widthMode` plays a terminal that draws East Asian
/// Ambiguous characters one or two columns wide.
public struct InMemoryTerminal {
    public var width: Int
    public var height: Int
    public var widthMode: WidthMode

    public init(width: Int, height: Int, widthMode: WidthMode = .standard) {
        self.width = width
        self.height = height
        self.widthMode = widthMode
    }

    /// What the reader draws, laid out in this terminal's width mode.
    public func screen(of reader: Reader) -> ScreenBuffer {
        WidthMode.$current.withValue(widthMode) {
            var screen = ScreenBuffer(width: width, height: height)
            reader.render(into: &screen)
            return screen
        }
    }

    /// The screen as text: one row per line, trailing spaces removed.
    public func text(of reader: Reader) -> String {
        screen(of: reader).rows.map { row in
            var trimmed = Substring(row)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            return String(trimmed)
        }.joined(separator: "\n") + "\n"
    }
}
