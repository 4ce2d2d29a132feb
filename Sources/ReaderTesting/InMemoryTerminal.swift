import ReaderCore

/// A terminal in memory: renders the reader into a `ScreenBuffer` of a fixed
/// size and prints it as rows of text, so screen tests compare literal rows,
/// Chinese included.
public struct InMemoryTerminal {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public func screen(of reader: Reader) -> ScreenBuffer {
        var screen = ScreenBuffer(width: width, height: height)
        reader.render(into: &screen)
        return screen
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
