import ReaderCore

/// A terminal in memory: renders the reader's model into a `ScreenBuffer`
/// of a fixed size and prints it as rows of text, so screen tests compare
/// literal rows, Chinese included. `widthMode` plays a terminal that draws
/// East Asian Ambiguous characters one or two columns wide.
public struct InMemoryTerminal {
    public var width: Int
    public var height: Int
    public var widthMode: WidthMode

    /// A terminal of a size (the model is drawn at its own size; give the same).
    public init(width: Int, height: Int, widthMode: WidthMode = .standard) {
        self.width = width
        self.height = height
        self.widthMode = widthMode
    }

    /// The model drawn into a buffer of this terminal's size, in its width mode.
    public func screen(of model: ReaderModel) -> ScreenBuffer {
        WidthMode.$current.withValue(widthMode) {
            var screen = ScreenBuffer(width: width, height: height)
            Reader.render(model, into: &screen)
            return screen
        }
    }

    /// The harness's model drawn.
    public func screen(of harness: ReaderHarness) -> ScreenBuffer { screen(of: harness.model) }

    /// The screen as text: one row per line, trailing spaces removed.
    public func text(of model: ReaderModel) -> String {
        screen(of: model).rows.map { row in
            var trimmed = Substring(row)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            return String(trimmed)
        }.joined(separator: "\n") + "\n"
    }

    /// The harness's screen as text.
    public func text(of harness: ReaderHarness) -> String { text(of: harness.model) }
}
